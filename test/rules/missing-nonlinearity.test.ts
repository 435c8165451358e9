import { missingNonlinearity } from '../../src/rules/missing-nonlinearity.js';
import { testRule } from '../helpers/rule-tester.js';
import { makeLayer, makeTopology } from '../helpers/builders.js';
import { mlp } from '../helpers/model-builders.js';

/** A functional residual block: conv (linear) → BN → add → ReLU → dense. */
const residual = makeTopology([
  makeLayer({ name: 'input', className: 'InputLayer', batchInputShape: [null, 8] }),
  makeLayer({ name: 'd1', className: 'Dense', units: 8, activation: 'linear', inbound: ['input'] }),
  makeLayer({ name: 'bn', className: 'BatchNormalization', inbound: ['d1'] }),
  makeLayer({ name: 'add', className: 'Add', inbound: ['bn', 'input'] }),
  makeLayer({ name: 'act', className: 'Activation', activation: 'relu', inbound: ['add'] }),
  makeLayer({ name: 'out', className: 'Dense', units: 3, activation: 'softmax', inbound: ['act'] }),
], { modelClass: 'Model', outputLayer: 'out' });

testRule(missingNonlinearity, {
  noThreshold: true,
  valid: [
    { name: 'relu hidden layers', artifacts: { Topology: mlp(4, [{ units: 16, activation: 'relu' }, { units: 16, activation: 'tanh' }, { units: 3, activation: 'softmax' }]) } },
    { name: 'Dense (linear) → BatchNormalization → ReLU layer', artifacts: { Topology: mlp(4, [{ units: 16 }, { className: 'BatchNormalization' }, { className: 'ReLU' }, { units: 3, activation: 'softmax' }]) } },
    { name: 'Dense (linear) → Activation(elu)', artifacts: { Topology: mlp(4, [{ units: 16 }, { className: 'Activation', activation: 'elu' }, { units: 3, activation: 'softmax' }]) } },
    { name: 'a single linear layer (linear regression)', artifacts: { Topology: mlp(4, [{ units: 1 }]) } },
    { name: 'a residual block with the activation after Add', artifacts: { Topology: residual } },
    { name: 'Dense (linear) → LayerNormalization → Dense (normalisation per sample is non-linear)', artifacts: { Topology: mlp(4, [{ units: 16 }, { className: 'LayerNormalization' }, { units: 3, activation: 'softmax' }]) } },
  ],
  invalid: [
    {
      name: 'two hidden Dense layers without activation',
      artifacts: { Topology: mlp(4, [{ units: 16 }, { units: 16 }, { units: 3, activation: 'softmax' }]) },
      issues: [{ message: /layer_0 \(Dense, linear\) feeds layer_1; layer_1 \(Dense, linear\) feeds layer_2/, hint: /relu/, data: { layers: [{ layer: 'layer_0', className: 'Dense', next: 'layer_1' }, { layer: 'layer_1', className: 'Dense', next: 'layer_2' }] } }],
    },
    {
      name: 'a linear hidden layer behind Dropout',
      artifacts: { Topology: mlp(4, [{ units: 16, activation: 'relu' }, { units: 8, activation: 'linear' }, { className: 'Dropout', rate: 0.2 }, { units: 3, activation: 'softmax' }]) },
      issues: [{ data: { layers: [{ layer: 'layer_1', className: 'Dense', next: 'layer_3' }] } }],
    },
  ],
});
