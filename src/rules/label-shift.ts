/** Flags train and test label distributions that differ (total variation distance). */
import { z } from 'zod';
import { defineRule } from './define-rule.js';
import { totalVariation } from './support/labels.js';
import { percent, round } from './support/format.js';

export const labelShift = defineRule({
  meta: {
    id: 'label-shift',
    category: 'data',
    defaultSeverity: 'warn',
    title: 'Train and test labels are distributed alike',
    failureTitle: 'Train and test labels are distributed differently',
    docs: {
      what: 'Compares class shares in the training and test files with the total variation distance (half the sum of absolute share differences; 0 = identical, 1 = disjoint).',
      why: 'A test set with different class shares makes test accuracy say little about the model and often comes from a split by time, source or a sorted file cut in two. Default `maxDistance` 0.2: a stratified or random split of a few hundred rows stays well under 0.1.',
      fix: 'Split with stratification (e.g. scikit-learn `train_test_split(..., stratify=y)`), or shuffle before cutting a sorted file.',
    },
    needs: ['LabelCounts'],
    optionsSchema: z.object({ maxDistance: z.number().min(0).max(1) }).strict(),
    defaultOptions: { maxDistance: 0.2 },
  },
  judge({ LabelCounts }, { maxDistance }) {
    const { train, test, task } = LabelCounts;
    if (!test || task.kind === 'regression') return [];
    const { distance, largest } = totalVariation(train, test);
    if (distance <= maxDistance || !largest) return [];
    return [
      {
        message: `train and test label shares differ by ${round(distance, 3)} (total variation); class ${largest.label} is ${percent(largest.train)} of train but ${percent(largest.test)} of test`,
        hint: 'split with stratification, or shuffle before splitting',
        data: { distance: round(distance), maxDistance, largest: { label: largest.label, train: round(largest.train), test: round(largest.test) } },
      },
    ];
  },
});
