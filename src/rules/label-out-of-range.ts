/** Flags class labels that are not class indices 0..C−1: negatives, too large, fractions, empty. */
import { z } from 'zod';
import { defineRule, type Issue } from './define-rule.js';
import { num } from './support/format.js';

/** More distinct fractional labels than this read as a regression target, not scaled class indices. */
const CONTINUOUS_DISTINCT = 50;

/** Labels shown in a mapping hint before "…". */
const SHOWN_LABELS = 10;

/**
 * What to do about labels above the model's classes, from the label values present: as many values as classes or
 * fewer means the labels need mapping (1-based, 2/4, 10 for digit 0), more means the output is too small.
 */
export function remapHint(values: readonly number[], classes: number): string {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  const max = sorted[sorted.length - 1]!;
  if (sorted.length > classes) return `there are ${sorted.length} label values: give the output layer ${max + 1} units, or check --label`;
  if (sorted[0] === 1 && max === sorted.length) {
    return `labels run 1..${max}: they look 1-based — subtract 1${max === classes && max === 10 ? ' (or, if 10 stands for the digit 0, map 10 → 0)' : ''}; the output layer can stay`;
  }
  const mapping = sorted.slice(0, SHOWN_LABELS).map((v, i) => `${v}→${i}`).join(', ');
  return `the ${sorted.length} label values fit the model's ${classes} classes: map them to 0..${sorted.length - 1} in sorted order (${mapping}${sorted.length > SHOWN_LABELS ? ', …' : ''}), as scikit-learn's LabelEncoder does; the output layer can stay`;
}

export const labelOutOfRange = defineRule({
  meta: {
    id: 'label-out-of-range',
    category: 'data',
    defaultSeverity: 'fail',
    title: 'Labels are class indices',
    failureTitle: 'Labels are not valid class indices',
    docs: {
      what: 'For a single label column used for classification: labels must be integers in 0..C−1 (C = output units or `--classes`) and never empty. Fractions such as 0.111 (labels divided by 9 or 255 by a scaling step applied to the whole table) are flagged too. Labels −1/+1 are the two classes under a hinge or squared-hinge loss, which is trained on exactly those.',
      why: 'TF.js sparse and one-hot encodings silently treat an out-of-range index as an all-zero target, and a fractional label is truncated or rejected: the model then sees no signal for that class, or the wrong one.',
      fix: 'Keep labels as integers 0..C−1: apply feature scaling to the feature columns only, and map string or 1-based labels to 0-based indices.',
    },
    needs: ['LabelCounts'],
    optionsSchema: z.object({}).strict(),
    defaultOptions: {},
  },
  judge({ LabelCounts }) {
    const { train, test, task, expectedClasses } = LabelCounts;
    if (task.kind !== 'classification') return [];
    const issues: Issue[] = [];
    for (const table of test ? [train, test] : [train]) {
      if (table.kind !== 'single') continue;
      if (table.missing > 0) {
        issues.push({
          message: `${table.missing} rows of ${table.file} have an empty or NaN label`,
          hint: 'drop those rows or fill in their label',
          data: { file: table.file, missing: table.missing },
        });
      }
      if (!table.numeric) continue;
      if (table.nonInteger > 0) {
        issues.push({
          message: `${table.nonInteger} labels in ${table.file} are not integers (e.g. ${table.nonIntegerExamples.slice(0, 3).join(', ')}): labels must be class indices`,
          // Many distinct fractional values look like a continuous target rather than scaled class indices.
          hint: table.classes.length > CONTINUOUS_DISTINCT
            ? `this looks like a continuous target (${table.classes.length} distinct values): for regression use a linear output unit with loss meanSquaredError; for classes, labels must be integers 0..C−1`
            : 'scale the feature columns only; labels must stay 0..C−1',
          data: { file: table.file, nonInteger: table.nonInteger, examples: table.nonIntegerExamples },
        });
        continue;
      }
      if (task.signed) {
        // −1/+1 labels for a hinge loss are the two classes, not negative indices; anything else is out of range.
        const others = table.classes.filter((c) => c.label !== '-1' && c.label !== '1').map((c) => c.label);
        if (others.length > 0) {
          issues.push({
            message: `${table.file} has labels ${others.slice(0, 5).join(', ')} besides the −1/+1 that the hinge loss is trained on`,
            hint: 'write every label as −1 or +1 (or 0/1 throughout with binaryCrossentropy)',
            data: { file: table.file, others: others.slice(0, 5) },
          });
        }
        continue;
      }
      if (table.min !== null && table.min < 0) {
        issues.push({
          message: `labels in ${table.file} go down to ${num(table.min)}; class indices start at 0`,
          hint: 'map labels to 0..C−1 (e.g. −1/1 → 0/1)',
          data: { file: table.file, min: table.min },
        });
      }
      if (expectedClasses && table.max !== null && table.max >= expectedClasses.count) {
        const trainFits = table !== train && train.max !== null && train.max < expectedClasses.count;
        issues.push({
          message: `labels in ${table.file} go up to ${table.max} but the ${expectedClasses.from === 'model' ? 'model has' : '--classes gives'} ${expectedClasses.count} classes (0..${expectedClasses.count - 1})`,
          hint: trainFits
            ? `labels above ${expectedClasses.count - 1} occur in ${table.file} only, not in training: the model never saw that class; drop those rows or retrain with them`
            : expectedClasses.from === 'model' ? remapHint(table.classes.map((c) => Number(c.label)), expectedClasses.count) : 'check --classes or the labels',
          data: { file: table.file, max: table.max, classes: expectedClasses.count },
        });
      }
    }
    return issues;
  },
});
