/** Flags a learning rate that is zero, negative, or far below the optimizer's usual working range. */
import { z } from 'zod';
import { defineRule } from './define-rule.js';
import { num, round } from './support/format.js';
import { typicalLearningRate } from './support/model.js';

export const learningRateTooLow = defineRule({
  meta: {
    id: 'learning-rate-too-low',
    category: 'model',
    defaultSeverity: 'fail',
    title: 'Learning rate is in the optimizer\'s working range',
    failureTitle: 'Learning rate is zero, negative or far below the optimizer\'s working range',
    docs: {
      what: 'Compares the resolved learning rate (flag > nndoctor.json > saved trainingConfig > default) with the optimizer\'s usual rate: Adam/Nadam/RMSprop 1e-3, Adamax 2e-3, SGD/momentum/Adagrad 1e-2, Adadelta 1.0. A rate ≤ 0 is always reported, whatever the optimizer. When a check trains the model (`check`, overfit-one, learning-curve), a rate read from the saved model that is more than 30× below the usual one, on a saved model that gets at least 90 % of its training rows right, is taken as where a decay or ReduceLROnPlateau schedule ended (Keras saves the rate as it was when training stopped): training uses the usual rate instead, and the report\'s settings say so; a rate given by flag or nndoctor.json is always kept.',
      why: 'A rate of 0 never moves the weights and a negative one climbs the loss. A tiny rate moves each weight by about lr per step (Adam normalises the step), so at Adam 1e-6 a weight travels 0.001 in a thousand steps, far less than its initial scale (~0.1): the loss stays flat and the untrained model predicts one class. Default `minFactor` 50 (Adam 2e-5, SGD 2e-4 pass exactly on the threshold): tuned setups for networks trained from scratch go down to ~10–30× below the usual rate (Adam 1e-4, 3e-5); an Adam step moves a weight by at most ≈ lr, so at 2e-5 even 5 000 steps (20 epochs of 250 batches) move it by 0.1 at most — about the scale of its Glorot initialisation — and below that training from scratch cannot get far in a normal epoch budget (Adam 1e-5 fires).',
      fix: 'Use the optimizer\'s usual rate (the hint names it), e.g. `tf.train.adam(0.001)`, or `"training": {"learningRate": 0.001}` in nndoctor.json.',
    },
    needs: ['TrainingSettings'],
    optionsSchema: z.object({ minFactor: z.number().min(1) }).strict(),
    defaultOptions: { minFactor: 50 },
  },
  judge({ TrainingSettings }, { minFactor }) {
    const { optimizer, learningRate } = TrainingSettings;
    const from = TrainingSettings.sources.learningRate;
    const typical = typicalLearningRate(optimizer);
    const suggestion = typical ?? 1e-3;
    if (!(learningRate > 0)) {
      return [{
        message: `learning rate ${learningRate} (from ${from}) ${learningRate === 0 ? 'never moves the weights' : 'is negative: every step climbs the loss'}`,
        hint: `use a positive rate, e.g. learningRate ${suggestion} for ${optimizer}`,
        data: { optimizer, learningRate, from, typical: typical ?? null },
      }];
    }
    if (typical === undefined) return [];
    const factor = typical / learningRate;
    // A relative epsilon keeps a rate exactly on the threshold (0.001 / 0.00001 in floating point) from firing.
    if (factor <= minFactor * (1 + 1e-9)) return [];
    return [{
      message: `learning rate ${num(learningRate)} (from ${from}) is ${num(factor)}× below ${optimizer}'s usual ${num(typical)}`,
      hint: `use learningRate ${num(typical)} (at least ${num(typical / minFactor)}) — e.g. "training": {"learningRate": ${typical}} in nndoctor.json, or --lr ${typical}`,
      data: { optimizer, learningRate, from, typical, factor: round(factor), minFactor },
    }];
  },
});
