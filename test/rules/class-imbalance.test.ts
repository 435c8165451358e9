import { classImbalance } from '../../src/rules/class-imbalance.js';
import { testRule } from '../helpers/rule-tester.js';
import { makeLabelCounts } from '../helpers/builders.js';

const hundredBalanced = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [String(i), 10]));
const twoHundredBalanced = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [String(i), 5]));

testRule(classImbalance, {
  valid: [
    { name: 'iris (50/50/50)', artifacts: { LabelCounts: makeLabelCounts({ 0: 50, 1: 50, 2: 50 }) } },
    { name: 'a 10:1 split at maxRatio 10', artifacts: { LabelCounts: makeLabelCounts({ 0: 100, 1: 10 }) }, onThreshold: true },
    { name: '100 balanced classes (each exactly 1%)', artifacts: { LabelCounts: makeLabelCounts(hundredBalanced) } },
    { name: '200 balanced classes (each 0.5%, but uniform)', artifacts: { LabelCounts: makeLabelCounts(twoHundredBalanced) } },
    { name: 'regression targets', artifacts: { LabelCounts: makeLabelCounts({ '0.5': 1, '12.25': 100 }, { task: { kind: 'regression', classes: null } }) } },
  ],
  invalid: [
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
