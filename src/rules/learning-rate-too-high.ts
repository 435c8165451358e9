/** Flags a learning rate far above the optimizer's usual working range. */
import { z } from 'zod';
import { defineRule } from './define-rule.js';
import { num, round } from './support/format.js';
import { typicalLearningRate } from './support/model.js';

export const learningRateTooHigh = defineRule({
  meta: {
    id: 'learning-rate-too-high',
    category: 'model',
    defaultSeverity: 'fail',
    title: 'Learning rate is in the optimizer\'s working range',
    failureTitle: 'Learning rate is far above the optimizer\'s working range',
    docs: {
      what: 'Divides the resolved learning rate (flag > nndoctor.json > saved trainingConfig > default) by the optimizer\'s usual rate: Adam/Nadam/RMSprop 1e-3, Adamax 2e-3, SGD/momentum/Adagrad 1e-2, Adadelta 1.0. Unknown optimizers are not judged.',
      why: 'Too large a step overshoots the minimum: the loss oscillates or diverges to NaN, and ReLU units are pushed into the dead region in the first steps, after which the model predicts one class. Default `maxFactor` 10: well-tuned setups sit within a factor of ~3 of the usual rate (Adam 3e-3, SGD 0.03) and the top of the common tuning grids is 10× (Adam 1e-2, SGD 0.1), which passes exactly on the threshold; beyond 10× (Adam 0.1, SGD 1.0) training small networks is unstable.',
      fix: 'Use the optimizer\'s usual rate (the hint names it), e.g. `tf.train.adam(0.001)`, or `"training": {"learningRate": 0.001}` in nndoctor.json; tune downwards by factors of 3.',
    },
    needs: ['TrainingSettings'],
    optionsSchema: z.object({ maxFactor: z.number().min(1) }).strict(),
    defaultOptions: { maxFactor: 10 },
  },
  judge({ TrainingSettings }, { maxFactor }) {
    const { optimizer, learningRate } = TrainingSettings;
    const typical = typicalLearningRate(optimizer);
    if (typical === undefined || !(learningRate > 0)) return [];
    const factor = learningRate / typical;
    // A relative epsilon keeps a rate exactly on the threshold (0.01 / 0.001 in floating point) from firing.
    if (factor <= maxFactor * (1 + 1e-9)) return [];
    return [{
      message: `learning rate ${num(learningRate)} (from ${TrainingSettings.sources.learningRate}) is ${num(factor)}× ${optimizer}'s usual ${num(typical)}`,
      hint: `use learningRate ${num(typical)} (at most ${num(typical * maxFactor)}) — e.g. "training": {"learningRate": ${typical}} in nndoctor.json, or --lr ${typical}`,
      data: { optimizer, learningRate, from: TrainingSettings.sources.learningRate, typical, factor: round(factor), maxFactor },
    }];
  },
});
