/** Flags a saved model whose weights hold NaN or ±Inf: it diverged before it was saved. */
import { z } from 'zod';
import { defineRule } from './define-rule.js';

export const nanWeights = defineRule({
  meta: {
    id: 'nan-weights',
    category: 'model',
    defaultSeverity: 'fail',
    title: 'Saved weights are finite',
    failureTitle: 'The saved weights hold NaN or Inf',
    docs: {
      what: "Counts NaN and ±Inf values in the saved model's float32 weights.",
      why: 'A weight that is NaN makes every output it feeds NaN, so the saved model predicts nothing usable (its NaN outputs all argmax to the same class). Weights become NaN when training diverges: a learning rate so high that values overflow, unscaled inputs or regression targets in the thousands, or a NaN in the data or in a custom loss. No threshold: one non-finite weight already poisons the outputs. Checks that need the saved weights are skipped; the training checks start from a fresh initialisation.',
      fix: 'Find what made training diverge (the other findings, e.g. nan-in-data, unscaled-inputs, learning-rate-too-high), fix it and retrain: lower the learning rate (×0.1), scale inputs and regression targets, add gradient clipping (`clipnorm`), and stop training on the first NaN loss (`callbacks: TerminateOnNaN`-style) so a diverged model is never saved.',
    },
    needs: ['Topology'],
    optionsSchema: z.object({}).strict(),
    defaultOptions: {},
  },
  judge({ Topology }) {
    const bad = Topology.nonFiniteWeights ?? [];
    if (bad.length === 0) return [];
    const values = bad.reduce((sum, w) => sum + w.count, 0);
    const shown = bad.slice(0, 3).map((w) => `${w.weight} ${w.count}`).join(', ');
    return [{
      message: `the saved weights hold ${values} NaN/Inf value${values === 1 ? '' : 's'} in ${bad.length} weight${bad.length === 1 ? '' : 's'} (${shown}${bad.length > 3 ? ', …' : ''}): the model diverged before it was saved, and every output it computes is NaN`,
      hint: 'find what made training diverge (see the other findings: NaN cells, unscaled inputs or targets, a learning rate too high), fix it and retrain; add gradient clipping (clipnorm) and stop on the first NaN loss so a diverged model is never saved',
      data: { values, weights: bad },
    }];
  },
});
