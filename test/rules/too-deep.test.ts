import { tooDeep } from '../../src/rules/too-deep.js';
import { testRule } from '../helpers/rule-tester.js';
import { mlp, type DenseArgs } from '../helpers/model-builders.js';

const stack = (n: number, activation: string, extra: Parameters<typeof mlp>[1] = []) =>
  mlp(4, [...Array.from({ length: n }, (): DenseArgs => ({ units: 6, activation })), ...extra, { units: 3, activation: 'softmax' }]);

testRule(tooDeep, {
  valid: [
    { name: 'iris MLP with one hidden layer', artifacts: { Topology: stack(1, 'relu') } },
    { name: 'exactly 5 sigmoid hidden layers', artifacts: { Topology: stack(5, 'sigmoid') }, onThreshold: true },
    { name: '8 tanh layers with BatchNormalization', artifacts: { Topology: stack(8, 'tanh', [{ className: 'BatchNormalization' }]) } },
    { name: '12 ReLU layers', artifacts: { Topology: stack(12, 'relu') } },
    { name: 'exactly 20 weight layers (19 ReLU + output)', artifacts: { Topology: stack(19, 'relu') }, onThreshold: true },
  ],
  invalid: [
    {
      name: '8 sigmoid hidden layers',
      artifacts: { Topology: stack(8, 'sigmoid') },
      issues: [{ message: /8 hidden layers use sigmoid .* \(more than 5\)/, hint: /relu/, data: { saturatingLayers: 8, maxSaturatingLayers: 5, weightLayers: 9 } }],
    },
    { name: '6 tanh hidden layers', artifacts: { Topology: stack(6, 'tanh') }, issues: [{ data: { saturatingLayers: 6 } }] },
    { name: '21 plain ReLU weight layers', artifacts: { Topology: stack(20, 'relu') }, issues: [{ message: /21 weight layers/, data: { weightLayers: 21, maxPlainLayers: 20 } }] },
    { name: '3 sigmoid layers with maxSaturatingLayers 2', artifacts: { Topology: stack(3, 'sigmoid') }, options: { maxSaturatingLayers: 2 }, issues: [{ data: { saturatingLayers: 3 } }] },
  ],
});
