/** Warns when the training error is still high at the largest training-set size: the model underfits. */
import { z } from 'zod';
import { defineRule, type Issue } from './define-rule.js';
import { num, round } from './support/format.js';
import { capacityEstimate, CAPACITY_ERROR, errorWords, hasUnfittedTinySet, isCutShortByDefaultBudget, isStillLearning, meanComparable } from './support/learning-curve.js';

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
        'Default `maxTrainError` 0.2: a healthy MLP reaches a few percent on digits or iris with the default budget, while a model that is really too small sits far above (a 2-unit bottleneck on digits: ~0.5). For regression the error is the MSE as a share of the target variance.',
      fix: 'If the loss was still falling when the budget ran out, train longer (more `epochs`) first. Otherwise give the model more capacity (more units or layers), reduce regularisation (dropout, L2), and check that the inputs are scaled and carry the signal.',
    },
    needs: ['LearningCurveRuns'],
    optionsSchema: z.object({ maxTrainError: z.number().min(0) }).strict(),
    defaultOptions: { maxTrainError: 0.2 },
  },
  judge({ LearningCurveRuns: curve }, { maxTrainError }) {
    const issues: Issue[] = [];
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
