import { highBias } from '../../src/rules/high-bias.js';
import { testRule } from '../helpers/rule-tester.js';
import { makeCurve } from '../helpers/learning-curve-builders.js';

const quickBudget = makeCurve({ stoppedBy: 'epochs', recentLossDrop: 0.3, quick: true, points: { 1: [[0], [0.9]], 256: [[0.54], [0.53]] } });

testRule(highBias, {
  valid: [
    { name: 'a curve cut short by the default epochs while the loss still fell 30 %', artifacts: { LearningCurveRuns: makeCurve({ stoppedBy: 'epochs', recentLossDrop: 0.3, points: { 1: [[0], [0.9]], 357: [[0.44], [0.5]] } }) } },
    { name: 'a quick-mode curve whose small budget ran out while the loss still fell', artifacts: { LearningCurveRuns: quickBudget } },
    { name: 'a healthy curve (3 % training error at full size)', artifacts: { LearningCurveRuns: makeCurve({ points: { 1: [[0], [0.9]], 100: [[0.01], [0.2]], 1000: [[0.03], [0.06]] } }) } },
    { name: 'training error exactly at maxTrainError', artifacts: { LearningCurveRuns: makeCurve({ points: { 1: [[0], [0.9]], 1000: [[0.25, 0.15], [0.3, 0.3]] } }) }, options: { maxTrainError: 0.2 }, onThreshold: true },
    { name: 'a curve whose smallest set is not fitted (cannot-fit-tiny explains it)', artifacts: { LearningCurveRuns: makeCurve({ points: { 1: [[1], [0.9]], 1000: [[0.9], [0.9]] } }) } },
    { name: 'a curve with an unfitted 3-row set (cannot-fit-tiny explains it)', artifacts: { LearningCurveRuns: makeCurve({ points: { 1: [[0], [0.9]], 3: [[0.667], [0.9]], 300: [[0.9], [0.9]] } }) } },
  ],
  invalid: [
    {
      name: 'a bottleneck whose default budget ran out while the loss fell only 3 % (converging)',
      artifacts: { LearningCurveRuns: makeCurve({ stoppedBy: 'epochs', recentLossDrop: 0.03, points: { 1: [[0], [0.9]], 1346: [[0.53], [0.54]] } }) },
      issues: [{ hint: /levelled off/ }],
    },
    {
      name: 'a bottleneck model at 53 % training error, with its capacity',
      artifacts: { LearningCurveRuns: makeCurve({ points: { 1: [[0], [0.9]], 3: [[0], [0.8]], 8: [[0.125], [0.78]], 1346: [[0.53], [0.54]] } }) },
      issues: [{ message: /training error is 0\.53 at the largest size \(1346 rows, mean of 1 seed\), above 0\.2; test error 0\.54; it stops memorising at about 8 rows/, hint: /levelled off/, data: { size: 1346, trainError: 0.53, capacity: { size: 8 } } }],
    },
    {
      name: 'an undertrained model whose user-set epochs ran out while the loss still fell',
      artifacts: { LearningCurveRuns: makeCurve({ stoppedBy: 'epochs', recentLossDrop: 0.3, epochsFromUser: true, points: { 1: [[0], [0.9]], 500: [[0.4], [0.45]] } }) },
      issues: [{ hint: /still falling when the 400-step budget ran out: train longer/, data: { stoppedByBudget: 1 } }],
    },
  ],
});
