import { testRule } from '../helpers/rule-tester.js';
import { nanLoss } from '../../src/rules/nan-loss.js';
import { healthyRun, makeOverfitRun, makeOverfitRuns } from '../helpers/overfit-builders.js';

testRule(nanLoss, {
  noThreshold: true,
  valid: [
    { name: 'finite losses and gradients', artifacts: makeOverfitRuns([healthyRun(0), healthyRun(1)]) },
    { name: 'a loss of 16 (clipped, still finite)', artifacts: makeOverfitRuns([makeOverfitRun({ losses: [16.1, 16.1, 16.1] })]) },
  ],
  invalid: [
    {
      name: 'a loss that turns NaN',
      artifacts: makeOverfitRuns([healthyRun(0), makeOverfitRun({ class: 1, losses: [1.1, 40, null], nonFiniteLossStep: 2 })]),
      issues: [{ message: /the loss became NaN\/Inf at step 2 in 1 of 2 fits \(class 1 from a fresh initialisation\); the loss was 1\.1 at the start/, hint: /0\.001 → 1e-4/, data: { runs: 1, of: 2, firstStep: 2, what: 'loss' } }],
    },
    {
      name: 'a NaN gradient before the loss',
      artifacts: makeOverfitRuns([makeOverfitRun({ class: 0, losses: [1.1, 1e30, null], nonFiniteGradStep: 1, nonFiniteLossStep: 2 })]),
      issues: [{ message: /the gradient became NaN\/Inf at step 1/, data: { firstStep: 1, what: 'gradient' } }],
    },
  ],
});
