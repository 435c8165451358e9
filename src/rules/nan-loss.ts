/** Flags overfit-one fits whose loss or gradients became NaN or ±Inf. */
import { z } from 'zod';
import { defineRule, type Issue } from './define-rule.js';
import { finiteLosses, listRuns, runRefs, rate } from './support/overfit.js';
import { num } from './support/format.js';

export const nanLoss = defineRule({
  meta: {
    id: 'nan-loss',
    category: 'dynamic',
    defaultSeverity: 'fail',
    title: 'Loss and gradients stay finite',
    failureTitle: 'The loss became NaN or Inf during training',
    docs: {
      what: 'Watches every overfit-one step for a NaN or ±Inf loss or gradient.',
      why: 'Once a NaN enters the weights every later step is NaN, so nothing trains. The usual causes are a learning rate so high that weights overflow, log of 0 or of a negative number and division by 0 in a custom loss or layer, or unscaled inputs in the thousands. No threshold: a single non-finite value is already a fault.',
      fix: 'Lower the learning rate (×0.1), scale the inputs (standardise, or divide pixels by 255), clip probabilities before log (Keras losses already clip to [1e-7, 1 − 1e-7]), and guard divisions.',
    },
    needs: ['OverfitRuns'],
    optionsSchema: z.object({}).strict(),
    defaultOptions: {},
  },
  judge({ OverfitRuns }) {
    const bad = OverfitRuns.runs.filter((r) => r.nonFiniteLossStep !== null || r.nonFiniteGradStep !== null);
    if (bad.length === 0) return [];
    const first = bad.reduce((a, b) => (Math.min(a.nonFiniteLossStep ?? Infinity, a.nonFiniteGradStep ?? Infinity) <= Math.min(b.nonFiniteLossStep ?? Infinity, b.nonFiniteGradStep ?? Infinity) ? a : b));
    const step = Math.min(first.nonFiniteLossStep ?? Infinity, first.nonFiniteGradStep ?? Infinity);
    const what = first.nonFiniteLossStep === step ? 'loss' : 'gradient';
    const before = finiteLosses(first);
    const issue: Issue = {
      message: `the ${what} became NaN/Inf at step ${step} in ${bad.length} of ${OverfitRuns.runs.length} fits (${listRuns(bad)})${before.length > 0 ? `; the loss was ${num(before[0]!)} at the start` : ''}`,
      hint: `lower the learning rate (${rate(OverfitRuns.learningRate)} → ${rate(OverfitRuns.learningRate / 10)}), scale the inputs, and look for log(0) or division by 0 in custom code`,
      data: { runs: bad.length, of: OverfitRuns.runs.length, firstStep: step, what, learningRate: OverfitRuns.learningRate, affected: runRefs(bad) },
    };
    return [issue];
  },
});
