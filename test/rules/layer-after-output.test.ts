import { layerAfterOutput } from '../../src/rules/layer-after-output.js';
import { testRule } from '../helpers/rule-tester.js';
import { mlp } from '../helpers/model-builders.js';

const last = (topology: ReturnType<typeof mlp>) => ({ ...topology, outputLayer: topology.layers[topology.layers.length - 1]!.name });

testRule(layerAfterOutput, {
  noThreshold: true,
  valid: [
    { name: 'Dense(softmax) as the last layer', artifacts: { Topology: last(mlp(4, [{ units: 8, activation: 'relu' }, { className: 'Dropout', rate: 0.3 }, { units: 3, activation: 'softmax' }])) } },
    { name: 'Dense (linear) → Softmax layer', artifacts: { Topology: last(mlp(4, [{ units: 8, activation: 'relu' }, { units: 3 }, { className: 'Softmax' }])) } },
    { name: 'Dense(sigmoid) → Reshape', artifacts: { Topology: last(mlp(4, [{ units: 3, activation: 'sigmoid' }, { className: 'Reshape' }])) } },
    { name: 'a linear regression head after Dropout', artifacts: { Topology: last(mlp(4, [{ units: 8, activation: 'sigmoid' }, { className: 'Dropout', rate: 0.2 }, { units: 1 }])) } },
  ],
  invalid: [
    {
      name: 'Dropout after the softmax',
      artifacts: { Topology: last(mlp(4, [{ units: 8, activation: 'relu' }, { units: 3, activation: 'softmax' }, { className: 'Dropout', rate: 0.3 }])) },
      issues: [{ message: /layer_2 \(Dropout 0\.3\) comes after the softmax of layer_1/, hint: /move layer_2 before layer_1/, data: { outputActivationLayer: 'layer_1', after: [{ layer: 'layer_2', className: 'Dropout' }] } }],
    },
    {
      name: 'a second softmax',
      artifacts: { Topology: last(mlp(4, [{ units: 3, activation: 'softmax' }, { className: 'Softmax' }])) },
      issues: [{ hint: /only once/ }],
    },
    {
      name: 'BatchNormalization after a sigmoid output',
      artifacts: { Topology: last(mlp(4, [{ units: 8, activation: 'relu' }, { units: 3, activation: 'sigmoid' }, { className: 'BatchNormalization' }])) },
      issues: [{ data: { activation: 'sigmoid' } }],
    },
  ],
});
