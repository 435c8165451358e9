/** Flags a saved model that is far worse than chance as labelled, but accurate once its classes are renamed. */
import { z } from 'zod';
import { defineRule, type Issue } from './define-rule.js';
import { percent, round } from './support/format.js';

/** Fewer rows than this cannot tell a renamed class order from noise. */
const MIN_ROWS = 20;

/**
 * The one-to-one renaming of predicted classes that matches the most rows, taken greedily from the largest
 * confusion cell down (exact for the clean permutations this rule is after; never better than the optimum).
 */
export function bestRenaming(confusion: number[][]): { mapping: number[]; matched: number } {
  const classes = confusion.length;
  const cells: Array<{ label: number; predicted: number; count: number }> = [];
  confusion.forEach((row, label) => row.forEach((count, predicted) => { if (count > 0) cells.push({ label, predicted, count }); }));
  cells.sort((a, b) => b.count - a.count || a.predicted - b.predicted || a.label - b.label);
  const mapping = new Array<number>(classes).fill(-1);
  const labelTaken = new Array<boolean>(classes).fill(false);
  let matched = 0;
  for (const { label, predicted, count } of cells) {
    if (mapping[predicted] !== -1 || labelTaken[label]) continue;
    mapping[predicted] = label;
    labelTaken[label] = true;
    matched += count;
  }
  return { mapping, matched };
}

export const classOrderMismatch = defineRule({
  meta: {
    id: 'class-order-mismatch',
    category: 'dynamic',
    defaultSeverity: 'fail',
    title: 'The model\'s classes match the labels',
    failureTitle: 'The model\'s classes are in another order than the labels',
    docs: {
      what: 'Takes the saved model\'s confusion matrix on the training (and test) rows and finds the renaming of its output classes that matches the most rows. It fires when the model is less than `maxAccuracy` accurate as labelled but more than `minRenamedAccuracy` accurate after renaming, on at least 20 rows.',
      why:
        'A trained model that is far below chance on its own training data has not failed to learn: it learned, under another class order. Text labels are the usual cause (nndoctor, like scikit-learn\'s LabelEncoder, numbers them in sorted order, while the training script may have numbered them in order of appearance), or a label column shifted against the features. Every other verdict about such a model would be wrong, so this is a failure. ' +
        'Default `maxAccuracy` 0.5 and `minRenamedAccuracy` 0.8: a healthy model is accurate as labelled, so renaming cannot add much; a weak or collapsed model is not accurate under any renaming. Only a model accurate under a different order meets both.',
      fix: 'Give the labels as class indices 0..C−1 in the order the model was trained with (the finding lists which output means which label), or check that the label column belongs to these rows.',
    },
    needs: ['Predictions'],
    optionsSchema: z.object({ maxAccuracy: z.number().min(0).max(1), minRenamedAccuracy: z.number().min(0).max(1) }).strict(),
    defaultOptions: { maxAccuracy: 0.5, minRenamedAccuracy: 0.8 },
  },
  judge({ Predictions }, { maxAccuracy, minRenamedAccuracy }) {
    const issues: Issue[] = [];
    if (!Predictions.applicable) return issues;
    const name = (c: number): string => Predictions.classLabels[c] ?? String(c);
    for (const split of Predictions.splits) {
      if (split.rows < MIN_ROWS) continue;
      const accuracy = split.correct / split.rows;
      const { mapping, matched } = bestRenaming(split.confusion);
      const renamed = matched / split.rows;
      if (!(accuracy < maxAccuracy) || !(renamed > minRenamedAccuracy)) continue;
      const moved = mapping.map((label, output) => ({ output, label })).filter(({ output, label }) => label !== -1 && label !== output);
      const shown = moved.slice(0, 6).map(({ output, label }) => `output ${output} (${name(output)}) → ${name(label)}`).join(', ') + (moved.length > 6 ? ', …' : '');
      issues.push({
        message: `on the ${split.rows} ${split.split} rows the model is ${percent(accuracy)} accurate as labelled but ${percent(renamed)} accurate with its classes renamed (${shown}): it was trained with another class order`,
        hint: `give the labels as class indices in the model's order — ${moved.slice(0, 6).map(({ output, label }) => `rows labelled ${name(label)} should be class ${output}`).join(', ')}${Predictions.classLabels.some((l) => Number.isNaN(Number(l))) ? ' (text labels are numbered in sorted order)' : ''} — or check that the label column belongs to these rows`,
        data: {
          split: split.split, file: split.file, rows: split.rows, accuracy: round(accuracy, 4), renamedAccuracy: round(renamed, 4),
          renaming: moved.map(({ output, label }) => ({ output, outputLabel: name(output), label: name(label) })), maxAccuracy, minRenamedAccuracy,
        },
      });
    }
    return issues;
  },
});
