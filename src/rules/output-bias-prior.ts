/** Tip: on imbalanced classes, start the output bias at the class prior instead of zero. */
import { z } from 'zod';
import { defineRule } from './define-rule.js';
import { num, round } from './support/format.js';
import { classShares, imbalanceRatio } from './support/labels.js';
import { normaliseActivation, outputWeightLayer } from './support/model.js';

export const outputBiasPrior = defineRule({
  meta: {
    id: 'output-bias-prior',
    category: 'model',
    defaultSeverity: 'warn',
    title: 'Output bias fits the class prior',
    failureTitle: 'Tip: start the output bias at the class prior',
    docs: {
      what: 'For classification with a softmax or single sigmoid output whose bias initializer is zeros (the default): the imbalance ratio of the training labels, and the bias that makes the initial prediction equal the class shares. It judges how training starts, so saved (trained) weights do not change it.',
      why: 'A zero bias predicts uniform probabilities at the start, so the first hundreds of steps only learn the class frequencies (the "hockey stick" loss curve) and early training pushes towards the majority class. Starting the bias at log(share) (softmax) or log(p/(1−p)) (sigmoid) removes that phase; it is a tip, not an error. Default `maxRatio` 10, the ratio at which class-imbalance fails: below 10:1 the initial excess loss ln(C) − H(prior) is under about 0.4 nats and the bias is learned in the first few dozen steps, so a healthy model trained on moderately imbalanced data (say 3:1 or 5:1) is not flagged; balanced data never triggers it. Multi-label and regression targets are not judged.',
      fix: 'Set the output bias to the values in the finding, e.g. for one sigmoid unit `biasInitializer: tf.initializers.constant({value: b})`; for softmax after building: `const out = model.layers[model.layers.length - 1]; out.setWeights([out.getWeights()[0], tf.tensor1d(bias)])`.',
    },
    needs: ['Topology', 'LabelCounts'],
    optionsSchema: z.object({ maxRatio: z.number().min(1) }).strict(),
    defaultOptions: { maxRatio: 10 },
  },
  judge({ Topology, LabelCounts }, { maxRatio }) {
    const { train, task } = LabelCounts;
    if (task.kind !== 'classification' && task.kind !== 'one-hot') return [];
    const output = outputWeightLayer(Topology);
    if (!output || output.useBias === false) return [];
    if (output.biasInitializer !== undefined && !/^zeros?$/i.test(output.biasInitializer)) return [];
    // Saved weights do not silence the tip: it is about how training starts, and nndoctor (and any retraining)
    // starts from the declared initializer.
    const imbalance = imbalanceRatio(train);
    if (!imbalance || imbalance.ratio <= maxRatio) return [];
    const shares = classShares(train);
    if (shares.some((c) => c.share === 0)) return [];
    const activation = normaliseActivation(Topology.outputActivation);
    let bias: number[];
    if (activation === 'sigmoid' && Topology.outputUnits === 1 && shares.length === 2) {
      bias = [Math.log(shares[1]!.share / shares[0]!.share)];
    } else if (activation === 'softmax' && Topology.outputUnits === shares.length) {
      const logs = shares.map((c) => Math.log(c.share));
      const mean = logs.reduce((a, b) => a + b, 0) / logs.length;
      bias = logs.map((v) => v - mean);
    } else {
      return [];
    }
    const rounded = bias.map((b) => round(b, 4));
    const code = rounded.length === 1
      ? `biasInitializer: tf.initializers.constant({value: ${rounded[0]}})`
      : `out.setWeights([out.getWeights()[0], tf.tensor1d(${JSON.stringify(rounded)})])`;
    return [{
      message: `the output bias of ${output.name} is initialised to 0 (uniform predictions at the start of training) while class ${imbalance.majority.label} has ${num(imbalance.ratio)}× the rows of class ${imbalance.minority.label}`,
      hint: `start the bias at the class prior: ${code}`,
      data: { outputLayer: output.name, ratio: round(imbalance.ratio), maxRatio, bias: rounded, classes: shares.map((c) => c.label) },
    }];
  },
});
