import { trainTestOverlap } from '../../src/rules/train-test-overlap.js';
import { testRule } from '../helpers/rule-tester.js';
import { makeRowDuplicates } from '../helpers/data-builders.js';

const pairs = (n: number) => Array.from({ length: Math.min(n, 5) }, (_, i) => ({ trainRow: 10 + i, testRow: 2 + i }));

testRule(trainTestOverlap, {
  valid: [
    { name: 'the same overlap in coarse data whose rows repeat by nature (no column tells rows apart)', artifacts: { RowDuplicates: makeRowDuplicates({ trainRows: 1696, duplicateTrainRows: 591, testRows: 424, sharedRows: 129, sharedExamples: [{ trainRow: 12, testRow: 5 }], distinctTrainRows: 1300, columnResolution: 0.3 }) } },
    { name: 'no shared rows', artifacts: { RowDuplicates: makeRowDuplicates() } },
    { name: 'no test file', artifacts: { RowDuplicates: makeRowDuplicates({ testRows: 0 }) } },
    { name: "iris' natural duplicate pair split across train and test (1 of 30)", artifacts: { RowDuplicates: makeRowDuplicates({ sharedRows: 1, sharedExamples: pairs(1) }) } },
    { name: 'a single shared row in a 10-row test set (maxRows 1)', artifacts: { RowDuplicates: makeRowDuplicates({ sharedRows: 1, testRows: 10, sharedExamples: pairs(1) }) }, onThreshold: true },
    {
      // 0 duplicates in 98 training rows: p = 2/100, limit 0.05 + 3 × 0.02 = 0.11 = 11 of 100 test rows.
      name: 'exactly the allowed share (11 of 100 test rows, no duplicates inside training)',
      artifacts: { RowDuplicates: makeRowDuplicates({ sharedRows: 11, testRows: 100, trainRows: 98, sharedExamples: pairs(11) }) },
      onThreshold: true,
    },
    {
      name: 'coarse features that repeat by nature (15 % of train duplicated, 20 % of test shared)',
      artifacts: { RowDuplicates: makeRowDuplicates({ sharedRows: 6, testRows: 30, trainRows: 118, duplicateTrainRows: 18, sharedExamples: pairs(6) }) },
    },
  ],
  invalid: [
    {
      name: 'minority oversampled before the split: continuous features, so the repetition is copying',
      artifacts: { RowDuplicates: makeRowDuplicates({ trainRows: 1696, duplicateTrainRows: 591, testRows: 424, sharedRows: 129, sharedExamples: [{ trainRow: 12, testRow: 5 }], distinctTrainRows: 1300, columnResolution: 1 }) },
      issues: [{ message: /129 of 424 test rows \(30\.4%\) have features identical to a training row/, data: { expectedShare: 0, allowedShare: 0.05, columnResolution: 1 } }],
    },
    {
      name: 'a test file sampled from training (24 of 30)',
      artifacts: { RowDuplicates: makeRowDuplicates({ sharedRows: 24, sharedExamples: pairs(24), duplicateTrainRows: 2 }) },
      issues: [{ message: /^24 of 30 test rows \(80\.0%\) have features identical to a training row \(test line 2 = train line 10, .*\); only 1\.7% of training rows repeat inside training$/, hint: /deduplicate before splitting/, data: { sharedRows: 24, testRows: 30, share: 0.8, maxShare: 0.05 } }],
    },
    {
      name: 'one row over the allowed share (12 of 100)',
      artifacts: { RowDuplicates: makeRowDuplicates({ sharedRows: 12, testRows: 100, trainRows: 98, sharedExamples: pairs(12) }) },
      issues: [{ data: { share: 0.12, allowedShare: 0.11 } }],
    },
  ],
});
