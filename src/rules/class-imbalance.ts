/** Flags label distributions in which one class outnumbers another by more than `maxRatio`. */
import { z } from 'zod';
import { defineRule, type Issue } from './define-rule.js';
import { classShares, classWeightsByIndex, imbalanceRatio } from './support/labels.js';
import { num, percent, round } from './support/format.js';
import type { LabelTable } from '../gather/artifacts.js';

/** The hint's classWeight is keyed like the class-balance summary's, by the class index training uses. */
function classWeightHint(classWeight: Record<string, number>, classIndex: Record<string, number> | null, unindexed: string[]): string {
  const shown = `${unindexed.slice(0, 5).join(', ')}${unindexed.length > 5 ? ', …' : ''}`;
  const notIndices = unindexed.length === 0 ? '' : unindexed.length === 1 ? `label ${shown} is no class index` : `labels ${shown} are no class index`;
  if (Object.keys(classWeight).length === 0) return `fix the labels first (${notIndices}; see label-out-of-range), then resample or weight the classes`;
  const mapping = classIndex && Object.keys(classIndex).length <= 30 ? ` with class index ${JSON.stringify(classIndex)}` : '';
  const unweighted = notIndices ? `; ${notIndices} and ${unindexed.length === 1 ? 'gets no weight: fix it' : 'get no weight: fix them'} first (see label-out-of-range)` : '';
  return `resample, or weight the loss: model.fit(x, y, { classWeight: ${JSON.stringify(classWeight)} })${mapping}${unweighted}`;
}

/**
 * Multi-label tags are independent yes/no problems, so tags are not compared with each other: each tag's positive
 * share is judged on its own against `minShare` (and 1 − `minShare` for a tag that is almost always on).
 */
function judgeTags(train: LabelTable, minShare: number): Issue[] {
  const rows = train.rows - train.missing;
  if (rows <= 0) return [];
  const tags = train.classes.filter((c) => c.count > 0).map((c) => ({ label: c.label, count: c.count, share: c.count / rows }));
  const rare = tags.filter((t) => t.share < minShare || t.share > 1 - minShare);
  if (rare.length === 0) return [];
  const positiveWeight = Object.fromEntries(rare.map((t) => [t.label, round((rows - t.count) / t.count)]));
  return [{
    message: `${rare.length === 1 ? 'tag' : 'tags'} ${rare.map((t) => `${t.label} (positive in ${percent(t.share, 2)} of the rows)`).join(', ')} ${rare.length === 1 ? 'is' : 'are'} almost always ${rare.every((t) => t.share > 1 - minShare) ? 'on' : rare.every((t) => t.share < minShare) ? 'off' : 'on or off'} (beyond ${percent(minShare)} / ${percent(1 - minShare)} of ${train.file})`,
    hint: `each tag is its own yes/no problem: oversample rows with the rare value, or weight it in a custom binary cross-entropy (positive weight = negatives / positives: ${JSON.stringify(positiveWeight)}); model.fit's classWeight does not apply per tag`,
    data: { minShare, rows, tags: rare.map((t) => ({ label: t.label, count: t.count, share: round(t.share) })), positiveWeight },
  }];
}

export const classImbalance = defineRule({
  meta: {
    id: 'class-imbalance',
    category: 'data',
    defaultSeverity: 'fail',
    title: 'Classes are balanced',
    failureTitle: 'One class dominates the labels',
    docs: {
      what: 'Counts the training rows per class and compares the largest class with the smallest (the imbalance ratio), and each class share with `minShare`. Multi-label tags are independent yes/no problems: each tag\'s positive share is compared with `minShare` and 1 − `minShare`, and tags are not compared with each other.',
      why:
        'A network trained on 99 % of one class reaches 99 % accuracy by always predicting that class, so the loss gives it no reason to learn the rest: the classic "always predicts the same class". ' +
        'Default `maxRatio` 10: scikit-learn datasets and most curated benchmarks sit below 3, and at 10:1 plain cross-entropy already pushes small models towards the majority. ' +
        'Default `minShare` 0.01: a class under 1 % of the rows gets too few gradient updates; it only counts when the share is also below half of the uniform share 1/C, so datasets with hundreds of balanced classes are not flagged.',
      fix: 'Resample (oversample the minority classes or undersample the majority), or pass the balanced weights printed with the finding to `model.fit(x, y, {classWeight})`.',
    },
    needs: ['LabelCounts'],
    optionsSchema: z.object({ maxRatio: z.number().positive(), minShare: z.number().min(0).max(1) }).strict(),
    defaultOptions: { maxRatio: 10, minShare: 0.01 },
  },
  judge({ LabelCounts }, { maxRatio, minShare }) {
    const issues: Issue[] = [];
    const { train, task } = LabelCounts;
    if (task.kind === 'regression') return issues;
    if (task.kind === 'multi-label' && train.kind === 'multi') return judgeTags(train, minShare);
    const { classWeight, classIndex, unindexed } = classWeightsByIndex(train);
    const hint = classWeightHint(classWeight, classIndex, unindexed);
    const imbalance = imbalanceRatio(train);
    if (imbalance && imbalance.ratio > maxRatio) {
      issues.push({
        message: `class ${imbalance.majority.label} has ${num(imbalance.ratio)}× the rows of class ${imbalance.minority.label} (${imbalance.majority.count} vs ${imbalance.minority.count}; ${percent(imbalance.majority.share)} of ${train.file})`,
        hint,
        data: {
          ratio: round(imbalance.ratio),
          maxRatio,
          majority: { label: imbalance.majority.label, count: imbalance.majority.count, share: round(imbalance.majority.share) },
          minority: { label: imbalance.minority.label, count: imbalance.minority.count, share: round(imbalance.minority.share) },
          classWeight,
        },
      });
      return issues;
    }
    const shares = classShares(train).filter((c) => c.count > 0);
    const uniform = shares.length > 0 ? 1 / shares.length : 1;
    const rare = shares.filter((c) => c.share < minShare && c.share < uniform / 2);
    if (rare.length > 0) {
      issues.push({
        message: `${rare.length === 1 ? 'class' : 'classes'} ${rare.map((c) => c.label).join(', ')} ${rare.length === 1 ? 'has' : 'have'} under ${percent(minShare)} of the rows (${rare.map((c) => `${c.label}: ${percent(c.share, 2)}`).join(', ')})`,
        hint,
        data: { minShare, rare: rare.map((c) => ({ label: c.label, count: c.count, share: round(c.share) })), classWeight },
      });
    }
    return issues;
  },
});
