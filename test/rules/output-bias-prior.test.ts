import { outputBiasPrior } from '../../src/rules/output-bias-prior.js';
import { testRule } from '../helpers/rule-tester.js';
import { classLabels, mlp, multiColumnTargets, regressionTargets } from '../helpers/model-builders.js';
import type { SavedKernelStats } from '../../src/gather/artifacts.js';

const sigmoid = mlp(4, [{ units: 8, activation: 'relu' }, { units: 1, activation: 'sigmoid', biasInitializer: 'Zeros' }]);
const softmax = mlp(4, [{ units: 8, activation: 'relu' }, { units: 3, activation: 'softmax' }]);
const bias = (layer: string, value: number): SavedKernelStats => ({ layer, weight: `${layer}/bias`, shape: [1], count: 1, allEqual: true, min: value, max: value, mean: value, std: 0, nonFinite: 0 });

testRule(outputBiasPrior, {
  valid: [
    { name: 'balanced iris', artifacts: { Topology: softmax, LabelCounts: classLabels() } },
    { name: 'a 2:1 binary split', artifacts: { Topology: sigmoid, LabelCounts: classLabels({ 0: 100, 1: 50 }) } },
    { name: 'a 5:1 binary split (moderate imbalance, healthy to train)', artifacts: { Topology: sigmoid, LabelCounts: classLabels({ 0: 50, 1: 10 }) } },
    { name: 'exactly 10:1', artifacts: { Topology: sigmoid, LabelCounts: classLabels({ 0: 100, 1: 10 }) }, onThreshold: true },
    { name: 'an output layer without bias', artifacts: { Topology: mlp(4, [{ units: 1, activation: 'sigmoid', useBias: false }]), LabelCounts: classLabels({ 0: 100, 1: 5 }) } },
    { name: 'a bias initializer already set', artifacts: { Topology: mlp(4, [{ units: 1, activation: 'sigmoid', biasInitializer: 'Constant', biasInitializerValue: -1.6 }]), LabelCounts: classLabels({ 0: 100, 1: 5 }) } },
    { name: 'multi-label targets', artifacts: { Topology: mlp(4, [{ units: 3, activation: 'sigmoid' }]), LabelCounts: multiColumnTargets(['a', 'b', 'c'], 100, 40) } },
    { name: 'regression', artifacts: { Topology: mlp(4, [{ units: 1 }]), LabelCounts: regressionTargets(-1, 1) } },
  ],
  invalid: [
    {
      name: 'a 12:1 binary split with a zero sigmoid bias',
      artifacts: { Topology: sigmoid, LabelCounts: classLabels({ 0: 60, 1: 5 }) },
      issues: [{ message: /bias of layer_1 is initialised to 0 .* class 0 has 12× the rows of class 1/, hint: /tf\.initializers\.constant\(\{value: -2\.485\}\)/, data: { ratio: 12, bias: [-2.485] } }],
    },
    {
      name: 'a 12:1 split with a trained model (the tip is about the start)',
      artifacts: { Topology: { ...sigmoid, hasWeights: true, savedBiases: [bias('layer_1', -2.5)] }, LabelCounts: classLabels({ 0: 60, 1: 5 }) },
      issues: [{ data: { bias: [-2.485] } }],
    },
    {
      name: 'a 12:1:1 softmax split, saved bias all zero',
      artifacts: { Topology: { ...softmax, hasWeights: true, savedBiases: [{ ...bias('layer_1', 0), shape: [3], count: 3 }] }, LabelCounts: classLabels({ 0: 120, 1: 10, 2: 10 }) },
      issues: [{ hint: /setWeights/, data: { ratio: 12, bias: [1.657, -0.8283, -0.8283] } }],
    },
  ],
});
