import { conflictingLabels } from '../../src/rules/conflicting-labels.js';
import { testRule } from '../helpers/rule-tester.js';
import { makeRowDuplicates } from '../helpers/data-builders.js';
import { makeLabelCounts } from '../helpers/builders.js';

const groups = (n: number) => Array.from({ length: Math.min(n, 5) }, (_, i) => ({ rows: [2 + i, 50 + i], labels: ['0', '1'] }));

testRule(conflictingLabels, {
  valid: [
    { name: "iris (one identical pair, same label)", artifacts: { RowDuplicates: makeRowDuplicates({ trainRows: 150, duplicateTrainRows: 2 }) } },
    { name: 'exactly 5 % of rows in conflict (6 of 120)', artifacts: { RowDuplicates: makeRowDuplicates({ conflictingRows: 6, conflictingGroups: 3, conflictExamples: groups(3) }) }, onThreshold: true },
    {
      name: 'regression targets (equal inputs, different measurements)',
      artifacts: {
        RowDuplicates: makeRowDuplicates({ conflictingRows: 40, conflictingGroups: 20, conflictExamples: groups(20) }),
        LabelCounts: makeLabelCounts({ '0.5': 60, '1.25': 60 }, { task: { kind: 'regression', classes: null } }),
      },
    },
    {
      name: 'coarse categorical data whose labels follow the features (titanic-like: 0.78 per group against 0.59 shuffled)',
      artifacts: { RowDuplicates: makeRowDuplicates({ trainRows: 1200, conflictingRows: 1045, conflictingGroups: 55, conflictExamples: groups(55), groupMajority: { rows: 1176, real: 914, shuffled: [698, 690, 707, 701, 695, 699, 703, 688, 705, 700] } }) },
    },
  ],
  invalid: [
    {
      name: 'copied rows given two different classes: worse than shuffled labels',
      artifacts: { RowDuplicates: makeRowDuplicates({ trainRows: 150, conflictingRows: 60, conflictingGroups: 30, conflictExamples: groups(30), groupMajority: { rows: 62, real: 32, shuffled: [41, 40, 43, 39, 42, 41, 40, 44, 38, 42] } }) },
      issues: [{ data: { conflictingRows: 60, labelDependence: -0.428571 } }],
    },
    {
      name: 'labels that follow the features only by chance (shuffled labels on coarse data)',
      artifacts: { RowDuplicates: makeRowDuplicates({ trainRows: 1200, conflictingRows: 1100, conflictingGroups: 55, conflictExamples: groups(55), groupMajority: { rows: 1176, real: 712, shuffled: [698, 690, 707, 701, 695, 699, 703, 688, 705, 700] } }) },
      issues: [{ hint: /aligned/, data: { conflictingRows: 1100 } }],
    },
    {
      name: 'labels shuffled for duplicated rows (60 of 150)',
      artifacts: { RowDuplicates: makeRowDuplicates({ trainRows: 150, conflictingRows: 60, conflictingGroups: 30, conflictExamples: groups(30) }) },
      issues: [{ message: /^60 of 150 training rows \(40\.0%\) sit in 30 groups of identical features with different labels \(lines 2, 50 labelled 0 \/ 1; /, hint: /aligned/, data: { conflictingRows: 60, share: 0.4, maxShare: 0.05 } }],
    },
    {
      name: '7 of 120 rows (5.8 %) for a classification task',
      artifacts: { RowDuplicates: makeRowDuplicates({ conflictingRows: 7, conflictingGroups: 3, conflictExamples: groups(3) }), LabelCounts: makeLabelCounts({ 0: 60, 1: 60 }) },
      issues: [{ data: { conflictingRows: 7, trainRows: 120 } }],
    },
  ],
});
