/** Flags identical training feature rows that carry different labels (contradictory or shuffled labels). */
import { z } from 'zod';
import { defineRule } from './define-rule.js';
import { percent, round } from './support/format.js';
import type { RowDuplicates } from '../gather/artifacts.js';

/**
 * Share of the way from shuffled labels (0) to one label per group (1) that the real labels go: coarse categorical
 * data whose labels follow the features measured 0.46 (titanic-like, 97 distinct rows in 1,200); pairs of copied
 * rows given two different classes go below 0, and shuffled labels stay near 0.
 */
const MIN_DEPENDENCE = 0.25;
/** Standard deviations of the shuffled counts the real count must clear to count as beyond chance. */
const CHANCE_SDS = 3;

function labelDependence(groupMajority: RowDuplicates['groupMajority']): { share: number; beyondChance: boolean } | null {
  if (!groupMajority || groupMajority.shuffled.length === 0) return null;
  const { rows, real, shuffled } = groupMajority;
  const mean = shuffled.reduce((a, b) => a + b, 0) / shuffled.length;
  const sd = Math.sqrt(shuffled.reduce((a, b) => a + (b - mean) ** 2, 0) / shuffled.length);
  const headroom = rows - mean;
  return { share: headroom > 0 ? (real - mean) / headroom : 0, beyondChance: real > mean + CHANCE_SDS * sd };
}

export const conflictingLabels = defineRule({
  meta: {
    id: 'conflicting-labels',
    category: 'data',
    defaultSeverity: 'warn',
    title: 'Identical rows carry the same label',
    failureTitle: 'Identical rows carry different labels',
    docs: {
      what: 'Groups training rows with identical feature cells and counts the rows in groups that carry more than one distinct label. It fires when those rows are more than `maxShare` of the training rows, unless the labels clearly follow the features inside those groups: the rows carrying their group\'s most common label are compared with 20 seeded shuffles of the labels, and a real count more than 3 standard deviations above the shuffles and at least a quarter of the way from them to one label per group means inherent noise (coarse categorical data), not misalignment. Regression targets are skipped: equal inputs with different measured values are ordinary noise there.',
      why: 'A network cannot give two answers for one input: every conflicting group caps training accuracy and pushes the loss towards predicting the group\'s majority — with many conflicts, towards one class overall. Many conflicts usually mean labels were shuffled or misaligned with their rows (a sort of one file but not the other), or features that identify the class were dropped. A few are ordinary label noise. The real datasets were checked: iris has exactly one identical pair (lines 103 and 144 of scikit-learn\'s file, 5.8,2.7,5.1,1.9, both class 2 — a duplicate, not a conflict) and digits none, so a clean split of either has 0 conflicting rows. Default `maxShare` 0.05: more than 1 row in 20 under contradiction is beyond the noise of curated data; the severity is warn because some real data (coarse categorical features) conflicts by nature. The dependence test tells that data apart: a titanic-like set (97 distinct feature rows in 1,200, labels following the features) measured 0.46 of the way from shuffled labels to pure groups, while copied rows given two different classes measure below 0 and shuffled labels about 0; `MIN_DEPENDENCE` 0.25 sits between.',
      fix: 'Check that labels are still aligned with their rows (join on an id instead of by position), fix or drop the contradictory rows (the lines are listed), or add the feature that tells them apart.',
    },
    needs: ['RowDuplicates'],
    optional: ['LabelCounts'],
    optionsSchema: z.object({ maxShare: z.number().min(0).max(1) }).strict(),
    defaultOptions: { maxShare: 0.05 },
  },
  judge({ RowDuplicates, LabelCounts }, { maxShare }) {
    if (LabelCounts?.task.kind === 'regression') return [];
    const { conflictingRows, conflictingGroups, conflictExamples, trainRows } = RowDuplicates;
    if (trainRows === 0) return [];
    const share = conflictingRows / trainRows;
    if (share <= maxShare) return [];
    const dependence = labelDependence(RowDuplicates.groupMajority);
    if (dependence !== null && dependence.beyondChance && dependence.share >= MIN_DEPENDENCE) return [];
    const examples = conflictExamples.slice(0, 3).map((e) => `lines ${e.rows.join(', ')} labelled ${e.labels.join(' / ')}`).join('; ');
    return [
      {
        message: `${conflictingRows} of ${trainRows} training rows (${percent(share)}) sit in ${conflictingGroups} group${conflictingGroups === 1 ? '' : 's'} of identical features with different labels (${examples})`,
        hint: 'check that labels are aligned with their rows (join on an id, not by position); fix or drop contradictory rows',
        data: { conflictingRows, conflictingGroups, trainRows, share: round(share), maxShare, examples: conflictExamples, ...(dependence ? { labelDependence: round(dependence.share) } : {}) },
      },
    ];
  },
});
