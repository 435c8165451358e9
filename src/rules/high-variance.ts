/** Warns when, at the full training set, test error sits far above training error and is still falling. */
import { z } from 'zod';
import { defineRule, type Issue } from './define-rule.js';
import { num, round } from './support/format.js';
import { errorWords, isCutShortByDefaultBudget, meanComparable } from './support/learning-curve.js';

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
        'Only judged when the largest size is the whole training set, since smaller subsets overfit by nature, and not when nndoctor\'s own budget (quick mode, or the default epochs) ran out while the training loss was still falling by more than 10 %. For regression the errors are MSE as a share of the target variance.',
      fix: 'Get more training data (or augment it); otherwise regularise: dropout, L2 (`kernelRegularizer`), a smaller model, or early stopping on a validation split.',
    },
    needs: ['LearningCurveRuns'],
    optionsSchema: z.object({ maxGap: z.number().min(0), minFall: z.number().min(0) }).strict(),
    defaultOptions: { maxGap: 0.1, minFall: 0.01 },
  },
  judge({ LearningCurveRuns: curve }, { maxGap, minFall }) {
    const issues: Issue[] = [];
    const n = curve.sizes.length;
    const size = curve.sizes[n - 1];
    const previous = curve.sizes[n - 2];
    if (size === undefined || previous === undefined || size !== curve.poolRows || isCutShortByDefaultBudget(curve, size)) return issues;
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
