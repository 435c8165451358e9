/** Flags a loss that does not fit the output activation or the target encoding (TF.js losses expect probabilities). */
import { z } from 'zod';
import { defineRule, type Issue } from './define-rule.js';
import { lossKind, normaliseActivation, isProbabilityActivation } from './support/model.js';
import { layersAfterProbabilities } from './layer-after-output.js';

export const lossActivationMismatch = defineRule({
  meta: {
    id: 'loss-activation-mismatch',
    category: 'model',
    defaultSeverity: 'fail',
    title: 'Loss fits the output activation and targets',
    failureTitle: 'Loss does not fit the output activation or targets',
    docs: {
      what: 'Compares the loss that was named (saved trainingConfig, nndoctor.json or --loss; a loss nndoctor derived itself is never judged) with the output layer and, when data is given, the target encoding: cross-entropy on a linear/ReLU/tanh output; binaryCrossentropy on a multi-unit softmax; categorical cross-entropy on sigmoid units or on one unit; sparseCategoricalCrossentropy on one unit or on one-hot target columns; MSE/MAE on a softmax output; and the reverse for `softmaxCrossEntropy`/`sigmoidCrossEntropy` (tf.losses functions that take logits) on an output that already applies softmax/sigmoid.',
      why: 'TF.js\'s cross-entropy losses take probabilities, not logits (there is no fromLogits): on a linear output they clip negative values to ε, so the gradient vanishes and the model sticks to one class. Categorical cross-entropy over one unit is identically 0; binary cross-entropy over a softmax treats coupled outputs as independent; MSE on a softmax trains a classifier with tiny gradients. Each of these is a pairing error, so there is no threshold.',
      fix: 'C exclusive classes: softmax with `units: C` and `sparseCategoricalCrossentropy` (labels 0..C−1) or `categoricalCrossentropy` (one-hot columns). Binary: 1 sigmoid unit with `binaryCrossentropy`. Multi-label: sigmoid units with `binaryCrossentropy`. Regression: a linear output with `meanSquaredError`.',
    },
    needs: ['Topology', 'TrainingSettings'],
    optional: ['LabelCounts'],
    optionsSchema: z.object({}).strict(),
    defaultOptions: {},
  },
  judge({ Topology, TrainingSettings, LabelCounts }) {
    const { loss } = TrainingSettings;
    if (TrainingSettings.sources.loss === 'derived') return [];
    const kind = lossKind(loss);
    if (kind === 'other') return [];
    const activation = normaliseActivation(Topology.outputActivation);
    const units = Topology.outputUnits;
    const train = LabelCounts?.train;
    const from = TrainingSettings.sources.loss;
    const data = { loss, lossFrom: from, outputActivation: activation, outputUnits: units };
    const issue = (message: string, hint: string): Issue[] => [{ message, hint, data }];
    const out = `the ${units ?? '?'}-unit ${activation} output`;
    if (kind === 'logits') {
      if (!isProbabilityActivation(activation)) return [];
      return issue(`loss ${loss} applies ${/sigmoid/i.test(loss) ? 'sigmoid' : 'softmax'} itself (it takes logits), but ${out} already did: the activation is applied twice`, 'set activation "linear" on the output layer, or use loss categoricalCrossentropy/binaryCrossentropy with the current output');
    }
    if (kind === 'sparse' && units === 1) {
      return issue(`loss ${loss} needs one output unit per class, but ${out} has 1`, 'binary: keep 1 sigmoid unit and use loss binaryCrossentropy; C classes: units C with softmax');
    }
    if (kind === 'categorical' && units === 1) {
      return issue(`loss ${loss} over ${out} is always 0 (one unit normalises to 1)`, 'binary: use loss binaryCrossentropy with 1 sigmoid unit; C classes: units C with softmax');
    }
    if (kind === 'binary' && activation === 'softmax' && units !== null && units > 1) {
      return issue(`loss ${loss} treats each unit as an independent yes/no, but ${out} couples them`, `exclusive classes: use loss ${train?.kind === 'multi' ? 'categoricalCrossentropy' : 'sparseCategoricalCrossentropy'}; multi-label: use activation "sigmoid"`);
    }
    if ((kind === 'categorical' || kind === 'sparse') && (activation === 'sigmoid' || activation === 'hardsigmoid') && units !== null && units > 1) {
      return issue(`loss ${loss} expects outputs that sum to 1, but ${out} does not`, 'exclusive classes: use activation "softmax"; multi-label: keep sigmoid and use loss binaryCrossentropy');
    }
    if (kind === 'sparse' && train?.kind === 'multi') {
      return issue(`loss ${loss} expects one class-index column, but the targets are ${train.columns.length} columns (${train.columns.slice(0, 4).join(', ')}…)`, 'one-hot target columns: use loss categoricalCrossentropy');
    }
    // A class-index column with categoricalCrossentropy is not flagged: training code commonly one-hot encodes it
    // (tf.oneHot) before fit, and nndoctor's own training does the same.
    // Probabilities changed by a later layer (Dropout, BatchNormalization after the softmax) are layer-after-output's finding.
    if ((kind === 'categorical' || kind === 'sparse' || kind === 'binary') && !isProbabilityActivation(activation) && !layersAfterProbabilities(Topology)) {
      return issue(`loss ${loss} expects probabilities, but ${out} produces ${activation === 'linear' ? 'unbounded logits' : `${activation} values`} (TF.js has no fromLogits)`, units === 1 ? 'set activation "sigmoid" on the output layer' : 'set activation "softmax" on the output layer (or "sigmoid" for multi-label)');
    }
    if (kind === 'regression' && activation === 'softmax') {
      return issue(`loss ${loss} is a regression loss, but ${out} is a classifier`, `use loss ${train?.kind === 'multi' ? 'categoricalCrossentropy' : 'sparseCategoricalCrossentropy'}`);
    }
    return [];
  },
});
