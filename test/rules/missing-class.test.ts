import { missingClass } from '../../src/rules/missing-class.js';
import { testRule } from '../helpers/rule-tester.js';
import { makeLabelCounts, makeLabelTable } from '../helpers/builders.js';

testRule(missingClass, {
  noThreshold: true,
  valid: [
    { name: 'labels 0..2 all present', artifacts: { LabelCounts: makeLabelCounts({ 0: 5, 1: 5, 2: 5 }) } },
    { name: 'a model with 3 units and labels 0..2', artifacts: { LabelCounts: makeLabelCounts({ 0: 5, 1: 5, 2: 5 }, { expectedClasses: { count: 3, from: 'model' } }) } },
    { name: 'text labels (no index to miss)', artifacts: { LabelCounts: makeLabelCounts({ cat: 5, dog: 5 }) } },
    {
      name: 'labels divided by 255 with a 4-unit model (label-out-of-range reports them)',
      artifacts: { LabelCounts: makeLabelCounts({ 0: 5, '0.00392157': 5, '0.00784314': 5, '0.0117647': 5 }, { expectedClasses: { count: 4, from: 'model' } }) },
    },
    { name: '−1/1 labels with a one-unit sigmoid model (label-out-of-range reports them)', artifacts: { LabelCounts: makeLabelCounts({ '-1': 5, 1: 5 }, { expectedClasses: { count: 2, from: 'model' } }) } },
    { name: '−1/+1 labels under a hinge loss', artifacts: { LabelCounts: makeLabelCounts({ '-1': 5, 1: 5 }, { task: { classes: 2, signed: true } }) } },
    { name: 'regression targets with gaps', artifacts: { LabelCounts: makeLabelCounts({ 1: 5, 7: 5 }, { task: { kind: 'regression', classes: null } }) } },
  ],
  invalid: [
    {
      name: 'only −1 labels under a hinge loss (class +1 never appears)',
      artifacts: { LabelCounts: makeLabelCounts({ '-1': 5 }, { task: { classes: 2, signed: true } }) },
      issues: [{ message: /1 of 2 classes have no rows .*the hinge loss.*: 1$/, data: { missing: ['1'] } }],
    },
    {
      name: 'labels 1..3 under 4 output units (1-based)',
      artifacts: { LabelCounts: makeLabelCounts({ 1: 40, 2: 40, 3: 40 }, { expectedClasses: { count: 4, from: 'model' } }) },
      issues: [{ message: /1 of 4 classes have no rows/, hint: /labels run 1\.\.3: they look 1-based — subtract 1 and give the output layer 3 units/, data: { missing: ['0'] } }],
    },
    {
      name: 'a gap in integer labels (0, 1, 3)',
      artifacts: { LabelCounts: makeLabelCounts({ 0: 5, 1: 5, 3: 5 }) },
      issues: [{ message: /1 of 4 classes have no rows.*: 2$/, data: { missing: ['2'], expected: 4, present: 3 } }],
    },
    {
      name: 'a 10-unit model trained on 3 classes',
      artifacts: { LabelCounts: makeLabelCounts({ 0: 5, 1: 5, 2: 5 }, { expectedClasses: { count: 10, from: 'model' } }) },
      issues: [{ message: /7 of 10 classes.*the model's 10 output units/, data: { missing: ['3', '4', '5', '6', '7', '8', '9'], present: 3 } }],
    },
    {
      name: 'a multi-label column that is never positive',
      artifacts: { LabelCounts: { ...makeLabelCounts({}, { task: { kind: 'multi-label', classes: null } }), train: makeLabelTable({ y0: 40, y1: 35, y2: 0 }, { kind: 'multi', columns: ['y0', 'y1', 'y2'], rows: 120 }) } },
      issues: [{ message: /^1 of 3 labels are never present in train\.csv .*: y2$/, data: { missing: ['y2'], expected: 3, present: 2 } }],
    },
    {
      name: '--classes 4 with labels 0..2',
      artifacts: { LabelCounts: makeLabelCounts({ 0: 5, 1: 5, 2: 5 }, { expectedClasses: { count: 4, from: 'flag' } }) },
      issues: [{ message: /--classes 4/ }],
    },
  ],
});
