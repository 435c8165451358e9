/** Flags overfit-one fits that did not reach their target and whose loss barely moved. */
import { z } from 'zod';
import { defineRule } from './define-rule.js';
import { diagnoseRun, finiteLosses, isFitted, listRuns, relativeDecrease, runRefs } from './support/overfit.js';
import { num, percent, round } from './support/format.js';

export const lossNotDecreasing = defineRule({
  meta: {
    id: 'loss-not-decreasing',
    category: 'dynamic',
    defaultSeverity: 'warn',
    title: 'Loss decreases while fitting one example',
    failureTitle: 'Loss does not decrease, even on one example',
    docs: {
      what: 'For each overfit-one fit that did not reach its target, compares the first loss with the best loss of the last tenth of the run.',
      why:
        'On a single example, any working optimizer lowers the loss every few steps. A flat loss means the updates do not reach the output: all layers frozen, gradients that are exactly zero (dead units, softmax on one unit, a clipped loss), or a learning rate orders of magnitude too small. ' +
        'Default `minDecrease` 0.01 (1 %): a healthy fit lowers the loss by far more than that within its first ten steps, while a learning rate 100× too low moves it less than 1 % over 300 steps.',
      fix: 'Read the hint: unfreeze layers, fix the output layer, re-initialise dead layers, or raise the learning rate (Adam: 1e-3).',
    },
    needs: ['OverfitRuns'],
    optionsSchema: z.object({ minDecrease: z.number().min(0).max(1) }).strict(),
    defaultOptions: { minDecrease: 0.01 },
  },
  judge({ OverfitRuns }, { minDecrease }) {
    const flat = OverfitRuns.runs.filter((r) => !isFitted(r) && r.nonFiniteLossStep === null && finiteLosses(r).length >= 10 && (relativeDecrease(r) ?? 1) < minDecrease);
    if (flat.length === 0) return [];
    const first = flat[0]!;
    const losses = finiteLosses(first);
    const decrease = relativeDecrease(first)!;
    const diagnosis = diagnoseRun(first, OverfitRuns);
    return [{
      message: `loss fell by ${percent(Math.max(0, decrease))} or less (${num(losses[0]!)} → ${num(losses[losses.length - 1]!)} in ${first.steps} steps) in ${flat.length} of ${OverfitRuns.runs.length} fits (${listRuns(flat)})`,
      hint: diagnosis.next,
      data: { runs: flat.length, of: OverfitRuns.runs.length, decrease: round(decrease, 4), minDecrease, lossStart: round(losses[0]!, 4), lossEnd: round(losses[losses.length - 1]!, 4), cause: diagnosis.cause, affected: runRefs(flat) },
    }];
  },
});
