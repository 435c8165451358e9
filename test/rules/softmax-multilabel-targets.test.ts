import { softmaxMultilabelTargets } from '../../src/rules/softmax-multilabel-targets.js';
import { testRule } from '../helpers/rule-tester.js';
import { classLabels, mlp, multiColumnTargets } from '../helpers/model-builders.js';

const softmax = mlp(5, [{ units: 8, activation: 'relu' }, { units: 3, activation: 'softmax' }]);
const sigmoid = mlp(5, [{ units: 8, activation: 'relu' }, { units: 3, activation: 'sigmoid' }]);
const columns = ['y0', 'y1', 'y2'];

testRule(softmaxMultilabelTargets, {
  valid: [
    { name: 'one-hot targets under softmax', artifacts: { Topology: softmax, LabelCounts: multiColumnTargets(columns, 300, 0) } },
    { name: 'multi-label targets under sigmoid', artifacts: { Topology: sigmoid, LabelCounts: multiColumnTargets(columns, 300, 180) } },
    { name: 'class-index labels under softmax', artifacts: { Topology: softmax, LabelCounts: classLabels() } },
    { name: '3 of 300 rows (1%) not summing to one', artifacts: { Topology: softmax, LabelCounts: multiColumnTargets(columns, 300, 3) }, onThreshold: true },
  ],
  invalid: [
    {
      name: 'multi-label rows under softmax',
      artifacts: { Topology: softmax, LabelCounts: multiColumnTargets(columns, 300, 180) },
      issues: [{ message: /180 of 300 target rows .* do not sum to 1/, hint: /sigmoid/, data: { rowsNotOne: 180, rows: 300, share: 0.6 } }],
    },
    {
      name: '4 of 300 rows with maxShare 0.01',
      artifacts: { Topology: softmax, LabelCounts: multiColumnTargets(columns, 300, 4) },
      issues: [{ data: { rowsNotOne: 4 } }],
    },
    {
      name: 'any row with maxShare 0',
      artifacts: { Topology: softmax, LabelCounts: multiColumnTargets(columns, 300, 1) },
      options: { maxShare: 0 },
      issues: [{ data: { rowsNotOne: 1, maxShare: 0 } }],
    },
  ],
});
