/** Flags classes the model can output (or `--classes` names) that have no training rows. */
import { z } from 'zod';
import { defineRule } from './define-rule.js';

export const missingClass = defineRule({
  meta: {
    id: 'missing-class',
    category: 'data',
    defaultSeverity: 'fail',
    title: 'Every class has training rows',
    failureTitle: 'A class has no training rows',
    docs: {
      what: 'Compares the classes present in the labels with the classes the model can output (its output units) or `--classes`; with integer labels and nothing else to go on, a gap such as 0, 1, 3 counts as class 2 missing. For multi-label targets, a label column with no positive row counts as missing.',
      why: 'A class without rows is never a target, so the model learns to never predict it; when half the classes are missing, the output collapses onto the rest. It usually means a filtering or split bug.',
      fix: 'Check how the file was filtered or split; add rows of the missing class, or shrink the output layer to the classes you really have.',
    },
    needs: ['LabelCounts'],
    optionsSchema: z.object({}).strict(),
    defaultOptions: {},
  },
  judge({ LabelCounts }) {
    const { train, task, expectedClasses } = LabelCounts;
    if (task.kind === 'regression') return [];
    if (task.kind === 'multi-label' && train.kind !== 'multi') return [];
    const present = new Set(train.classes.filter((c) => c.count > 0).map((c) => c.label));
    let expected: string[];
    let source: string;
    if (train.kind === 'multi') {
      expected = train.classes.map((c) => c.label);
      source = 'target columns';
    } else if (task.signed) {
      expected = ['-1', '1'];
      source = 'the hinge loss (labels −1/+1)';
    } else if (expectedClasses && train.numeric && train.nonInteger === 0 && (train.min === null || train.min >= 0)) {
      // (Labels that are not integers, or negative, are label-out-of-range's finding: which class is "missing" is moot.)
      expected = Array.from({ length: expectedClasses.count }, (_, i) => String(i));
      source = expectedClasses.from === 'model' ? `the model's ${expectedClasses.count} output units` : `--classes ${expectedClasses.count}`;
    } else if (train.numeric && train.nonInteger === 0 && train.min !== null && train.max !== null && train.min >= 0 && train.max < 10_000) {
      expected = Array.from({ length: train.max + 1 }, (_, i) => String(i));
      source = `labels 0..${train.max}`;
    } else {
      return [];
    }
    const missing = expected.filter((label) => !present.has(label));
    if (missing.length === 0) return [];
    const shown = missing.slice(0, 10).join(', ') + (missing.length > 10 ? `, … (${missing.length} in all)` : '');
    const multiLabel = task.kind === 'multi-label';
    // Labels 1..C−1 under C output units: counted from 1, so unit 0 is never a target.
    const oneBased = !multiLabel && train.kind === 'single' && missing.length === 1 && missing[0] === '0' && expected.length > 2 && present.size === expected.length - 1;
    return [
      {
        message: multiLabel
          ? `${missing.length} of ${expected.length} labels are never present in ${train.file} (no row has a positive ${missing.length === 1 ? 'value' : 'value for them'}): ${shown}`
          : `${missing.length} of ${expected.length} classes have no rows in ${train.file} (expected from ${source}): ${shown}`,
        hint: oneBased
          ? `labels run 1..${expected.length - 1}: they look 1-based — subtract 1 and give the output layer ${expected.length - 1} units (unit 0 is never a target)`
          : 'check the filtering/split that produced the file, or make the output layer match the classes you have',
        data: { missing, expected: expected.length, present: expected.length - missing.length, source },
      },
    ];
  },
});
