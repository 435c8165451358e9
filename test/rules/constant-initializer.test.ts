import { constantInitializer } from '../../src/rules/constant-initializer.js';
import { testRule } from '../helpers/rule-tester.js';
import { mlp } from '../helpers/model-builders.js';
import type { SavedKernelStats } from '../../src/gather/artifacts.js';

const kernel = (layer: string, allEqual: boolean, value = 0.05): SavedKernelStats => ({
  layer, weight: `${layer}/kernel`, shape: [4, 8], count: 32, allEqual, min: allEqual ? value : -0.5, max: allEqual ? value : 0.5, mean: allEqual ? value : 0, std: allEqual ? 0 : 0.3, nonFinite: 0,
});

testRule(constantInitializer, {
  noThreshold: true,
  valid: [
    { name: 'Glorot kernels with zero biases', artifacts: { Topology: mlp(4, [{ units: 8, activation: 'relu', kernelInitializer: 'VarianceScaling', biasInitializer: 'Zeros' }, { units: 3, activation: 'softmax', kernelInitializer: 'GlorotUniform', biasInitializer: 'Zeros' }]) } },
    { name: 'a zero-initialised output layer (it still learns)', artifacts: { Topology: mlp(4, [{ units: 8, activation: 'relu', kernelInitializer: 'HeNormal' }, { units: 3, activation: 'softmax', kernelInitializer: 'Zeros' }]) } },
    { name: 'logistic regression with zeros (single layer)', artifacts: { Topology: mlp(4, [{ units: 1, activation: 'sigmoid', kernelInitializer: 'zeros' }]) } },
    { name: 'random saved kernels', artifacts: { Topology: mlp(4, [{ units: 8, activation: 'relu' }, { units: 3, activation: 'softmax' }], { hasWeights: true, savedKernels: [kernel('layer_0', false), kernel('layer_1', false)] }) } },
    { name: 'a RandomNormal with a spread', artifacts: { Topology: mlp(4, [{ units: 8, activation: 'relu', kernelInitializer: 'RandomNormal', kernelInitializerArgs: { mean: 0, stddev: 0.05 } }, { units: 3, activation: 'softmax' }]) } },
  ],
  invalid: [
    {
      name: 'hidden layers with zeros and ones',
      artifacts: { Topology: mlp(4, [{ units: 8, activation: 'relu', kernelInitializer: 'Zeros' }, { units: 8, activation: 'relu', kernelInitializer: 'ones' }, { units: 3, activation: 'softmax' }]) },
      issues: [{ message: /layer_0 \(zeros\), layer_1 \(ones\)/, hint: /heNormal/, data: { layers: [{ layer: 'layer_0', initializer: 'zeros' }, { layer: 'layer_1', initializer: 'ones' }] } }],
    },
    {
      name: 'a Constant(0.1) hidden kernel',
      artifacts: { Topology: mlp(4, [{ units: 8, activation: 'tanh', kernelInitializer: 'Constant', kernelInitializerValue: 0.1 }, { units: 3, activation: 'softmax' }]) },
      issues: [{ data: { layers: [{ layer: 'layer_0', initializer: 'constant 0.1' }] } }],
    },
    {
      name: 'RandomNormal with stddev 0',
      artifacts: { Topology: mlp(4, [{ units: 8, activation: 'relu', kernelInitializer: 'RandomNormal', kernelInitializerArgs: { mean: 0.1, stddev: 0 } }, { units: 3, activation: 'softmax' }]) },
      issues: [{ message: /stddev 0/ }],
    },
    {
      name: 'a saved hidden kernel with every value 0.05',
      artifacts: { Topology: mlp(4, [{ units: 8, activation: 'relu' }, { units: 3, activation: 'softmax' }], { hasWeights: true, savedKernels: [kernel('layer_0', true), kernel('layer_1', false)] }) },
      issues: [{ message: /layer_0\/kernel \(32 values, all 0\.05\)/, data: { kernels: [{ layer: 'layer_0', weight: 'layer_0/kernel', count: 32, value: 0.05 }] } }],
    },
  ],
});
