import { labelShift } from '../../src/rules/label-shift.js';
import { testRule } from '../helpers/rule-tester.js';
import { makeLabelCounts, makeLabelTable } from '../helpers/builders.js';
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { chanceDistance } from '../../src/rules/label-shift.js';

testRule(labelShift, {
  valid: [
    { name: 'no test set', artifacts: { LabelCounts: makeLabelCounts({ 0: 50, 1: 50 }) } },
    { name: 'a stratified split', artifacts: { LabelCounts: makeLabelCounts({ 0: 35, 1: 35, 2: 35 }, { test: { 0: 15, 1: 15, 2: 15 } }) } },
    // train 50/50, test 70/30: total variation exactly 0.2.
    { name: 'a shift of exactly 0.2', artifacts: { LabelCounts: makeLabelCounts({ 0: 50, 1: 50 }, { test: { 0: 70, 1: 30 } }) }, onThreshold: true },
    {
      name: 'regression targets of an honest split',
      artifacts: { LabelCounts: makeLabelCounts(Object.fromEntries(Array.from({ length: 40 }, (_, i) => [String(100 + i * 5), 3])), { test: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [String(102 + i * 10), 1])), task: { kind: 'regression', classes: null } }) },
    },
    {
      // 0.303 from 20 random rows of 10 balanced classes: chance alone gets there in most draws.
      name: 'a 20-row random test set of 10 classes',
      artifacts: { LabelCounts: makeLabelCounts(Object.fromEntries(Array.from({ length: 10 }, (_, c) => [c, 178])), { test: { 0: 1, 1: 3, 2: 1, 3: 5, 5: 3, 6: 1, 7: 3, 8: 2, 9: 1 } }) },
    },
  ],
  invalid: [
    {
      name: 'a sorted file cut in two',
      artifacts: { LabelCounts: makeLabelCounts({ 0: 50, 1: 50, 2: 10 }, { test: { 0: 5, 2: 40 } }) },
      issues: [{ message: /differ by 0\.798.*class 2 is 9\.1% of train but 88\.9% of test/, data: { maxDistance: 0.2, largest: { label: '2' } } }],
    },
    {
      name: 'regression test targets in dollars where training is in k$',
      artifacts: { LabelCounts: makeLabelCounts(Object.fromEntries(Array.from({ length: 40 }, (_, i) => [String(100 + i * 5), 3])), { test: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [String(102000 + i * 10000), 1])), task: { kind: 'regression', classes: null } }) },
      issues: [{ message: /test targets sit on another scale than the training targets: median 1\.92e\+5 vs 195 \(2600 training spreads apart\), spread ×1000/, hint: /units and scaling/, data: { kind: 'regression' } }],
    },
    { name: 'a shift of 0.21 over 100 test rows (chance stays under 0.2)', artifacts: { LabelCounts: makeLabelCounts({ 0: 50, 1: 50 }, { test: { 0: 71, 1: 29 } }) }, issues: [{ data: { distance: 0.21, testRows: 100 } }] },
    {
      name: 'a small test set from one end of a sorted file (beyond chance for its size)',
      artifacts: { LabelCounts: makeLabelCounts(Object.fromEntries(Array.from({ length: 10 }, (_, c) => [c, 178])), { test: { 8: 10, 9: 10 } }) },
      issues: [{ data: { distance: 0.8, testRows: 20 } }],
    },
  ],
});

it('chanceDistance: larger for fewer test rows, near the exact quantile for two balanced classes', () => {
  const tenClasses = makeLabelTable(Object.fromEntries(Array.from({ length: 10 }, (_, c) => [c, 100])));
  assert.ok(chanceDistance(tenClasses, 20) > 0.3, String(chanceDistance(tenClasses, 20)));
  assert.ok(chanceDistance(tenClasses, 200) < chanceDistance(tenClasses, 20));
  assert.equal(chanceDistance(tenClasses, 5000), 0);
  // Two balanced classes, 100 rows: the distance is |k/100 − 0.5| with k ~ Binomial(100, 0.5); P(|k − 50| ≥ 17) ≈ 0.0009.
  const two = chanceDistance(makeLabelTable({ 0: 50, 1: 50 }), 100);
  assert.ok(two >= 0.14 && two <= 0.18, String(two));
});
