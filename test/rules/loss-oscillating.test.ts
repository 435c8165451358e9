import { testRule } from '../helpers/rule-tester.js';
import { lossOscillating } from '../../src/rules/loss-oscillating.js';
import { descending, healthyRun, makeOverfitRun, makeOverfitRuns } from '../helpers/overfit-builders.js';

/** Rises on `ups` of every `period` steps, by 10 %. */
function bouncing(steps: number, ups: number, period: number): number[] {
  const out = [2];
  for (let i = 1; i <= steps; i++) out.push(i % period < ups ? out[i - 1]! * 1.1 : out[i - 1]! / 1.1);
  return out.map((v) => Number(v.toPrecision(6)));
}

testRule(lossOscillating, {
  valid: [
    { name: 'monotone descent', artifacts: makeOverfitRuns([makeOverfitRun({ losses: descending(1.1, 0.8, 400) })]) },
    { name: 'a bouncing fit that reached its target', artifacts: makeOverfitRuns([{ ...makeOverfitRun({ losses: bouncing(40, 1, 2) }), fittedAtStep: 40, stopReason: 'fitted' }]) },
    { name: 'rises on exactly a quarter of the steps', artifacts: makeOverfitRuns([makeOverfitRun({ losses: bouncing(400, 1, 4) })]), onThreshold: true },
    { name: 'healthy', artifacts: makeOverfitRuns([healthyRun(0)]) },
  ],
  invalid: [
    {
      name: 'a loss that rises every other step',
      artifacts: makeOverfitRuns([makeOverfitRun({ class: 0, losses: bouncing(400, 1, 2) })]),
      issues: [{ message: /loss rose on 50% of steps \(between 1\.82 and 2\) in 1 of 1 fits/, hint: /lower the learning rate 0\.001 → 1e-4/, data: { upShare: 0.5, maxUpShare: 0.25 } }],
    },
  ],
});
