import { highBias } from '../../src/rules/high-bias.js';
import { testRule } from '../helpers/rule-tester.js';
import { makeCurve } from '../helpers/learning-curve-builders.js';
import { makeOtherPredictions, makePredictions, makeSplit } from '../helpers/prediction-builders.js';

/** check's quick curve (tiny sizes only): the saved model's own training error is judged against the neighbour vote. */
const quickTiny = makeCurve({ quick: true, poolRows: 400, points: { 1: [[0], [0.6]], 3: [[0], [0.5]] } });
/** A regression model on 400 training rows: its squared error `mse` against a target variance of 1, and its spread. */
const savedRegression = (mse: number, neighbourError: number, predictionStd = 0.8) => {
  const predictions = makeOtherPredictions('regression', { split: 'train', file: 'train.csv', rows: 400, nonFiniteOutputs: 0, targets: [{ column: 'y', targetMean: 0, targetStd: 1, predictionMean: 0, predictionStd, mse }], mse });
  predictions.neighbours = { k: 5, queries: 400, error: neighbourError };
  return predictions;
};
/** 4 balanced classes of 100 training rows, `wrong` of each misclassified (spread over the other classes). */
const savedTrain = (wrong: number, neighbourError: number | null) => {
  const confusion = [0, 1, 2, 3].map((c) => [0, 1, 2, 3].map((p) => (p === c ? 100 - wrong : p === (c + 1) % 4 ? wrong : 0)));
  const predictions = makePredictions(makeSplit(confusion, 'train'));
  if (neighbourError !== null) predictions.neighbours = { k: 5, queries: 400, error: neighbourError };
  return predictions;
};

const quickBudget = makeCurve({ stoppedBy: 'epochs', recentLossDrop: 0.3, quick: true, points: { 1: [[0], [0.9]], 256: [[0.54], [0.53]] } });

testRule(highBias, {
  valid: [
    { name: 'a curve cut short by the default epochs while the loss still fell 30 %', artifacts: { LearningCurveRuns: makeCurve({ stoppedBy: 'epochs', recentLossDrop: 0.3, points: { 1: [[0], [0.9]], 357: [[0.44], [0.5]] } }) } },
    { name: 'a quick-mode curve whose small budget ran out while the loss still fell', artifacts: { LearningCurveRuns: quickBudget } },
    { name: 'quick mode: a saved model at 3 % training error', artifacts: { LearningCurveRuns: quickTiny, Predictions: savedTrain(3, 0.02) } },
    { name: 'quick mode: a noisy task (30 % training error, the neighbour vote errs as often)', artifacts: { LearningCurveRuns: quickTiny, Predictions: savedTrain(30, 0.28) } },
    { name: 'quick mode: a noisy regression (35 % of the variance left, the neighbours leave 40 %)', artifacts: { LearningCurveRuns: quickTiny, Predictions: savedRegression(0.35, 0.4) } },
    { name: 'quick mode: a regression that collapsed to a constant (prediction-collapse reports it)', artifacts: { LearningCurveRuns: quickTiny, Predictions: savedRegression(1.0, 0.1, 0.01) } },
    { name: 'quick mode: no neighbour estimate', artifacts: { LearningCurveRuns: quickTiny, Predictions: savedTrain(46, null) } },
    { name: 'quick mode: training error exactly at maxTrainError', artifacts: { LearningCurveRuns: quickTiny, Predictions: savedTrain(20, 0.01) }, onThreshold: true },
    { name: 'a healthy curve (3 % training error at full size)', artifacts: { LearningCurveRuns: makeCurve({ points: { 1: [[0], [0.9]], 100: [[0.01], [0.2]], 1000: [[0.03], [0.06]] } }) } },
    { name: 'training error exactly at maxTrainError', artifacts: { LearningCurveRuns: makeCurve({ points: { 1: [[0], [0.9]], 1000: [[0.25, 0.15], [0.3, 0.3]] } }) }, options: { maxTrainError: 0.2 }, onThreshold: true },
    { name: 'a curve whose smallest set is not fitted (cannot-fit-tiny explains it)', artifacts: { LearningCurveRuns: makeCurve({ points: { 1: [[1], [0.9]], 1000: [[0.9], [0.9]] } }) } },
    { name: 'a curve with an unfitted 3-row set (cannot-fit-tiny explains it)', artifacts: { LearningCurveRuns: makeCurve({ points: { 1: [[0], [0.9]], 3: [[0.667], [0.9]], 300: [[0.9], [0.9]] } }) } },
  ],
  invalid: [
    {
      name: 'quick mode: a regression worse than its mean on its own training rows (momentum 0.99)',
      artifacts: { LearningCurveRuns: quickTiny, Predictions: savedRegression(1.7, 0.15) },
      issues: [{ message: /squared error on its 400 training rows is 1\.7 of the target variance \(worse than always predicting the mean\), while the mean of the 5 nearest neighbours' targets leaves 0\.15/, hint: /does worse than a constant/, data: { trainError: 1.7, neighbourError: 0.15 } }],
    },
    {
      name: 'quick mode: a frozen random bottleneck (46 % of its training rows wrong, the neighbour vote 2 %)',
      artifacts: { LearningCurveRuns: quickTiny, Predictions: savedTrain(46, 0.02) },
      issues: [{ message: /misclassifies 46\.0% of its 400 training rows, while a 5-nearest-neighbour vote misclassifies 2\.0% of them/, hint: /more capacity/, data: { source: 'saved model', trainError: 0.46, neighbourError: 0.02 } }],
    },
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
