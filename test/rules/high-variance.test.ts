import { highVariance } from '../../src/rules/high-variance.js';
import { testRule } from '../helpers/rule-tester.js';
import { makeCurve } from '../helpers/learning-curve-builders.js';

const quickBudget = makeCurve({ stoppedBy: 'epochs', recentLossDrop: 0.3, quick: true, points: { 3: [[0], [0.9]], 240: [[0.4], [0.7]] } });

testRule(highVariance, {
  valid: [
    { name: 'a quick-mode curve whose small budget ran out while the loss still fell', artifacts: { LearningCurveRuns: quickBudget } },
    { name: 'a healthy digits curve (gap 0.025)', artifacts: { LearningCurveRuns: makeCurve({ points: { 1: [[0], [0.9]], 481: [[0.05], [0.1]], 1346: [[0.037], [0.062]] } }) } },
    { name: 'a gap exactly at maxGap', artifacts: { LearningCurveRuns: makeCurve({ points: { 30: [[0], [0.3]], 60: [[0], [0.1]] } }) }, options: { maxGap: 0.1 }, onThreshold: true },
    { name: 'a large gap with a flat test curve', artifacts: { LearningCurveRuns: makeCurve({ points: { 30: [[0], [0.205]], 60: [[0], [0.2]] } }) } },
    { name: 'a largest size below the full training set', artifacts: { LearningCurveRuns: makeCurve({ poolRows: 1000, points: { 30: [[0], [0.4]], 60: [[0], [0.2]] } }) } },
    { name: 'a single size', artifacts: { LearningCurveRuns: makeCurve({ points: { 60: [[0], [0.4]] } }) } },
  ],
  invalid: [
    {
      name: 'an over-parameterised model on 60 rows',
      artifacts: { LearningCurveRuns: makeCurve({ points: { 1: [[0, 0], [0.9, 0.9]], 33: [[0, 0], [0.253, 0.255]], 60: [[0, 0], [0.142, 0.178]] } }) },
      issues: [{ message: /full training set \(60 rows\) test error is 0\.16 against 0 in training \(gap 0\.16\), and it is still falling \(0\.254 at 33 rows\)/, hint: /more training data/, data: { size: 60, previousSize: 33, gap: 0.16 } }],
    },
  ],
});
