/** Flags overfit-one fits whose loss goes up and down instead of descending. */
import { z } from 'zod';
import { defineRule } from './define-rule.js';
import { finiteLosses, isFitted, listRuns, runRefs, upShare, rate } from './support/overfit.js';
import { num, percent, round } from './support/format.js';

export const lossOscillating = defineRule({
  meta: {
    id: 'loss-oscillating',
    category: 'dynamic',
    defaultSeverity: 'warn',
    title: 'Loss descends smoothly',
    failureTitle: 'Loss oscillates while fitting one example',
    docs: {
      what: 'For each overfit-one fit that did not reach its target, counts the steps on which the loss rose by more than 1 % over the previous step.',
      why:
        'With one example the loss surface seen by the optimizer never changes, so a working step size descends almost monotonically. A loss that keeps bouncing means each step jumps across the valley: the learning rate (or momentum) is too high. ' +
        'Default `maxUpShare` 0.25: healthy Adam fits rise on well under 10 % of steps (momentum overshoot near the end); a quarter of the steps rising is a step size problem.',
      fix: 'Lower the learning rate by 3–10×, or the momentum; for Adam try 1e-3 or 3e-4.',
    },
    needs: ['OverfitRuns'],
    optionsSchema: z.object({ maxUpShare: z.number().min(0).max(1) }).strict(),
    defaultOptions: { maxUpShare: 0.25 },
  },
  judge({ OverfitRuns }, { maxUpShare }) {
    const bouncing = OverfitRuns.runs.filter((r) => !isFitted(r) && r.nonFiniteLossStep === null && finiteLosses(r).length >= 10 && (upShare(r) ?? 0) > maxUpShare);
    if (bouncing.length === 0) return [];
    const worst = bouncing.reduce((a, b) => ((upShare(a) ?? 0) >= (upShare(b) ?? 0) ? a : b));
    const losses = finiteLosses(worst);
    const share = upShare(worst)!;
    const lr = OverfitRuns.learningRate;
    return [{
      message: `loss rose on ${percent(share, 0)} of steps (between ${num(Math.min(...losses))} and ${num(Math.max(...losses))}) in ${bouncing.length} of ${OverfitRuns.runs.length} fits (${listRuns(bouncing)})`,
      hint: `the step size is too large: lower the learning rate ${rate(lr)} → ${rate(lr / 10)}`,
      data: { runs: bouncing.length, of: OverfitRuns.runs.length, upShare: round(share, 4), maxUpShare, learningRate: lr, affected: runRefs(bouncing) },
    }];
  },
});
