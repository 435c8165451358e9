/** Flags identical training feature rows that carry different labels (contradictory or shuffled labels). */
import { z } from 'zod';
import { defineRule } from './define-rule.js';
import { percent, round } from './support/format.js';

export const conflictingLabels = defineRule({
  meta: {
    id: 'conflicting-labels',
    category: 'data',
    defaultSeverity: 'warn',
    title: 'Identical rows carry the same label',
    failureTitle: 'Identical rows carry different labels',
    docs: {
      what: 'Groups training rows with identical feature cells and counts the rows in groups that carry more than one distinct label. It fires when those rows are more than `maxShare` of the training rows. Regression targets are skipped: equal inputs with different measured values are ordinary noise there.',
      why: 'A network cannot give two answers for one input: every conflicting group caps training accuracy and pushes the loss towards predicting the group\'s majority — with many conflicts, towards one class overall. Many conflicts usually mean labels were shuffled or misaligned with their rows (a sort of one file but not the other), or features that identify the class were dropped. A few are ordinary label noise. The real datasets were checked: iris has exactly one identical pair (lines 103 and 144 of scikit-learn\'s file, 5.8,2.7,5.1,1.9, both class 2 — a duplicate, not a conflict) and digits none, so a clean split of either has 0 conflicting rows. Default `maxShare` 0.05: more than 1 row in 20 under contradiction is beyond the noise of curated data; the severity is warn because some real data (coarse categorical features) conflicts by nature.',
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
    const examples = conflictExamples.slice(0, 3).map((e) => `lines ${e.rows.join(', ')} labelled ${e.labels.join(' / ')}`).join('; ');
    return [
      {
        message: `${conflictingRows} of ${trainRows} training rows (${percent(share)}) sit in ${conflictingGroups} group${conflictingGroups === 1 ? '' : 's'} of identical features with different labels (${examples})`,
        hint: 'check that labels are aligned with their rows (join on an id, not by position); fix or drop contradictory rows',
        data: { conflictingRows, conflictingGroups, trainRows, share: round(share), maxShare, examples: conflictExamples },
      },
    ];
  },
});
