import { testRule } from '../helpers/rule-tester.js';
import { lossDiverging } from '../../src/rules/loss-diverging.js';
import { descending, healthyRun, makeOverfitRun, makeOverfitRuns } from '../helpers/overfit-builders.js';

testRule(lossDiverging, {
  valid: [
    { name: 'descending losses', artifacts: makeOverfitRuns([healthyRun(0)]) },
    { name: 'a small rise of 10 %', artifacts: makeOverfitRuns([makeOverfitRun({ losses: descending(1, 1.1, 400) })]) },
    { name: 'a rise of exactly 25 %', artifacts: makeOverfitRuns([makeOverfitRun({ losses: new Array(100).fill(1).map((v, i) => (i === 0 ? 1 : 1.25)) })]), onThreshold: true },
    { name: 'a NaN run (nan-loss reports it)', artifacts: makeOverfitRuns([makeOverfitRun({ losses: [1, 5, 50, null], nonFiniteLossStep: 3 })]) },
  ],
  invalid: [
    {
      name: 'a loss stuck at the clipping limit after the first step',
      artifacts: makeOverfitRuns([makeOverfitRun({ class: 1, losses: [1.1, ...new Array(400).fill(16.1)] })], { learningRate: 10 }),
      issues: [{ message: /loss rose by up to 1364% \(1\.1 → 16\.1\) in 1 of 1 fits \(class 1/, hint: /learning rate 10 is too high for adam: try 1/, data: { maxRise: 0.25, learningRate: 10 } }],
    },
  ],
});
