/** Flags target values that lie outside the range the output activation can produce. */
import { z } from 'zod';
import { defineRule } from './define-rule.js';
import { num } from './support/format.js';
import { activationRange, normaliseActivation } from './support/model.js';

const SUGGEST: Record<string, string> = {
  negative: 'targets go below 0: use a linear output (regression), or tanh if they lie within [−1, 1]',
  signedCodes: 'the targets are −1/+1 class codes: write them as 0/1 (−1 → 0) for a sigmoid output with binaryCrossentropy',
  aboveOne: 'targets go above 1: use a linear output (or ReLU/softplus for non-negative targets), or rescale the targets into [0, 1]',
};

export const activationCannotReachTargets = defineRule({
  meta: {
    id: 'activation-cannot-reach-targets',
    category: 'model',
    defaultSeverity: 'fail',
    title: 'The output activation can reach the targets',
    failureTitle: 'Targets lie outside the output activation\'s range',
    docs: {
      what: 'When the targets are compared with the output values directly (multi-column targets, a regression target, or one output unit fed the label itself), compares the smallest and largest target with the output activation\'s range: sigmoid/softmax [0, 1], tanh/softsign [−1, 1], ReLU/softplus [0, ∞), ReLU6 [0, 6], ELU (−1, ∞), SELU (−1.76, ∞); linear and leaky activations are unbounded. Class-index labels with one unit per class are not values and are not judged.',
      why: 'An output that cannot reach a target leaves an error that no training removes, and the gradient pushes the unit into saturation (sigmoid at 0/1, a dead ReLU) where it learns nothing: e.g. standardised regression targets (negative) under a ReLU or sigmoid output. Default `tolerance` 0.001: targets written to CSV with a few digits may overshoot a bound by rounding; anything beyond that is a real gap.',
      fix: 'Regression: a linear output (`activation: "linear"`), or tanh for targets in [−1, 1]; classification: map labels into the activation\'s range (e.g. −1/1 → 0/1 for sigmoid), or rescale the targets.',
    },
    needs: ['Topology', 'LabelCounts'],
    optionsSchema: z.object({ tolerance: z.number().min(0) }).strict(),
    defaultOptions: { tolerance: 0.001 },
  },
  judge({ Topology, LabelCounts }, { tolerance }) {
    const { train, task } = LabelCounts;
    if (!train.numeric || train.min === null || train.max === null) return [];
    const valuesAreTargets = train.kind === 'multi' || task.kind === 'regression' || Topology.outputUnits === 1;
    if (!valuesAreTargets) return [];
    const activation = normaliseActivation(Topology.outputActivation);
    const range = activationRange(activation);
    if (!range) return [];
    const below = range.min !== null ? range.min - train.min : -Infinity;
    const above = range.max !== null ? train.max - range.max : -Infinity;
    if (below <= tolerance && above <= tolerance) return [];
    const rangeText = `[${range.min ?? '−∞'}, ${range.max ?? '∞'}]`;
    // −1/+1 class codes under a [0, 1] output: the codes, not the output, need changing.
    const signedCodes = range.min === 0 && range.max === 1 && train.min === -1 && train.max === 1 && train.nonInteger === 0;
    return [{
      message: `targets in ${train.file} range ${num(train.min)}..${num(train.max)} but the ${activation} output of ${Topology.outputLayer} can only produce ${rangeText}`,
      hint: signedCodes ? SUGGEST.signedCodes! : below > tolerance ? SUGGEST.negative! : SUGGEST.aboveOne!,
      data: { activation, rangeMin: range.min, rangeMax: range.max, targetMin: train.min, targetMax: train.max, tolerance, columns: train.columns },
    }];
  },
});
