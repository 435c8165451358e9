import { classImbalance } from '../../src/rules/class-imbalance.js';
import { testRule } from '../helpers/rule-tester.js';
import { makeLabelCounts, makeLabelTable } from '../helpers/builders.js';
import type { LabelCounts } from '../../src/gather/artifacts.js';

/** Multi-label tags over 1,000 rows: each count is how many rows have that tag. */
const tags = (counts: Record<string, number>): LabelCounts => ({
  train: makeLabelTable(counts, { rows: 1000, kind: 'multi', columns: Object.keys(counts) }),
  task: { kind: 'multi-label', classes: Object.keys(counts).length, reason: 'test' },
});

const hundredBalanced = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [String(i), 10]));
const twoHundredBalanced = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [String(i), 5]));

testRule(classImbalance, {
  valid: [
    { name: 'multi-label tags at 51 %, 20 % and 2.8 % (tags are not compared with each other)', artifacts: { LabelCounts: tags({ common: 510, mid: 200, rare: 28 }) } },
    { name: 'a multi-label tag at exactly 1 %', artifacts: { LabelCounts: tags({ common: 500, rare: 10 }) }, onThreshold: true },
    { name: 'iris (50/50/50)', artifacts: { LabelCounts: makeLabelCounts({ 0: 50, 1: 50, 2: 50 }) } },
    { name: 'a 10:1 split at maxRatio 10', artifacts: { LabelCounts: makeLabelCounts({ 0: 100, 1: 10 }) }, onThreshold: true },
    { name: '100 balanced classes (each exactly 1%)', artifacts: { LabelCounts: makeLabelCounts(hundredBalanced) } },
    { name: '200 balanced classes (each 0.5%, but uniform)', artifacts: { LabelCounts: makeLabelCounts(twoHundredBalanced) } },
    { name: 'regression targets', artifacts: { LabelCounts: makeLabelCounts({ '0.5': 1, '12.25': 100 }, { task: { kind: 'regression', classes: null } }) } },
  ],
  invalid: [
    {
      name: 'a multi-label tag on 4 rows in 1,000',
      artifacts: { LabelCounts: tags({ common: 510, rare: 4 }) },
      issues: [{ message: /tag rare \(positive in 0\.40% of the rows\) is almost always off/, hint: /positive weight = negatives \/ positives: \{"rare":249\}\); model\.fit's classWeight does not apply per tag/, data: { minShare: 0.01, rows: 1000, tags: [{ label: 'rare', count: 4, share: 0.004 }], positiveWeight: { rare: 249 } } }],
    },
    {
      name: '99:1 labels',
      artifacts: { LabelCounts: makeLabelCounts({ 0: 990, 1: 10 }) },
      issues: [{ message: /class 0 has 99× the rows of class 1/, hint: /classWeight/, data: { ratio: 99, maxRatio: 10, classWeight: { 0: 0.505051, 1: 50 } } }],
    },
    {
      name: 'a 10.1:1 split',
      artifacts: { LabelCounts: makeLabelCounts({ 0: 101, 1: 10 }) },
      issues: [{ data: { ratio: 10.1 } }],
    },
    {
      name: 'a ratio over a custom maxRatio 3',
      artifacts: { LabelCounts: makeLabelCounts({ a: 40, b: 10 }) },
      options: { maxRatio: 3 },
      issues: [{ message: /class a has 4×/ }],
    },
  ],
});
