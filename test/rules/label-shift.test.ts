import { labelShift } from '../../src/rules/label-shift.js';
import { testRule } from '../helpers/rule-tester.js';
import { makeLabelCounts } from '../helpers/builders.js';

testRule(labelShift, {
  valid: [
    { name: 'no test set', artifacts: { LabelCounts: makeLabelCounts({ 0: 50, 1: 50 }) } },
    { name: 'a stratified split', artifacts: { LabelCounts: makeLabelCounts({ 0: 35, 1: 35, 2: 35 }, { test: { 0: 15, 1: 15, 2: 15 } }) } },
    // train 50/50, test 70/30: total variation exactly 0.2.
    { name: 'a shift of exactly 0.2', artifacts: { LabelCounts: makeLabelCounts({ 0: 50, 1: 50 }, { test: { 0: 70, 1: 30 } }) }, onThreshold: true },
  ],
  invalid: [
    {
      name: 'a sorted file cut in two',
      artifacts: { LabelCounts: makeLabelCounts({ 0: 50, 1: 50, 2: 10 }, { test: { 0: 5, 2: 40 } }) },
      issues: [{ message: /differ by 0\.798.*class 2 is 9\.1% of train but 88\.9% of test/, data: { maxDistance: 0.2, largest: { label: '2' } } }],
    },
    { name: 'a shift of 0.21', artifacts: { LabelCounts: makeLabelCounts({ 0: 50, 1: 50 }, { test: { 0: 71, 1: 29 } }) }, issues: [{ data: { distance: 0.21 } }] },
  ],
});
