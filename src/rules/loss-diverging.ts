/** Flags overfit-one fits whose loss ended well above where it started. */
import { z } from 'zod';
import { defineRule } from './define-rule.js';
import { finiteLosses, isFitted, listRuns, relativeRise, runRefs, rate } from './support/overfit.js';
import { num, percent, round } from './support/format.js';

export const lossDiverging = defineRule({
  meta: {
    id: 'loss-diverging',
    category: 'dynamic',
    defaultSeverity: 'warn',
    title: 'Loss does not rise while fitting',
    failureTitle: 'Loss rises while fitting one example',
    docs: {
      what: 'For each overfit-one fit that did not reach its target, compares the mean loss of the last tenth of the run with the first loss.',
      why:
        'Gradient steps on one example should lower its loss; a loss that ends higher than it began means the steps overshoot — the learning rate is too high for the optimizer, or the loss is mis-specified. Keras losses clip probabilities, so an exploding model often shows a loss stuck high (e.g. 16.1 = −ln 1e-7) rather than NaN. ' +
        'Default `maxRise` 0.25 (25 %): noise from Adam\'s first steps or dropout stays within a few percent on one example.',
      fix: 'Lower the learning rate by 10× (Adam: 1e-3 is the usual working value) and check that the loss matches the output layer.',
    },
    needs: ['OverfitRuns'],
    optionsSchema: z.object({ maxRise: z.number().min(0) }).strict(),
    defaultOptions: { maxRise: 0.25 },
  },
  judge({ OverfitRuns }, { maxRise }) {
    const rising = OverfitRuns.runs.filter((r) => !isFitted(r) && r.nonFiniteLossStep === null && finiteLosses(r).length >= 3 && (relativeRise(r) ?? 0) > maxRise);
    if (rising.length === 0) return [];
    const worst = rising.reduce((a, b) => ((relativeRise(a) ?? 0) >= (relativeRise(b) ?? 0) ? a : b));
    const losses = finiteLosses(worst);
    const rise = relativeRise(worst)!;
    const lr = OverfitRuns.learningRate;
    return [{
      message: `loss rose by up to ${percent(rise, 0)} (${num(losses[0]!)} → ${num(losses[losses.length - 1]!)}) in ${rising.length} of ${OverfitRuns.runs.length} fits (${listRuns(rising)})`,
      hint: `the learning rate ${rate(lr)} is too high for ${OverfitRuns.optimizer}: try ${rate(lr / 10)}`,
      data: { runs: rising.length, of: OverfitRuns.runs.length, rise: round(rise, 4), maxRise, learningRate: lr, affected: runRefs(rising) },
    }];
  },
});
