import { testRule } from '../helpers/rule-tester.js';
import { lossNotDecreasing } from '../../src/rules/loss-not-decreasing.js';
import { descending, healthyRun, makeOverfitRun, makeOverfitRuns } from '../helpers/overfit-builders.js';

testRule(lossNotDecreasing, {
  valid: [
    { name: 'fitted runs', artifacts: makeOverfitRuns([healthyRun(0), healthyRun(1)]) },
    { name: 'a slow but clear decrease', artifacts: makeOverfitRuns([makeOverfitRun({ losses: descending(1.1, 0.8, 400) })]) },
    { name: 'a decrease of exactly 1 %', artifacts: makeOverfitRuns([makeOverfitRun({ losses: descending(1, 0.99, 400) })]), onThreshold: true },
    { name: 'a flat fit that was already on target at step 0', artifacts: makeOverfitRuns([makeOverfitRun({ losses: [0.01], fittedAtStep: 0 })]) },
  ],
  invalid: [
    {
      name: 'a learning rate far too low',
      artifacts: makeOverfitRuns([makeOverfitRun({ class: 2, losses: descending(1.1, 1.0999, 400) })], { learningRate: 1e-7 }),
      issues: [{ message: /loss fell by 0\.0% or less \(1\.1 → 1\.1 in 400 steps\) in 1 of 1 fits \(class 2 from a fresh initialisation\)/, hint: /too low for adam: try 0\.001 \(its usual value\)/, data: { runs: 1, cause: 'loss-flat' } }],
    },
    {
      name: 'dead layers',
      artifacts: makeOverfitRuns([makeOverfitRun({ losses: new Array(20).fill(2.3), zero: new Array(20).fill([[1, 1], [0.5, 0]]) })]),
      issues: [{ message: /loss fell by 0\.0% or less/, hint: /dead ReLU units/ }],
    },
  ],
});
