import { lossActivationMismatch } from '../../src/rules/loss-activation-mismatch.js';
import { testRule } from '../helpers/rule-tester.js';
import { makeSettings } from '../helpers/builders.js';
import { classLabels, mlp, multiColumnTargets, regressionTargets } from '../helpers/model-builders.js';
import type { TrainingSettings } from '../../src/gather/artifacts.js';

const out = (activation: string, units: number) => mlp(4, [{ units: 8, activation: 'relu' }, { units, activation }]);
const named = (loss: string, from: TrainingSettings['sources']['loss'] = 'model.json'): TrainingSettings => {
  const settings = makeSettings({ loss });
  settings.sources = { ...settings.sources, loss: from };
  return settings;
};

testRule(lossActivationMismatch, {
  noThreshold: true,
  valid: [
    { name: 'softmax + sparseCategoricalCrossentropy', artifacts: { Topology: out('softmax', 3), TrainingSettings: named('sparseCategoricalCrossentropy'), LabelCounts: classLabels() } },
    { name: 'softmax + categoricalCrossentropy on one-hot columns', artifacts: { Topology: out('softmax', 3), TrainingSettings: named('categoricalCrossentropy'), LabelCounts: multiColumnTargets(['a', 'b', 'c'], 30, 0) } },
    { name: 'softmax + categoricalCrossentropy on a class-index column (one-hot in code)', artifacts: { Topology: out('softmax', 3), TrainingSettings: named('categoricalCrossentropy'), LabelCounts: classLabels() } },
    { name: 'one sigmoid unit + binaryCrossentropy', artifacts: { Topology: out('sigmoid', 1), TrainingSettings: named('binaryCrossentropy') } },
    { name: 'multi-label sigmoid + binaryCrossentropy', artifacts: { Topology: out('sigmoid', 3), TrainingSettings: named('binaryCrossentropy', 'nndoctor.json'), LabelCounts: multiColumnTargets(['a', 'b', 'c'], 30, 12) } },
    { name: 'linear + meanSquaredError', artifacts: { Topology: out('linear', 1), TrainingSettings: named('meanSquaredError'), LabelCounts: regressionTargets(-2, 2) } },
    { name: 'a derived loss is never judged', artifacts: { Topology: out('linear', 1), TrainingSettings: named('sparseCategoricalCrossentropy', 'derived') } },
    { name: 'an unknown loss', artifacts: { Topology: out('linear', 3), TrainingSettings: named('myCustomLoss') } },
    { name: 'softmaxCrossEntropy (takes logits) on a linear output', artifacts: { Topology: out('linear', 3), TrainingSettings: named('softmaxCrossEntropy') } },
  ],
  invalid: [
    {
      name: 'cross-entropy on a linear output (logits)',
      artifacts: { Topology: out('linear', 3), TrainingSettings: named('sparseCategoricalCrossentropy') },
      issues: [{ message: /expects probabilities, but the 3-unit linear output produces unbounded logits/, hint: /softmax/, data: { loss: 'sparseCategoricalCrossentropy', outputActivation: 'linear' } }],
    },
    {
      name: 'binaryCrossentropy on a ReLU unit',
      artifacts: { Topology: out('relu', 1), TrainingSettings: named('binaryCrossentropy') },
      issues: [{ hint: /sigmoid/ }],
    },
    {
      name: 'binaryCrossentropy on a 3-unit softmax',
      artifacts: { Topology: out('softmax', 3), TrainingSettings: named('binaryCrossentropy', 'flag'), LabelCounts: classLabels() },
      issues: [{ message: /independent/, hint: /sparseCategoricalCrossentropy/, data: { lossFrom: 'flag' } }],
    },
    {
      name: 'categoricalCrossentropy on sigmoid units',
      artifacts: { Topology: out('sigmoid', 3), TrainingSettings: named('categoricalCrossentropy') },
      issues: [{ message: /sum to 1/ }],
    },
    {
      name: 'sparseCategoricalCrossentropy on one unit',
      artifacts: { Topology: out('sigmoid', 1), TrainingSettings: named('sparseCategoricalCrossentropy') },
      issues: [{ message: /one output unit per class/ }],
    },
    {
      name: 'categoricalCrossentropy on one unit',
      artifacts: { Topology: out('sigmoid', 1), TrainingSettings: named('categorical_crossentropy') },
      issues: [{ message: /always 0/ }],
    },
    {
      name: 'sparseCategoricalCrossentropy on one-hot columns',
      artifacts: { Topology: out('softmax', 3), TrainingSettings: named('sparseCategoricalCrossentropy'), LabelCounts: multiColumnTargets(['a', 'b', 'c'], 30, 0) },
      issues: [{ hint: /categoricalCrossentropy/ }],
    },
    {
      name: 'sigmoidCrossEntropy (takes logits) on a sigmoid output',
      artifacts: { Topology: out('sigmoid', 1), TrainingSettings: named('sigmoidCrossEntropy') },
      issues: [{ message: /applied twice/, hint: /linear/ }],
    },
    {
      name: 'meanSquaredError on a softmax',
      artifacts: { Topology: out('softmax', 3), TrainingSettings: named('meanSquaredError') },
      issues: [{ message: /regression loss/ }],
    },
  ],
});
