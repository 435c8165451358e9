/** Flags layers whose gradients are exactly zero, or orders of magnitude smaller than another layer's. */
import { z } from 'zod';
import { defineRule, type Issue } from './define-rule.js';
import { layerNormsAt, learningSteps, listRuns, runRefs, START_WORDS, traceLayers, zeroGradientLayers } from './support/overfit.js';
import { num } from './support/format.js';
import type { OverfitRun } from '../gather/groups/overfit.js';

/** Steps at the start of a fit whose gradients are compared: before the optimizer has changed much. */
const EARLY_STEPS = 10;

interface Finding { run: OverfitRun; zero: string[]; ratio: number | null; weakest: string | null; strongest: string | null }

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

function inspect(run: OverfitRun): Finding | null {
  if (run.trainableParameters === 0 || run.nonFiniteGradStep !== null || run.fittedAtStep === 0) return null;
  const layers = traceLayers(run);
  const zero = zeroGradientLayers(run);
  const steps = Math.min(learningSteps(run), EARLY_STEPS);
  const medians = new Map<string, number>();
  for (const layer of layers) {
    const norms: number[] = [];
    for (let s = 0; s < steps; s++) norms.push(layerNormsAt(run, s).get(layer) ?? 0);
    medians.set(layer, median(norms));
  }
  let weakest: string | null = null;
  let strongest: string | null = null;
  for (const [layer, m] of medians) {
    if (zero.includes(layer)) continue;
    if (weakest === null || m < medians.get(weakest)!) weakest = layer;
    if (strongest === null || m > medians.get(strongest)!) strongest = layer;
  }
  const ratio = weakest !== null && strongest !== null && medians.get(strongest)! > 0 ? medians.get(weakest)! / medians.get(strongest)! : null;
  return { run, zero, ratio, weakest, strongest };
}

/**
 * Fits whose zero-gradient layers are zero in every seed tried for the same example and start: one unlucky fresh
 * initialisation that leaves every ReLU off for the chosen row, while another seed learns it, says nothing about
 * the model.
 */
function consistentlyDead(findings: Finding[]): Finding[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = `${f.run.start}:${f.run.label}`;
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(f);
  }
  const dead: Finding[] = [];
  for (const group of groups.values()) {
    const always = group[0]!.zero.filter((layer) => group.every((f) => f.zero.includes(layer)));
    if (always.length > 0) dead.push(...group.map((f) => ({ ...f, zero: always })));
  }
  return dead;
}

export const vanishingGradients = defineRule({
  meta: {
    id: 'vanishing-gradients',
    category: 'dynamic',
    defaultSeverity: 'fail',
    title: 'Every layer gets a gradient',
    failureTitle: 'Some layers get no (or almost no) gradient',
    docs: {
      what: 'In each overfit-one fit (the steps before the target is reached), finds layers whose gradients are exactly zero at every step (in every seed tried for that example, so one unlucky initialisation does not count), and compares the median gradient norm of the weakest layer over the first 10 steps with the strongest layer\'s.',
      why:
        'A layer whose gradient is zero never learns: dead ReLU units (large negative biases, or a blow-up during training), zero-initialised kernels (every ReLU outputs 0), or saturated sigmoid/tanh units. A gradient thousands of times smaller than the top layer\'s means the lower layers of a deep sigmoid/tanh stack barely move (each sigmoid multiplies the gradient by at most 0.25). ' +
        'Default `minRatio` 1e-4: in healthy ReLU MLPs and CNNs of a few layers the per-layer gradient norms stay within one or two orders of magnitude (0.1–1 in the fixtures); four orders means the weakest layer learns 10,000× slower.',
      fix: 'Use ReLU-family activations with He initialisation instead of deep sigmoid/tanh stacks, add normalisation (BatchNormalization) or residual connections, make the network shallower, or re-initialise dead layers (random kernels, zero or small positive biases).',
    },
    needs: ['OverfitRuns'],
    optionsSchema: z.object({ minRatio: z.number().min(0).max(1) }).strict(),
    defaultOptions: { minRatio: 1e-4 },
  },
  judge({ OverfitRuns }, { minRatio }) {
    const findings = OverfitRuns.runs.map(inspect).filter((f): f is Finding => f !== null);
    const dead = consistentlyDead(findings);
    const weak = findings.filter((f) => f.zero.length === 0 && f.ratio !== null && f.ratio < minRatio);
    const issues: Issue[] = [];
    if (dead.length > 0) {
      const layers = [...new Set(dead.flatMap((f) => f.zero))];
      const allLayers = dead.every((f) => f.zero.length === traceLayers(f.run).length);
      const activations = layers.map((l) => `${l}${OverfitRuns.layerActivations[l] ? ` (${OverfitRuns.layerActivations[l]})` : ''}`);
      const starts = [...new Set(dead.map((f) => f.run.start))].map((s) => START_WORDS[s]).join(' and ');
      issues.push({
        message: `gradients are exactly zero ${allLayers ? 'in every layer' : `in ${activations.join(', ')}`} at every step in ${dead.length} of ${findings.length} fits ${starts} (${listRuns(dead.map((f) => f.run))})`,
        hint: allLayers
          ? OverfitRuns.outputUnits === 1 && /softmax/.test(OverfitRuns.outputActivation)
            ? 'the output cannot move: a softmax over one unit outputs exactly 1 for every input — see softmax-single-unit'
            : 'the output is saturated: its values are so large that the probabilities are exactly 0 or 1 and the clipped loss has no gradient (unscaled inputs, a learning rate or momentum too high, kernels initialised far too large, or activations that blow up) — see unscaled-inputs, learning-rate-too-high, loss-at-init, exploding-gradients'
          : layers.some((l) => /relu|elu/i.test(OverfitRuns.layerActivations[l] ?? '')) ? 'dead ReLU units: re-initialise with He-initialised kernels and zero (not negative) biases, or lower the learning rate that killed them — see dead-units, constant-initializer' : 'these layers never learn: re-initialise them with random kernels (not zeros), or check for saturated activations',
        data: { kind: 'zero', layers, runs: dead.length, of: findings.length, affected: runRefs(dead.map((f) => f.run)) },
      });
    }
    if (weak.length > 0) {
      const worst = weak.reduce((a, b) => (a.ratio! <= b.ratio! ? a : b));
      issues.push({
        message: `gradient norm of layer ${worst.weakest} is ${num(worst.ratio!)}× that of ${worst.strongest} in ${weak.length} of ${findings.length} fits (${listRuns(weak.map((f) => f.run))})`,
        hint: 'the lower layers barely learn: use ReLU with He initialisation instead of sigmoid/tanh, add BatchNormalization or skip connections, or try a shallower network first — see too-deep',
        data: { kind: 'ratio', ratio: Number(worst.ratio!.toPrecision(4)), minRatio, weakest: worst.weakest, strongest: worst.strongest, runs: weak.length, of: findings.length, affected: runRefs(weak.map((f) => f.run)) },
      });
    }
    return issues;
  },
});

