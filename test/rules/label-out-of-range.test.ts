import { labelOutOfRange } from '../../src/rules/label-out-of-range.js';
import { testRule } from '../helpers/rule-tester.js';
import { makeLabelCounts, makeLabelTable } from '../helpers/builders.js';

const withMissing = makeLabelCounts({ 0: 5, 1: 5 });
withMissing.train = makeLabelTable({ 0: 5, 1: 5 }, { missing: 2 });

testRule(labelOutOfRange, {
  valid: [
    { name: 'labels 0..9 with a 10-unit model (max exactly C−1)', artifacts: { LabelCounts: makeLabelCounts({ 0: 3, 9: 3 }, { expectedClasses: { count: 10, from: 'model' } }) }, onThreshold: true },
    { name: 'text labels', artifacts: { LabelCounts: makeLabelCounts({ a: 3, b: 3 }) } },
    { name: '−1/+1 labels under a hinge loss (its two classes)', artifacts: { LabelCounts: makeLabelCounts({ '-1': 3, 1: 3 }, { test: { '-1': 2, 1: 2 }, task: { classes: 2, signed: true } }) } },
    { name: 'fractional targets of a regression', artifacts: { LabelCounts: makeLabelCounts({ '0.5': 3, '1.5': 3 }, { task: { kind: 'regression', classes: null } }) } },
  ],
  invalid: [
    { name: 'labels divided by 9', artifacts: { LabelCounts: makeLabelCounts({ 0: 3, '0.111111': 3, 1: 3 }) }, issues: [{ message: /3 labels .* are not integers \(e\.g\. 0\.111111\)/, data: { nonInteger: 3 } }] },
    {
      name: 'a continuous target (60 distinct fractional values) under a classification loss',
      artifacts: { LabelCounts: makeLabelCounts(Object.fromEntries(Array.from({ length: 60 }, (_, i) => [String(i / 7 + 0.01), 2]))) },
      issues: [{ message: /120 labels .* are not integers/, hint: /continuous target \(60 distinct values\): for regression use a linear output unit with loss meanSquaredError/ }],
    },
    { name: 'negative labels (−1/1)', artifacts: { LabelCounts: makeLabelCounts({ '-1': 3, 1: 3 }) }, issues: [{ message: /go down to -1/, hint: /−1\/1 → 0\/1/ }] },
    { name: '1-based labels with a 3-unit model', artifacts: { LabelCounts: makeLabelCounts({ 1: 3, 2: 3, 3: 3 }, { expectedClasses: { count: 3, from: 'model' } }) }, issues: [{ message: /go up to 3 but the model has 3 classes/, hint: /labels run 1\.\.3: they look 1-based — subtract 1; the output layer can stay/, data: { max: 3, classes: 3 } }] },
    { name: 'labels 2 and 4 (UCI breast cancer) with a binary model', artifacts: { LabelCounts: makeLabelCounts({ 2: 5, 4: 3 }, { expectedClasses: { count: 2, from: 'model' } }) }, issues: [{ hint: /the 2 label values fit the model's 2 classes: map them to 0\.\.1 in sorted order \(2→0, 4→1\)/ }] },
    { name: 'digits labelled 1..10 (10 for the digit 0) with a 10-unit model', artifacts: { LabelCounts: makeLabelCounts(Object.fromEntries(Array.from({ length: 10 }, (_, i) => [i + 1, 4])), { expectedClasses: { count: 10, from: 'model' } }) }, issues: [{ hint: /labels run 1\.\.10: they look 1-based — subtract 1 \(or, if 10 stands for the digit 0, map 10 → 0\)/ }] },
    { name: 'more label values than output units', artifacts: { LabelCounts: makeLabelCounts({ 0: 3, 1: 3, 2: 3, 3: 3 }, { expectedClasses: { count: 3, from: 'model' } }) }, issues: [{ hint: /there are 4 label values: give the output layer 4 units/ }] },
    {
      name: 'a test label 0 among the −1/+1 of a hinge loss',
      artifacts: { LabelCounts: makeLabelCounts({ '-1': 3, 1: 3 }, { test: { '-1': 2, 0: 1, 1: 2 }, task: { classes: 2, signed: true } }) },
      issues: [{ message: /test\.csv has labels 0 besides the −1\/\+1 that the hinge loss is trained on/, data: { others: ['0'] } }],
    },
    { name: 'empty labels', artifacts: { LabelCounts: withMissing }, issues: [{ message: /2 rows .* empty or NaN label/ }] },
  ],
});
