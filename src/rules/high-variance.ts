/** Warns when, at the full training set, test error sits far above training error and is still falling. */
import { z } from 'zod';
import { defineRule, type Issue } from './define-rule.js';
import { num, percent, round } from './support/format.js';
import { shortName } from './support/columns.js';
import type { Predictions } from '../gather/groups/prediction.js';
import { errorWords, isCutShortByDefaultBudget, meanComparable } from './support/learning-curve.js';

/** Rows each split needs before the saved model's accuracies are compared. */
const MIN_SPLIT_ROWS = 50;
/** The gap must also exceed this many standard errors of the difference of the two error rates. */
const GAP_STANDARD_ERRORS = 3;

/** The saved model errs far more often on test rows than on the rows it was trained on. */
function savedModelGap(predictions: Predictions, maxGap: number): Issue[] {
  if (!predictions.applicable) return [];
  const train = predictions.splits.find((s) => s.split === 'train');
  const test = predictions.splits.find((s) => s.split === 'test');
  if (!train || !test || train.rows < MIN_SPLIT_ROWS || test.rows < MIN_SPLIT_ROWS) return [];
  const trainError = 1 - train.correct / train.rows;
  const testError = 1 - test.correct / test.rows;
  const gap = testError - trainError;
  const standardError = Math.sqrt((trainError * (1 - trainError)) / train.rows + (testError * (1 - testError)) / test.rows);
  if (!(gap > maxGap) || gap <= GAP_STANDARD_ERRORS * standardError) return [];
  return [{
    message: `the saved model misclassifies ${percent(testError)} of ${test.rows} rows in ${shortName(test.file, train.file)} against ${percent(trainError)} of ${train.rows} training rows (gap ${num(gap)}): it fits its training rows far better than new ones`,
    hint: 'regularise — dropout, L2 (kernelRegularizer), a smaller model, or early stopping on a validation split — or get more training data; `nndoctor learning-curve` shows whether more data would still help',
    data: { source: 'saved model', trainError: round(trainError, 4), testError: round(testError, 4), gap: round(gap, 4), maxGap, trainRows: train.rows, testRows: test.rows },
  }];
}

export const highVariance = defineRule({
  meta: {
    id: 'high-variance',
    category: 'dynamic',
    defaultSeverity: 'warn',
    title: 'Training and test error converge',
    failureTitle: 'High variance: the model overfits and more data would still help',
    docs: {
      what: 'On the learning curve, at the full training set: the gap between test and training error (means over the repeats), and how much test error fell from the previous size. Flags a gap above `maxGap` while test error still falls by more than `minFall`.',
      why:
        'A model that memorises its training rows but errs on new ones has high variance; when test error is still falling as rows are added, the curves have not met yet and more data (or regularisation, which plays the same role) would close the gap. ' +
        'Default `maxGap` 0.1: 10 points of error between training and test is far beyond the sampling noise of a few hundred test rows (a healthy digits MLP shows ~0.03). ' +
        'Default `minFall` 0.01: a fall of one point from the previous size is beyond the repeat-to-repeat spread of a healthy curve; a flat test curve means more data would not help and the gap is the irreducible part. ' +
        'In `check`\'s quick mode the curve stops at tiny sizes, so the saved model\'s own accuracies are compared instead: a test error more than `maxGap` above the training error (and more than 3 standard errors of the difference, with at least 50 rows on each side) flags it. ' +
        'Only judged when the largest size is the whole training set, since smaller subsets overfit by nature, and not when nndoctor\'s own budget (quick mode, or the default epochs) ran out while the training loss was still falling by more than 10 %. For regression the errors are MSE as a share of the target variance.',
      fix: 'Get more training data (or augment it); otherwise regularise: dropout, L2 (`kernelRegularizer`), a smaller model, or early stopping on a validation split.',
    },
    needs: ['LearningCurveRuns'],
    optional: ['Predictions'],
    optionsSchema: z.object({ maxGap: z.number().min(0), minFall: z.number().min(0) }).strict(),
    defaultOptions: { maxGap: 0.1, minFall: 0.01 },
  },
  judge({ LearningCurveRuns: curve, Predictions }, { maxGap, minFall }) {
    const issues: Issue[] = [];
    const n = curve.sizes.length;
    const size = curve.sizes[n - 1];
    const previous = curve.sizes[n - 2];
    if (size === undefined || previous === undefined || size !== curve.poolRows || isCutShortByDefaultBudget(curve, size)) {
      // A quick curve (check) never reaches the full set: the saved model's own train/test gap is the evidence.
      return curve.quick && Predictions ? savedModelGap(Predictions, maxGap) : issues;
    }
    const trainError = meanComparable(curve, size, 'trainError');
    const testError = meanComparable(curve, size, 'testError');
    const previousTest = meanComparable(curve, previous, 'testError');
    if (trainError === null || testError === null || previousTest === null) return issues;
    const gap = testError - trainError;
    const fall = previousTest - testError;
    if (!(gap > maxGap) || !(fall > minFall)) return issues;
    issues.push({
      message: `at the full training set (${size} rows) test ${errorWords(curve)} is ${num(testError)} against ${num(trainError)} in training (gap ${num(gap)}), and it is still falling (${num(previousTest)} at ${previous} rows)`,
      hint: 'more training data would help; otherwise regularise — dropout, L2 (kernelRegularizer), a smaller model, or early stopping on a validation split',
      data: { size, previousSize: previous, trainError: round(trainError, 4), testError: round(testError, 4), previousTestError: round(previousTest, 4), gap: round(gap, 4), fall: round(fall, 4), maxGap, minFall },
    });
    return issues;
  },
});
