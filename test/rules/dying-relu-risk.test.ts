import { dyingReluRisk } from '../../src/rules/dying-relu-risk.js';
import { testRule } from '../helpers/rule-tester.js';
import { mlp } from '../helpers/model-builders.js';
import { makeSettings } from '../helpers/builders.js';
import type { SavedKernelStats } from '../../src/gather/artifacts.js';

const stats = (layer: string, weight: string, shape: number[], min: number, max: number, mean: number, std: number): SavedKernelStats => ({
  layer, weight: `${layer}/${weight}`, shape, count: shape.reduce((a, b) => a * b, 1), allEqual: false, min, max, mean, std, nonFinite: 0,
});
/** A trained-looking 4-16-3 MLP whose hidden biases are given. */
const saved = (biasMin: number, biasMax: number, kernelStd = 0.5) => mlp(4, [{ units: 16, activation: 'relu' }, { units: 3, activation: 'softmax' }], {
  hasWeights: true,
  savedKernels: [stats('layer_0', 'kernel', [4, 16], -1, 1, 0, kernelStd), stats('layer_1', 'kernel', [16, 3], -1, 1, 0, 0.4)],
  savedBiases: [stats('layer_0', 'bias', [16], biasMin, biasMax, (biasMin + biasMax) / 2, 0.1), stats('layer_1', 'bias', [3], -0.2, 0.2, 0, 0.2)],
});

testRule(dyingReluRisk, {
  valid: [
    { name: 'ReLU with zero biases', artifacts: { TrainingSettings: makeSettings(), Topology: mlp(4, [{ units: 8, activation: 'relu', biasInitializer: 'Zeros' }, { units: 3, activation: 'softmax' }]) } },
    { name: 'ReLU with a small positive bias', artifacts: { TrainingSettings: makeSettings(), Topology: mlp(4, [{ units: 8, activation: 'relu', biasInitializer: 'Constant', biasInitializerValue: 0.01 }, { units: 3, activation: 'softmax' }]) } },
    { name: 'a bias of exactly −0.5', artifacts: { TrainingSettings: makeSettings(), Topology: mlp(4, [{ units: 8, activation: 'relu', biasInitializer: 'Constant', biasInitializerValue: -0.5 }, { units: 3, activation: 'softmax' }]) }, onThreshold: true },
    { name: 'a ReLU layer of exactly 3 units', artifacts: { TrainingSettings: makeSettings(), Topology: mlp(4, [{ units: 3, activation: 'relu' }, { units: 3, activation: 'softmax' }]) }, onThreshold: true },
    { name: 'trained biases around zero', artifacts: { TrainingSettings: makeSettings(), Topology: saved(-0.7, 0.4) } },
    { name: 'all biases at −3..−3.5 but weights large enough (limit −2 × √4 × 1.8 = −7.2)', artifacts: { TrainingSettings: makeSettings(), Topology: saved(-3.5, -3, 1.8) } },
    { name: 'all biases below −1.5 with a spread of 1', artifacts: { TrainingSettings: makeSettings(), Topology: saved(-1.9, -1.5) } },
    { name: 'ReLU layers with sgd at 0.2 (exactly 20×)', artifacts: { TrainingSettings: makeSettings({ optimizer: 'sgd', learningRate: 0.2 }), Topology: mlp(4, [{ units: 8, activation: 'relu' }, { units: 3, activation: 'softmax' }]) }, onThreshold: true },
    { name: 'tanh layers with adam at 0.5 (no ReLU to die)', artifacts: { TrainingSettings: makeSettings({ learningRate: 0.5 }), Topology: mlp(4, [{ units: 8, activation: 'tanh' }, { units: 3, activation: 'softmax' }]) } },
    { name: 'a narrow tanh layer', artifacts: { TrainingSettings: makeSettings(), Topology: mlp(4, [{ units: 2, activation: 'tanh' }, { units: 3, activation: 'softmax' }]) } },
    { name: 'a narrow output layer (one sigmoid unit)', artifacts: { TrainingSettings: makeSettings(), Topology: mlp(4, [{ units: 8, activation: 'relu' }, { units: 1, activation: 'sigmoid' }]) } },
  ],
  invalid: [
    {
      name: 'a ReLU layer starting at bias −3',
      artifacts: { TrainingSettings: makeSettings(), Topology: mlp(4, [{ units: 8, activation: 'relu', biasInitializer: 'Constant', biasInitializerValue: -3 }, { units: 3, activation: 'softmax' }]) },
      issues: [{ message: /layer_0 \(bias starts at -3\)/, hint: /zeros/, data: { minBias: -0.5, layers: [{ layer: 'layer_0', bias: -3 }] } }],
    },
    {
      name: 'saved hidden biases all around −100',
      artifacts: { TrainingSettings: makeSettings(), Topology: saved(-101, -99) },
      issues: [{ message: /every saved bias of ReLU layer layer_0 \(at most -99\) is far below zero/, data: { layers: [{ layer: 'layer_0', maxBias: -99, limit: -2 }] } }],
    },
    {
      name: 'saved hidden biases all below −2 spreads',
      artifacts: { TrainingSettings: makeSettings(), Topology: saved(-3, -2.1) },
      issues: [{ data: { layers: [{ layer: 'layer_0', maxBias: -2.1, limit: -2 }] } }],
    },
    {
      name: 'ReLU layers trained with adam at 0.5',
      artifacts: { TrainingSettings: makeSettings({ learningRate: 0.5 }), Topology: mlp(4, [{ units: 8, activation: 'relu' }, { units: 3, activation: 'softmax' }]) },
      issues: [{ message: /1 ReLU layer \(layer_0\) trained at learning rate 0\.5, 500× adam's usual 0\.001/, hint: /0\.001/, data: { factor: 500, maxLrFactor: 20, layers: ['layer_0'] } }],
    },
    {
      name: 'a 2-unit ReLU bottleneck',
      artifacts: { TrainingSettings: makeSettings(), Topology: mlp(4, [{ units: 16, activation: 'relu' }, { units: 2, activation: 'relu' }, { units: 3, activation: 'softmax' }]) },
      issues: [{ message: /layer_1 \(2 units\)/, data: { layers: [{ layer: 'layer_1', units: 2 }] } }],
    },
    {
      name: 'a 2-unit Dense → LayerNormalization → ReLU layer',
      artifacts: { TrainingSettings: makeSettings(), Topology: mlp(4, [{ units: 2 }, { className: 'LayerNormalization' }, { className: 'ReLU' }, { units: 3, activation: 'softmax' }]) },
      issues: [{ data: { layers: [{ layer: 'layer_0', units: 2 }] } }],
    },
    {
      name: 'a 1-unit Dense followed by a ReLU layer',
      artifacts: { TrainingSettings: makeSettings(), Topology: mlp(4, [{ units: 1 }, { className: 'ReLU' }, { units: 3, activation: 'softmax' }]) },
      issues: [{ data: { layers: [{ layer: 'layer_0', units: 1 }] } }],
    },
  ],
});
