import { softmaxSingleUnit } from '../../src/rules/softmax-single-unit.js';
import { testRule } from '../helpers/rule-tester.js';
import { mlp, regressionTargets } from '../helpers/model-builders.js';

testRule(softmaxSingleUnit, {
  noThreshold: true,
  valid: [
    { name: 'a 3-unit softmax (iris)', artifacts: { Topology: mlp(4, [{ units: 8, activation: 'relu' }, { units: 3, activation: 'softmax' }]) } },
    { name: 'one sigmoid unit (binary)', artifacts: { Topology: mlp(4, [{ units: 8, activation: 'relu' }, { units: 1, activation: 'sigmoid' }]) } },
    { name: 'a 2-unit softmax', artifacts: { Topology: mlp(4, [{ units: 2, activation: 'softmax' }]) } },
  ],
  invalid: [
    {
      name: 'Dense(1, softmax)',
      artifacts: { Topology: mlp(4, [{ units: 8, activation: 'relu' }, { units: 1, activation: 'softmax' }]) },
      issues: [{ message: /applies softmax to 1 unit: it outputs 1\.0/, hint: /sigmoid/, data: { outputUnits: 1 } }],
    },
    {
      name: 'Dense(1, softmax) on a continuous target (a regression model built like a classifier)',
      artifacts: { Topology: mlp(4, [{ units: 8, activation: 'relu' }, { units: 1, activation: 'softmax' }]), LabelCounts: regressionTargets(-2.7, 8.6) },
      issues: [{ hint: /continuous \(regression\): use a linear output, tf\.layers\.dense\(\{units: 1\}\), with loss meanSquaredError/ }],
    },
    {
      name: 'Dense(1) followed by a Softmax layer',
      artifacts: { Topology: mlp(4, [{ units: 1 }, { className: 'Softmax' }], { outputUnits: 1, outputActivation: 'softmax' }) },
      issues: [{ data: { outputActivation: 'softmax' } }],
    },
  ],
});
