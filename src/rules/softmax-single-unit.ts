/** Flags a softmax over a single output unit, which always outputs 1.0. */
import { z } from 'zod';
import { defineRule } from './define-rule.js';

export const softmaxSingleUnit = defineRule({
  meta: {
    id: 'softmax-single-unit',
    category: 'model',
    defaultSeverity: 'fail',
    title: 'Softmax has more than one unit',
    failureTitle: 'Softmax over a single unit always outputs 1',
    docs: {
      what: 'Looks at the output layer: a softmax (as activation, Softmax or Activation layer) over a last dimension of 1 unit.',
      why: 'softmax(z) = exp(z) / Σ exp(z) is exactly 1.0 when there is one unit, whatever the input: the prediction is constant, the gradient is zero, and the network "always predicts the same class" no matter how long it trains. There is no threshold: one unit is always wrong.',
      fix: 'For two classes use `tf.layers.dense({units: 1, activation: "sigmoid"})` with `binaryCrossentropy`, or `units: 2` with softmax and `sparseCategoricalCrossentropy`; for C classes use `units: C`.',
    },
    needs: ['Topology'],
    optional: ['LabelCounts'],
    optionsSchema: z.object({}).strict(),
    defaultOptions: {},
  },
  judge({ Topology, LabelCounts }) {
    if (Topology.outputActivation.toLowerCase() !== 'softmax' || Topology.outputUnits !== 1) return [];
    return [{
      message: `the output layer ${Topology.outputLayer} applies softmax to 1 unit: it outputs 1.0 for every input`,
      // A continuous target under a one-unit softmax is a regression model built like a classifier.
      hint: LabelCounts?.task.kind === 'regression'
        ? 'the target is continuous (regression): use a linear output, tf.layers.dense({units: 1}), with loss meanSquaredError'
        : 'binary: tf.layers.dense({units: 1, activation: "sigmoid"}) with loss binaryCrossentropy; C classes: units C with softmax',
      data: { outputLayer: Topology.outputLayer, outputUnits: 1, outputActivation: 'softmax' },
    }];
  },
});
