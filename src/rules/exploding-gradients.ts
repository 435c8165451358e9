/** Flags overfit-one fits whose gradients grow huge (or non-finite) while the loss is still finite. */
import { z } from 'zod';
import { defineRule } from './define-rule.js';
import { layerNormsAt, learningSteps, listRuns, runRefs, rate } from './support/overfit.js';
import { num, round } from './support/format.js';
import type { OverfitRun } from '../gather/groups/overfit.js';

function largest(run: OverfitRun): { norm: number; layer: string; step: number } | null {
  let best: { norm: number; layer: string; step: number } | null = null;
  const steps = learningSteps(run);
  for (let s = 0; s < steps; s++) {
    for (const [layer, norm] of layerNormsAt(run, s)) {
      const value = norm === null ? Infinity : norm;
      if (best === null || value > best.norm) best = { norm: value, layer, step: s };
    }
  }
  return best;
}

export const explodingGradients = defineRule({
  meta: {
    id: 'exploding-gradients',
    category: 'dynamic',
    defaultSeverity: 'warn',
    title: 'Gradients stay bounded',
    failureTitle: 'Gradients explode while fitting one example',
    docs: {
      what: 'Finds the largest per-layer gradient L2 norm over the steps of each overfit-one fit (before the target is reached); a NaN/Inf gradient counts as infinite.',
      why:
        'Huge gradients make each update overshoot: the weights grow, activations saturate or overflow, and the loss turns NaN or sticks at the clipping limit. Causes: learning rate too high, unscaled inputs (features in the hundreds), or deep stacks without normalisation. ' +
        'Default `maxNorm` 1000: the cross-entropy gradient with respect to the logits has norm ≤ √2, so with inputs on a unit scale and Glorot/He weights per-layer norms stay around 0.1–10 (the healthy fixtures stay below 20); 1000 is two orders beyond that. A squared-error regression loss has a gradient proportional to the residual, so for targets on a larger scale the limit is multiplied by the targets\' root mean square (prices in k$ around 140 start with gradients in the thousands in a healthy model).',
      fix: 'Scale the inputs, lower the learning rate, or clip gradients (`clipnorm` in Keras; `tf.clipByGlobalNorm` in a custom loop).',
    },
    needs: ['OverfitRuns'],
    optionsSchema: z.object({ maxNorm: z.number().positive() }).strict(),
    defaultOptions: { maxNorm: 1000 },
  },
  judge({ OverfitRuns }, { maxNorm: baseMax }) {
    // A squared-error gradient is proportional to the residual: targets in the hundreds (prices in k$) give
    // gradients in the hundreds from the first step, however well the model is built.
    const scale = OverfitRuns.taskKind === 'regression' && /squared/i.test(OverfitRuns.loss) ? Math.max(1, OverfitRuns.targetScale ?? 1) : 1;
    const maxNorm = baseMax * scale;
    const hits = OverfitRuns.runs.map((run) => ({ run, top: largest(run) })).filter((h) => h.top !== null && h.top.norm > maxNorm);
    if (hits.length === 0) return [];
    const worst = hits.reduce((a, b) => (a.top!.norm >= b.top!.norm ? a : b));
    const { norm, layer, step } = worst.top!;
    return [{
      message: `gradient norm reached ${Number.isFinite(norm) ? num(norm) : 'Inf/NaN'} in layer ${layer} at step ${step} (over ${num(maxNorm)}) in ${hits.length} of ${OverfitRuns.runs.length} fits (${listRuns(hits.map((h) => h.run))})`,
      hint: `scale the inputs, lower the learning rate (${rate(OverfitRuns.learningRate)} → ${rate(OverfitRuns.learningRate / 10)}), or clip gradients (clipnorm)`,
      data: { maxNorm, ...(scale > 1 ? { targetScale: round(scale, 4) } : {}), largest: Number.isFinite(norm) ? round(norm, 4) : null, layer, step, runs: hits.length, of: OverfitRuns.runs.length, affected: runRefs(hits.map((h) => h.run)) },
    }];
  },
});
