import { dyingReluRisk } from '../../src/rules/dying-relu-risk.js';
import { testRule } from '../helpers/rule-tester.js';
import { mlp } from '../helpers/model-builders.js';

testRule(dyingReluRisk, {
  valid: [
    { name: 'ReLU with zero biases', artifacts: { Topology: mlp(4, [{ units: 8, activation: 'relu', biasInitializer: 'Zeros' }, { units: 3, activation: 'softmax' }]) } },
    { name: 'ReLU with a small positive bias', artifacts: { Topology: mlp(4, [{ units: 8, activation: 'relu', biasInitializer: 'Constant', biasInitializerValue: 0.01 }, { units: 3, activation: 'softmax' }]) } },
    { name: 'a bias of exactly −0.5', artifacts: { Topology: mlp(4, [{ units: 8, activation: 'relu', biasInitializer: 'Constant', biasInitializerValue: -0.5 }, { units: 3, activation: 'softmax' }]) }, onThreshold: true },
    { name: 'a ReLU layer of exactly 3 units', artifacts: { Topology: mlp(4, [{ units: 3, activation: 'relu' }, { units: 3, activation: 'softmax' }]) }, onThreshold: true },
    { name: 'a narrow tanh layer', artifacts: { Topology: mlp(4, [{ units: 2, activation: 'tanh' }, { units: 3, activation: 'softmax' }]) } },
    { name: 'a narrow output layer (one sigmoid unit)', artifacts: { Topology: mlp(4, [{ units: 8, activation: 'relu' }, { units: 1, activation: 'sigmoid' }]) } },
  ],
  invalid: [
    {
      name: 'a ReLU layer starting at bias −3',
      artifacts: { Topology: mlp(4, [{ units: 8, activation: 'relu', biasInitializer: 'Constant', biasInitializerValue: -3 }, { units: 3, activation: 'softmax' }]) },
      issues: [{ message: /layer_0 \(bias starts at -3\)/, hint: /zeros/, data: { minBias: -0.5, layers: [{ layer: 'layer_0', bias: -3 }] } }],
    },
    {
      name: 'a 2-unit ReLU bottleneck',
      artifacts: { Topology: mlp(4, [{ units: 16, activation: 'relu' }, { units: 2, activation: 'relu' }, { units: 3, activation: 'softmax' }]) },
      issues: [{ message: /layer_1 \(2 units\)/, data: { layers: [{ layer: 'layer_1', units: 2 }] } }],
    },
    {
      name: 'a 1-unit Dense followed by a ReLU layer',
      artifacts: { Topology: mlp(4, [{ units: 1 }, { className: 'ReLU' }, { units: 3, activation: 'softmax' }]) },
      issues: [{ data: { layers: [{ layer: 'layer_0', units: 1 }] } }],
    },
  ],
});
