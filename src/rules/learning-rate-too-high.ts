/** Flags a learning rate far above the optimizer's usual working range. */
import { z } from 'zod';
import { defineRule } from './define-rule.js';
import { num, round } from './support/format.js';
import { typicalLearningRate } from './support/model.js';

/** The momentum the usual learning rates are tuned with (SGD with momentum, RMSprop with momentum). */
const USUAL_MOMENTUM = 0.9;
/** Momentum 1 or more never damps old steps; counted as 0.9999 so the factor stays finite. */
const MAX_MOMENTUM = 0.9999;

export const learningRateTooHigh = defineRule({
  meta: {
    id: 'learning-rate-too-high',
    category: 'model',
    defaultSeverity: 'fail',
    title: 'Learning rate is in the optimizer\'s working range',
    failureTitle: 'Learning rate is far above the optimizer\'s working range',
    docs: {
      what: 'Divides the resolved learning rate (flag > nndoctor.json > saved trainingConfig > default) by the optimizer\'s usual rate: Adam/Nadam/RMSprop 1e-3, Adamax 2e-3, SGD/momentum/Adagrad 1e-2, Adadelta 1.0. Momentum above 0.9 multiplies the ratio by 0.1 / (1 − momentum), since each step then grows to lr / (1 − momentum) where the usual rates assume 0.9. Unknown optimizers are not judged.',
      why: 'Too large a step overshoots the minimum: the loss oscillates or diverges to NaN, and ReLU units are pushed into the dead region in the first steps, after which the model predicts one class. Default `maxFactor` 20: well-tuned setups sit within a factor of ~3 of the usual rate (Adam 3e-3, SGD 0.03), the top of the common tuning grids is 10× (Adam 1e-2, SGD 0.1), and small full-batch networks still train stably at twice that (a clean iris MLP with Adam 0.02 reached 96 % test accuracy), which passes exactly on the threshold; the faulty experiments built to test nndoctor sat at 30× and above (SGD 0.3 with momentum, Adam 0.3), where training small networks oscillates, diverges or kills ReLU units.',
      fix: 'Use the optimizer\'s usual rate (the hint names it), e.g. `tf.train.adam(0.001)`, or `"training": {"learningRate": 0.001}` in nndoctor.json; tune downwards by factors of 3.',
    },
    needs: ['TrainingSettings'],
    optionsSchema: z.object({ maxFactor: z.number().min(1) }).strict(),
    defaultOptions: { maxFactor: 20 },
  },
  judge({ TrainingSettings }, { maxFactor }) {
    const { optimizer, learningRate } = TrainingSettings;
    const typical = typicalLearningRate(optimizer);
    if (typical === undefined || !(learningRate > 0)) return [];
    // Momentum m makes each step lr / (1 − m) in the long run; the usual rates assume m ≤ 0.9, so a larger m counts.
    const momentum = Math.min(TrainingSettings.momentum ?? 0, MAX_MOMENTUM);
    const momentumFactor = momentum > USUAL_MOMENTUM ? (1 - USUAL_MOMENTUM) / (1 - momentum) : 1;
    const factor = (learningRate / typical) * momentumFactor;
    // A relative epsilon keeps a rate exactly on the threshold (0.01 / 0.001 in floating point) from firing.
    if (factor <= maxFactor * (1 + 1e-9)) return [];
    const from = TrainingSettings.sources.learningRate;
    if (momentumFactor > 1) {
      return [{
        message: `learning rate ${num(learningRate)} with momentum ${num(momentum)} (from ${from}) takes steps ${num(momentumFactor)}× larger than with the usual momentum ${USUAL_MOMENTUM}: ${num(factor)}× ${optimizer}'s usual ${num(typical)} at that momentum`,
        hint: `use momentum ${USUAL_MOMENTUM} with learningRate ${num(typical)}, or keep momentum ${num(momentum)} and lower learningRate to ${num(typical / momentumFactor)}`,
        data: { optimizer, learningRate, from, typical, momentum, momentumFactor: round(momentumFactor), factor: round(factor), maxFactor },
      }];
    }
    return [{
      message: `learning rate ${num(learningRate)} (from ${from}) is ${num(factor)}× ${optimizer}'s usual ${num(typical)}`,
      hint: `use learningRate ${num(typical)} (at most ${num(typical * maxFactor)}) — e.g. "training": {"learningRate": ${typical}} in nndoctor.json, or --lr ${typical}`,
      data: { optimizer, learningRate, from, typical, factor: round(factor), maxFactor },
    }];
  },
});
