/** Warns when the training error is still high at the largest training-set size: the model underfits. */
import { z } from 'zod';
import { defineRule, type Issue } from './define-rule.js';
import { num, percent, round } from './support/format.js';
import type { Predictions } from '../gather/groups/prediction.js';
import { capacityEstimate, CAPACITY_ERROR, errorWords, hasUnfittedTinySet, isCutShortByDefaultBudget, isStillLearning, meanComparable } from './support/learning-curve.js';

/** The saved model must trail the neighbour vote by this much error, and by this many standard errors. */
const NEIGHBOUR_MARGIN = 0.1;
const MARGIN_STANDARD_ERRORS = 3;
/** Rows the training split needs before the saved model's error is judged. */
const MIN_TRAIN_ROWS = 50;
/** A saved model predicting one class this often collapsed: prediction-collapse's finding, not underfitting. */
const COLLAPSED_SHARE = 0.8;

/**
 * Quick mode: the saved model misclassifies many of its own training rows where a nearest-neighbour vote over the
 * same rows (each left out of its own vote) does far better, so the classes are separable and the model underfits.
 */
function savedModelUnderfits(predictions: Predictions, maxTrainError: number): Issue[] {
  if (predictions.other?.task === 'regression') return savedRegressionUnderfits(predictions, maxTrainError);
  const train = predictions.splits.find((s) => s.split === 'train');
  const neighbours = predictions.neighbours;
  if (!predictions.applicable || !train || !neighbours || train.rows < MIN_TRAIN_ROWS) return [];
  const trainError = 1 - train.correct / train.rows;
  if (!(trainError > maxTrainError)) return [];
  if (Math.max(...train.predictedCounts) >= COLLAPSED_SHARE * train.rows) return [];
  const gap = trainError - neighbours.error;
  const standardError = Math.sqrt((trainError * (1 - trainError)) / train.rows + (neighbours.error * (1 - neighbours.error)) / neighbours.queries);
  if (!(gap > NEIGHBOUR_MARGIN) || gap <= MARGIN_STANDARD_ERRORS * standardError) return [];
  return [{
    message: `the saved model misclassifies ${percent(trainError)} of its ${train.rows} training rows, while a ${neighbours.k}-nearest-neighbour vote misclassifies ${percent(neighbours.error)} of them (each row left out of its own vote): the classes are separable and the model underfits`,
    hint: 'give the model more capacity (units, layers), unfreeze frozen layers, reduce regularisation (dropout, L2) or train longer; `nndoctor learning-curve` shows the training error by set size',
    data: { source: 'saved model', trainError: round(trainError, 4), neighbourError: round(neighbours.error, 4), neighbours: neighbours.k, neighbourRows: neighbours.queries, trainRows: train.rows, maxTrainError },
  }];
}

/** A regression model whose spread of predictions is this small a share of the targets' is prediction-collapse's. */
const COLLAPSED_SPREAD = 0.05;

/** Regression: the saved model's squared error on its training rows, as a share of the variance, against the neighbours'. */
function savedRegressionUnderfits(predictions: Predictions, maxTrainError: number): Issue[] {
  const train = predictions.other?.splits.find((s) => s.split === 'train');
  const neighbours = predictions.neighbours;
  const columns = (train?.targets ?? []).filter((c) => c.targetStd > 0 && c.mse !== null && c.predictionStd !== null);
  if (!train || !neighbours || train.rows < MIN_TRAIN_ROWS || columns.length === 0) return [];
  if (columns.some((c) => c.predictionStd! < COLLAPSED_SPREAD * c.targetStd)) return [];
  const share = columns.reduce((sum, c) => sum + c.mse! / c.targetStd ** 2, 0) / columns.length;
  if (!(share > maxTrainError) || !(share - neighbours.error > NEIGHBOUR_MARGIN)) return [];
  return [{
    message: `the saved model's squared error on its ${train.rows} training rows is ${num(share)} of the target variance${share > 1 ? ' (worse than always predicting the mean)' : ''}, while the mean of the ${neighbours.k} nearest neighbours' targets leaves ${num(neighbours.error)}: the features explain the targets and the model underfits`,
    hint: share > 1
      ? 'the model does worse than a constant: check the learning rate and momentum (the loss may have diverged), the output activation and the target scaling; then give the model more capacity or train longer'
      : 'give the model more capacity (units, layers), reduce regularisation, standardise the targets or train longer; `nndoctor learning-curve` shows the training error by set size',
    data: { source: 'saved model', trainError: round(share, 4), neighbourError: round(neighbours.error, 4), neighbours: neighbours.k, neighbourRows: neighbours.queries, trainRows: train.rows, maxTrainError },
  }];
}

export const highBias = defineRule({
  meta: {
    id: 'high-bias',
    category: 'dynamic',
    defaultSeverity: 'warn',
    title: 'The model fits its training data',
    failureTitle: 'High bias: the model underfits even the data it trains on',
    docs: {
      what: 'On the learning curve, takes the training error at the largest training-set size (mean over the repeats) and flags it when it exceeds `maxTrainError`. The capacity estimate (the smallest size whose training error rises above 5 %) comes with it. Not judged when a set of at most 3 rows was not fitted (mean error above 0.15: that is `cannot-fit-tiny`), nor when nndoctor\'s own budget (the quick mode of `check`, or the default 20 epochs when no `epochs` is set) ran out while the loss was still falling by more than 10 % over the last fifth of training: that error would measure the budget, not the model.',
      why:
        'Training error only grows with the set size, so a high training error at the full size means the model cannot represent the data (too small, too regularised, or the features lack the signal) or was not trained long enough; more data will not help, since test error cannot fall below training error. ' +
        'Default `maxTrainError` 0.2: a healthy MLP reaches a few percent on digits or iris with the default budget, while a model that is really too small sits far above (a 2-unit bottleneck on digits: ~0.5). For regression the error is the MSE as a share of the target variance. ' +
        'In `check`\'s quick mode the curve stops at tiny sizes, so the saved model\'s own training error is judged instead, against a 5-nearest-neighbour vote over the same training rows (standardised features, each row left out of its own vote): above `maxTrainError` and more than 0.1 (and 3 standard errors) worse than the vote, the classes are separable and the model underfits; a noisy task, where the vote errs as often, is not flagged, nor is a model that predicts one class for 80 % of the rows (prediction-collapse). For regression the saved model\'s squared error as a share of the target variance is compared with the neighbours\' mean target\'s, with the same two margins (no standard error).',
      fix: 'If the loss was still falling when the budget ran out, train longer (more `epochs`) first. Otherwise give the model more capacity (more units or layers), reduce regularisation (dropout, L2), and check that the inputs are scaled and carry the signal.',
    },
    needs: ['LearningCurveRuns'],
    optional: ['Predictions'],
    optionsSchema: z.object({ maxTrainError: z.number().min(0) }).strict(),
    defaultOptions: { maxTrainError: 0.2 },
  },
  judge({ LearningCurveRuns: curve, Predictions }, { maxTrainError }) {
    const issues: Issue[] = [];
    // A quick curve (check) stops at tiny sizes: the saved model's own training error is the evidence.
    if (curve.quick) return Predictions ? savedModelUnderfits(Predictions, maxTrainError) : issues;
    const size = curve.sizes[curve.sizes.length - 1];
    if (size === undefined) return issues;
    // A model that cannot fit even a tiny set has a training bug (cannot-fit-tiny), not a capacity problem.
    if (hasUnfittedTinySet(curve) || isCutShortByDefaultBudget(curve, size)) return issues;
    const trainError = meanComparable(curve, size, 'trainError');
    if (trainError === null || !(trainError > maxTrainError)) return issues;
    const testError = meanComparable(curve, size, 'testError');
    const runs = curve.runs.filter((r) => r.size === size);
    const budgetHit = runs.filter((r) => r.stoppedBy === 'epochs').length;
    const stillLearning = isStillLearning(curve, size);
    const capacity = capacityEstimate(curve);
    const capacityWords = capacity !== null && capacity < size ? `; it stops memorising at about ${capacity} rows` : '';
    const hint = stillLearning
      ? `the loss was still falling when the ${curve.stepBudget}-step budget ran out: train longer (more epochs) first; if the error stays high, give the model more units or layers`
      : 'the loss levelled off: the model is too small or too regularised for the data — add units or layers, reduce dropout/L2, and check that the inputs are scaled';
    issues.push({
      message: `training ${errorWords(curve)} is ${num(trainError)} at the largest size (${size} rows, mean of ${runs.length} seed${runs.length === 1 ? '' : 's'}), above ${num(maxTrainError)}${testError !== null ? `; test error ${num(testError)}` : ''}${capacityWords}`,
      hint,
      data: {
        size, trainError: round(trainError, 4), testError: testError === null ? null : round(testError, 4), maxTrainError,
        baselineError: round(curve.baselineError, 4), capacity: { threshold: CAPACITY_ERROR, size: capacity }, stoppedByBudget: budgetHit, repeats: runs.length,
      },
    });
    return issues;
  },
});
