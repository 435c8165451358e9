/** Flags a ReLU on the output layer: a unit that dies there predicts 0 for every input for ever. */
import { z } from 'zod';
import { defineRule } from './define-rule.js';
import { normaliseActivation } from './support/model.js';

export const reluOutput = defineRule({
  meta: {
    id: 'relu-output',
    category: 'model',
    defaultSeverity: 'warn',
    title: 'The output layer is not a ReLU',
    failureTitle: 'The output layer uses ReLU',
    docs: {
      what: 'Looks at the effective activation of the output layer (its own, or a trailing ReLU/Activation layer): relu or relu6.',
      why: 'A ReLU output unit whose pre-activation turns negative for all inputs (a large step, a negative target pulling it down) outputs 0 with zero gradient and never recovers: the model then predicts the same value — or, for classifiers, the same class — for everything. ReLU outputs are also not probabilities, which classification losses need, and cannot reach negative targets. There is no threshold.',
      fix: 'Classification: `activation: "softmax"` (C classes) or `"sigmoid"` (binary, multi-label). Regression: `activation: "linear"`; for targets that must stay positive use "softplus" or predict log(target).',
    },
    needs: ['Topology'],
    optional: ['LabelCounts'],
    optionsSchema: z.object({}).strict(),
    defaultOptions: {},
  },
  judge({ Topology, LabelCounts }) {
    const activation = normaliseActivation(Topology.outputActivation);
    if (activation !== 'relu' && activation !== 'relu6') return [];
    const kind = LabelCounts?.task.kind;
    const hint = kind === 'regression'
      ? 'use activation "linear" on the output layer ("softplus" if predictions must stay positive)'
      : kind === 'multi-label' ? 'use activation "sigmoid" on the output layer with binaryCrossentropy'
      : kind ? 'use activation "softmax" on the output layer (units = classes), or "sigmoid" for one binary unit'
      : 'classification: activation "softmax"/"sigmoid"; regression: activation "linear"';
    return [{
      message: `the output layer ${Topology.outputLayer} uses ${activation}: if its ${Topology.outputUnits ?? ''} unit${Topology.outputUnits === 1 ? '' : 's'} die${Topology.outputUnits === 1 ? 's' : ''}, the model outputs 0 for every input`,
      hint,
      data: { outputLayer: Topology.outputLayer, outputActivation: activation, outputUnits: Topology.outputUnits, taskKind: kind ?? null },
    }];
  },
});
