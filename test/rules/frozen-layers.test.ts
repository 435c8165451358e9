import { frozenLayers } from '../../src/rules/frozen-layers.js';
import { testRule } from '../helpers/rule-tester.js';
import { mlp } from '../helpers/model-builders.js';

testRule(frozenLayers, {
  noThreshold: true,
  valid: [
    { name: 'every layer trainable', artifacts: { Topology: mlp(4, [{ units: 8, activation: 'relu' }, { units: 3, activation: 'softmax' }]) } },
    { name: 'a pretrained frozen body with a trainable head (fine-tuning)', artifacts: { Topology: mlp(4, [{ units: 8, activation: 'relu', trainable: false }, { units: 3, activation: 'softmax' }], { hasWeights: true }) } },
    { name: 'a frozen Dropout layer (no weights)', artifacts: { Topology: mlp(4, [{ units: 8, activation: 'relu' }, { className: 'Dropout', rate: 0.2, trainable: false }, { units: 3, activation: 'softmax' }]) } },
  ],
  invalid: [
    {
      name: 'every weight layer frozen',
      artifacts: { Topology: mlp(4, [{ units: 8, activation: 'relu', trainable: false }, { units: 3, activation: 'softmax', trainable: false }], { hasWeights: true }) },
      issues: [{ message: /all 2 weight layers are frozen/, hint: /trainable: true on layer_0, layer_1/, data: { frozen: ['layer_0', 'layer_1'], weightLayers: 2 } }],
    },
    {
      name: 'a frozen hidden layer without saved weights',
      artifacts: { Topology: mlp(4, [{ units: 8, activation: 'relu', trainable: false }, { units: 3, activation: 'softmax' }]) },
      issues: [{ message: /layer_0 is frozen .* no saved weights/, data: { frozen: ['layer_0'], hasWeights: false } }],
    },
  ],
});
