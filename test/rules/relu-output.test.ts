import { reluOutput } from '../../src/rules/relu-output.js';
import { testRule } from '../helpers/rule-tester.js';
import { classLabels, mlp, regressionTargets } from '../helpers/model-builders.js';

testRule(reluOutput, {
  noThreshold: true,
  valid: [
    { name: 'a softmax output', artifacts: { Topology: mlp(4, [{ units: 8, activation: 'relu' }, { units: 3, activation: 'softmax' }]) } },
    { name: 'a linear regression output', artifacts: { Topology: mlp(4, [{ units: 8, activation: 'relu' }, { units: 1 }]), LabelCounts: regressionTargets(-2, 2) } },
    { name: 'a softplus output', artifacts: { Topology: mlp(4, [{ units: 8, activation: 'relu' }, { units: 1, activation: 'softplus' }]) } },
  ],
  invalid: [
    {
      name: 'a ReLU regression output',
      artifacts: { Topology: mlp(5, [{ units: 8, activation: 'tanh' }, { units: 1, activation: 'relu' }]), LabelCounts: regressionTargets(0, 12) },
      issues: [{ message: /uses relu: if its 1 unit dies, the model outputs 0/, hint: /linear/, data: { outputActivation: 'relu', taskKind: 'regression' } }],
    },
    {
      name: 'a ReLU classifier output',
      artifacts: { Topology: mlp(4, [{ units: 8, activation: 'relu' }, { units: 3, activation: 'relu' }]), LabelCounts: classLabels() },
      issues: [{ hint: /softmax/ }],
    },
    {
      name: 'a ReLU output without data',
      artifacts: { Topology: mlp(4, [{ units: 3, activation: 'relu' }]) },
      issues: [{ data: { taskKind: null } }],
    },
  ],
});
