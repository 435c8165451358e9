/** Flags test rows whose features also appear, identically, in the training CSV (leaked or duplicated rows). */
import { z } from 'zod';
import { defineRule } from './define-rule.js';
import { percent, round } from './support/format.js';

/**
 * A column telling apart this share of the distinct training rows is a continuous measurement (or an id): rows
 * equal in it are copies. Iris at 1-decimal precision peaks at 0.37, digits' pixels far lower; 6-digit continuous
 * features reach 1.
 */
const UNIQUE_RESOLUTION = 0.9;

export const trainTestOverlap = defineRule({
  meta: {
    id: 'train-test-overlap',
    category: 'data',
    defaultSeverity: 'fail',
    title: 'Test rows are not copies of training rows',
    failureTitle: 'Test rows also appear in training',
    docs: {
      what: 'Counts test rows whose feature cells (labels ignored) are identical to some training row, and reports the first pairs of line numbers. It fires when more than `maxRows` test rows are shared and their share exceeds `maxShare` + `maxDuplicateFactor` × the share the training set\'s own repetition predicts (the share of training rows that have an identical twin inside training).',
      why: 'A test row the model has trained on measures memory, not generalisation: overlap inflates test accuracy and hides overfitting (typical causes: a test file sampled from the training file, concatenating files twice, splitting after augmentation). Real data has natural duplicates, though: iris holds one identical pair, so a random split can put one copy on each side (1 of 30 test rows = 3.3 %), and low-resolution features repeat often — iris\' three sepal/petal measurements at 1-decimal precision give 5 % duplicated training rows and 10 % of an honest test split matching training. Default `maxShare` 0.05 tolerates coincidences; default `maxRows` 1 keeps a single coincidental row from firing on a very small test set; default `maxDuplicateFactor` 3 adds room for the repetition the data shows by itself: if a share p of training rows has a twin inside training, a random test row matches training with about that probability, so the limit is `maxShare` + 3 × p (p smoothed by one pseudo-pair, since a handful of duplicates is mostly chance). Over 200 seeded random splits (20 % and 30 % test) of that 3-feature iris table the rule fired once each; on the 4-feature iris never; a test file sampled from training shares 50–100 % of its rows. When some feature column tells apart at least 90 % of the distinct training rows (a continuous measurement or an id), identical rows cannot occur by chance, so the training set\'s own repetition is copying (oversampling before the split) and adds no room: the limit is `maxShare` alone.',
      fix: 'Deduplicate before splitting (`df.drop_duplicates()`), split first and oversample or augment only the training part, and remove test rows found in training (pandas: `test[~test.drop(columns=label).apply(tuple, axis=1).isin(train.drop(columns=label).apply(tuple, axis=1))]`).',
    },
    needs: ['RowDuplicates'],
    optionsSchema: z.object({ maxShare: z.number().min(0).max(1), maxRows: z.number().int().min(0), maxDuplicateFactor: z.number().min(0) }).strict(),
    defaultOptions: { maxShare: 0.05, maxRows: 1, maxDuplicateFactor: 3 },
  },
  judge({ RowDuplicates }, { maxShare, maxRows, maxDuplicateFactor }) {
    const { sharedRows, testRows, sharedExamples, duplicateTrainRows, trainRows } = RowDuplicates;
    if (testRows === 0) return [];
    const share = sharedRows / testRows;
    // One pair of pseudo-duplicates smooths the estimate: with few duplicates, their count is mostly chance. A column
    // that is almost unique per distinct row makes chance duplicates impossible: repetition is copying (oversampling
    // before the split), which predicts no honest overlap.
    const copiesOnly = (RowDuplicates.columnResolution ?? 0) >= UNIQUE_RESOLUTION;
    const expected = copiesOnly ? 0 : (duplicateTrainRows + 2) / Math.max(1, trainRows + 2);
    const allowed = maxShare + maxDuplicateFactor * expected;
    if (sharedRows <= maxRows || share <= allowed) return [];
    const pairs = sharedExamples.map((e) => `test line ${e.testRow} = train line ${e.trainRow}`).join(', ');
    const selfDuplicates = duplicateTrainRows > 0 ? `; only ${percent(duplicateTrainRows / Math.max(1, trainRows))} of training rows repeat inside training` : '';
    return [
      {
        message: `${sharedRows} of ${testRows} test rows (${percent(share)}) have features identical to a training row (${pairs})${selfDuplicates}`,
        hint: 'deduplicate before splitting, oversample/augment only after the split, and drop test rows that appear in training; test accuracy is inflated until then',
        data: { sharedRows, testRows, share: round(share), maxShare, maxRows, examples: sharedExamples, duplicateTrainRows, trainRows, expectedShare: round(expected), maxDuplicateFactor, allowedShare: round(allowed), ...(RowDuplicates.columnResolution !== undefined ? { columnResolution: RowDuplicates.columnResolution } : {}) },
      },
    ];
  },
});
