import { highVariance } from '../../src/rules/high-variance.js';
import { testRule } from '../helpers/rule-tester.js';
import { makeCurve } from '../helpers/learning-curve-builders.js';
import { makePredictions, makeSplit } from '../helpers/prediction-builders.js';

/** check's quick curve: tiny sizes only, so the saved model's own train/test errors are judged. */
const quickTiny = makeCurve({ quick: true, poolRows: 400, points: { 1: [[0], [0.6]], 3: [[0], [0.5]] } });
/** A saved model with these errors on 100 training and 400 test rows (binary). */
const saved = (trainWrong: number, testWrong: number) => makePredictions(makeSplit([[50 - trainWrong, trainWrong], [0, 50]], 'train'), makeSplit([[200 - testWrong, testWrong], [0, 200]], 'test'));
const quickBudget = makeCurve({ stoppedBy: 'epochs', recentLossDrop: 0.3, quick: true, points: { 3: [[0], [0.9]], 240: [[0.4], [0.7]] } });

testRule(highVariance, {
  valid: [
    { name: 'a quick-mode curve whose small budget ran out while the loss still fell', artifacts: { LearningCurveRuns: quickBudget } },
    { name: 'a healthy digits curve (gap 0.025)', artifacts: { LearningCurveRuns: makeCurve({ points: { 1: [[0], [0.9]], 481: [[0.05], [0.1]], 1346: [[0.037], [0.062]] } }) } },
    { name: 'a gap exactly at maxGap', artifacts: { LearningCurveRuns: makeCurve({ points: { 30: [[0], [0.3]], 60: [[0], [0.1]] } }) }, options: { maxGap: 0.1 }, onThreshold: true },
    { name: 'a large gap with a flat test curve', artifacts: { LearningCurveRuns: makeCurve({ points: { 30: [[0], [0.205]], 60: [[0], [0.2]] } }) } },
    { name: 'a largest size below the full training set', artifacts: { LearningCurveRuns: makeCurve({ poolRows: 1000, points: { 30: [[0], [0.4]], 60: [[0], [0.2]] } }) } },
    { name: 'a single size', artifacts: { LearningCurveRuns: makeCurve({ points: { 60: [[0], [0.4]] } }) } },
    { name: 'quick mode: a saved model 5 points worse on test', artifacts: { LearningCurveRuns: quickTiny, Predictions: saved(0, 20) } },
    { name: 'quick mode: a gap of exactly maxGap', artifacts: { LearningCurveRuns: quickTiny, Predictions: saved(0, 40) }, onThreshold: true },
    { name: 'quick mode: a gap on 30 test rows (too few to tell)', artifacts: { LearningCurveRuns: quickTiny, Predictions: makePredictions(makeSplit([[50, 0], [0, 50]], 'train'), makeSplit([[10, 5], [0, 15]], 'test')) } },
  ],
  invalid: [
    {
      name: 'quick mode: a saved model perfect on its 100 training rows and wrong on 12.5 % of 400 test rows',
      artifacts: { LearningCurveRuns: quickTiny, Predictions: saved(0, 50) },
      issues: [{ message: /the saved model misclassifies 12\.5% of 400 rows in test\.csv against 0\.0% of 100 training rows \(gap 0\.125\)/, hint: /regularise/, data: { source: 'saved model', trainError: 0, testError: 0.125, gap: 0.125, maxGap: 0.1, trainRows: 100, testRows: 400 } }],
    },
    {
      name: 'an over-parameterised model on 60 rows',
      artifacts: { LearningCurveRuns: makeCurve({ points: { 1: [[0, 0], [0.9, 0.9]], 33: [[0, 0], [0.253, 0.255]], 60: [[0, 0], [0.142, 0.178]] } }) },
      issues: [{ message: /full training set \(60 rows\) test error is 0\.16 against 0 in training \(gap 0\.16\), and it is still falling \(0\.254 at 33 rows\)/, hint: /more training data/, data: { size: 60, previousSize: 33, gap: 0.16 } }],
    },
  ],
});
