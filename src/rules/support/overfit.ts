/** Pure helpers over OverfitRuns traces shared by the overfit-one rules: grouping, per-layer gradients, diagnosis. */
import type { OverfitRun, OverfitRuns, OverfitStart } from '../../gather/groups/overfit.js';
import { num } from './format.js';
import { typicalLearningRate } from './model.js';

/** Weights that feed on the layer's input (not biases/shifts): a fit through these depends on the input. */
const INPUT_WEIGHTS = /kernel|weight|gamma|embeddings|alpha/i;

/** A learning rate as people write it: 0.001, 1e-7, 10. */
export function rate(value: number): string {
  const rounded = Number(value.toPrecision(3));
  return rounded !== 0 && Math.abs(rounded) < 1e-3 ? rounded.toExponential() : String(rounded);
}

export const START_WORDS: Record<OverfitStart, string> = { saved: 'from the saved weights', fresh: 'from a fresh initialisation' };

/** Steps that say something about learning: all steps before the target was reached (at least the first). */
export function learningSteps(run: OverfitRun): number {
  if (run.fittedAtStep === null) return run.losses.length;
  return Math.max(1, run.fittedAtStep);
}

/** Distinct layers with trainable weights, in model order. */
export function traceLayers(run: OverfitRun): string[] {
  return [...new Set(run.weights.map((w) => w.layer))];
}

/** Per-layer gradient L2 norm at `step` (null when any of its weights was NaN/Inf). */
export function layerNormsAt(run: OverfitRun, step: number): Map<string, number | null> {
  const sums = new Map<string, number | null>();
  run.weights.forEach((w, i) => {
    const norm = run.gradNorms[step]?.[i];
    const previous = sums.get(w.layer);
    if (norm === null || norm === undefined || previous === null) sums.set(w.layer, null);
    else sums.set(w.layer, (previous ?? 0) + norm * norm);
  });
  return new Map([...sums].map(([layer, sum]) => [layer, sum === null ? null : Math.sqrt(sum)]));
}

/** Layers whose gradients were exactly zero in every learning step. */
export function zeroGradientLayers(run: OverfitRun): string[] {
  const steps = learningSteps(run);
  const zero = new Map<string, boolean>();
  run.weights.forEach((w, i) => {
    let allZero = true;
    for (let s = 0; s < steps && allZero; s++) if ((run.zeroGradFractions[s]?.[i] ?? 0) < 1) allZero = false;
    zero.set(w.layer, (zero.get(w.layer) ?? true) && allZero);
  });
  return [...zero].filter(([, z]) => z).map(([layer]) => layer);
}

/**
 * True when every input-side weight (kernels) got exactly zero gradient at every learning step while some bias
 * did not: only biases can learn, so whatever the model reaches does not depend on the input.
 */
export function isBiasOnly(run: OverfitRun): boolean {
  if (run.trainableParameters === 0) return false;
  const steps = learningSteps(run);
  const inputWeights = run.weights.map((w, i) => ({ w, i })).filter(({ w }) => INPUT_WEIGHTS.test(w.name));
  if (inputWeights.length === 0 || inputWeights.length === run.weights.length) return false;
  if (run.fittedAtStep === 0) return false;
  for (let s = 0; s < steps; s++) {
    for (const { i } of inputWeights) if ((run.zeroGradFractions[s]?.[i] ?? 0) < 1) return false;
  }
  return true;
}

/**
 * A class run that did not reach the target margin still counts as learned when, at its last step, the target
 * class is predicted and the loss has fallen by at least this share: it learns, only slower than the budget
 * (a healthy Adam 1e-3 fit of a small MLP can need 200–500 steps to reach probability 0.78).
 */
export const LEARNING_DECREASE = 0.3;

/**
 * A regression run has no "predicted class" to check, so it counts as learning when its squared error has fallen
 * by at least this share (the error more than halved) and is still falling at the end. An unscaled target (counts
 * 0–23 from an output near 0) needs more Adam 1e-3 steps than the budget, yet falls like this; an output that cannot
 * reach the target flattens at its floor instead.
 */
export const REGRESSION_LEARNING_DECREASE = 0.75;

/** The mean loss of the last 5 % of the run is at least 0.5 % below that of the 5 % before it. */
function stillFalling(run: OverfitRun): boolean {
  const losses = finiteLosses(run);
  const span = Math.max(2, Math.ceil(losses.length / 20));
  if (losses.length < 2 * span) return false;
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  return mean(losses.slice(-span)) < mean(losses.slice(-2 * span, -span)) * 0.995;
}

/** A fresh regression output this far (in target units) from its target points at unscaled targets. */
const UNSCALED_TARGET = 20;

/** `reached`: the target with a clear margin; `learning`: predicted and loss falling; `failed`: neither. */
export function fitStatus(run: OverfitRun): 'reached' | 'learning' | 'failed' {
  if (isBiasOnly(run) || run.nonFiniteLossStep !== null) return 'failed';
  if (run.fittedAtStep !== null) return 'reached';
  if (run.maxAbsErrors) {
    const decrease = relativeDecrease(run);
    return decrease !== null && decrease >= REGRESSION_LEARNING_DECREASE && stillFalling(run) ? 'learning' : 'failed';
  }
  const last = run.predicted?.[run.predicted.length - 1];
  const onTarget = run.targetScores ? last === run.class : run.predicted ? last === 0 : false;
  const decrease = relativeDecrease(run);
  return onTarget && decrease !== null && decrease >= LEARNING_DECREASE && lastLossIsLowest(run) ? 'learning' : 'failed';
}

/** The final loss is within 1 % of the lowest: the run is still descending, not bouncing back up. */
function lastLossIsLowest(run: OverfitRun): boolean {
  const losses = finiteLosses(run);
  return losses.length > 0 && losses[losses.length - 1]! <= Math.min(...losses) * 1.01 + 1e-9;
}

/** A run counts as a fit when it reached (or is clearly approaching) the target through weights that see the input. */
export function isFitted(run: OverfitRun): boolean {
  return fitStatus(run) !== 'failed';
}

export function finiteLosses(run: OverfitRun): number[] {
  return run.losses.filter((l): l is number => l !== null);
}

/** Relative loss decrease from the first step to the best of the last tenth of the run (≥ 1 step). */
export function relativeDecrease(run: OverfitRun): number | null {
  const losses = finiteLosses(run);
  if (losses.length < 2) return null;
  const first = losses[0]!;
  const tail = losses.slice(-Math.max(1, Math.ceil(losses.length / 10)));
  const end = Math.min(...tail);
  if (first === 0) return end === 0 ? 0 : -Infinity;
  return (first - end) / Math.abs(first);
}

/** Relative rise from the first loss to the mean of the last tenth of the run. */
export function relativeRise(run: OverfitRun): number | null {
  const losses = finiteLosses(run);
  if (losses.length < 2) return null;
  const first = losses[0]!;
  const tail = losses.slice(-Math.max(1, Math.ceil(losses.length / 10)));
  const end = tail.reduce((a, b) => a + b, 0) / tail.length;
  return (end - first) / Math.max(Math.abs(first), 1e-12);
}

/** Share of steps whose loss rose by more than 1 % over the previous step (0 for monotone descent). */
export function upShare(run: OverfitRun): number | null {
  const losses = finiteLosses(run);
  if (losses.length < 3) return null;
  let ups = 0;
  for (let i = 1; i < losses.length; i++) if (losses[i]! - losses[i - 1]! > 0.01 * Math.abs(losses[i - 1]!) + 1e-9) ups += 1;
  return ups / (losses.length - 1);
}

/** Runs grouped by class (or example) in first-seen order, then by start. */
export function groupRuns(runs: readonly OverfitRun[]): Array<{ key: string; label: string; class: number | null; byStart: Map<OverfitStart, OverfitRun[]> }> {
  const groups = new Map<string, { key: string; label: string; class: number | null; byStart: Map<OverfitStart, OverfitRun[]> }>();
  for (const run of runs) {
    const key = `${run.class ?? 'r'}:${run.row}`;
    let group = groups.get(key);
    if (!group) { group = { key, label: run.label, class: run.class, byStart: new Map() }; groups.set(key, group); }
    const list = group.byStart.get(run.start) ?? [];
    list.push(run);
    group.byStart.set(run.start, list);
  }
  return [...groups.values()];
}

export function describeExample(run: Pick<OverfitRun, 'class' | 'label'>): string {
  return run.class === null ? run.label : `class ${run.label}`;
}

export type Cause = 'frozen' | 'non-finite' | 'gradients-zero' | 'bias-only' | 'loss-rising' | 'loss-oscillating' | 'loss-flat' | 'too-slow';

export interface Diagnosis {
  cause: Cause;
  /** What the trace shows, with numbers. */
  observation: string;
  /** The most likely cause and the next step. */
  next: string;
  /** Layers whose gradients were exactly zero throughout. */
  zeroLayers: string[];
}

/** Thresholds of the diagnosis; the same as the defaults of loss-diverging / loss-oscillating / loss-not-decreasing. */
export const DIAGNOSIS_LIMITS = { rise: 0.25, upShare: 0.25, flat: 0.01 } as const;

function stuckOutput(run: OverfitRun, artifact: Pick<OverfitRuns, 'classLabels'>): string {
  if (!run.predicted || run.predicted.length === 0) return '';
  const predicted = run.predicted[run.predicted.length - 1]!;
  const constant = run.predicted.every((p) => p === predicted);
  const scores = run.targetScores ?? [];
  const scoreFlat = scores.length > 1 && Math.max(...scores) - Math.min(...scores) < 1e-4;
  if (!constant || !scoreFlat) return '';
  const name = run.targetScores ? (artifact.classLabels[predicted] ?? String(predicted)) : String(predicted);
  return `; output stuck (always class ${name}, target output ${num(scores[0] ?? 0)})`;
}

/** Names the most likely reason a run did not fit, and what to try next. */
export function diagnoseRun(run: OverfitRun, artifact: Pick<OverfitRuns, 'classLabels' | 'layerActivations' | 'learningRate' | 'optimizer' | 'maxSteps'>): Diagnosis {
  const zeroLayers = zeroGradientLayers(run);
  const losses = finiteLosses(run);
  const first = losses[0];
  const last = losses[losses.length - 1];
  const lossPath = first !== undefined && last !== undefined ? `${num(first)} → ${num(last)}` : 'n/a';
  const lr = artifact.learningRate;
  const reluLayers = zeroLayers.filter((l) => /relu|elu/i.test(artifact.layerActivations[l] ?? ''));
  if (run.trainableParameters === 0) {
    return { cause: 'frozen', zeroLayers, observation: `no trainable weights: every layer is frozen (loss stays ${num(first ?? NaN)})`, next: 'set trainable: true on the layers to train — see frozen-layers' };
  }
  if (run.nonFiniteLossStep === 0) {
    // Before any update the learning rate cannot be the cause.
    return { cause: 'non-finite', zeroLayers, observation: 'loss was NaN/Inf before any update', next: 'the loss cannot be computed on this output: a cross-entropy over an output that can be 0 or negative (ReLU/linear output: log of 0 or of a negative number), or NaN/Inf inputs — see loss-activation-mismatch, nan-in-data' };
  }
  if (run.nonFiniteLossStep !== null) {
    return { cause: 'non-finite', zeroLayers, observation: `loss became NaN/Inf at step ${run.nonFiniteLossStep}${first !== undefined ? ` (started at ${num(first)})` : ''}`, next: `lower the learning rate (try ${rate(lr / 10)}), scale the inputs, and look for log(0) or division by 0 in a custom loss` };
  }
  if (zeroLayers.length === traceLayers(run).length) {
    return { cause: 'gradients-zero', zeroLayers, observation: `loss flat at ${num(first ?? NaN)}, gradients exactly zero in every layer${stuckOutput(run, artifact)}`, next: `the output cannot move: check the output layer (softmax on one unit, saturated or dead units) — see softmax-single-unit, dead-units` };
  }
  if (isBiasOnly(run)) {
    const reached = run.fittedAtStep !== null ? `reached the target at step ${run.fittedAtStep} only through biases` : `loss ${lossPath}, moved only by biases`;
    return { cause: 'bias-only', zeroLayers, observation: `${reached}: every kernel's gradient is exactly zero${zeroLayers.length > 0 ? ` (layers ${zeroLayers.join(', ')} get none at all)` : ''}, so the output ignores the input`, next: `${reluLayers.length > 0 ? 'the ReLU units are dead — ' : ''}re-initialise with random kernels (He/Glorot), not zeros or large negative biases — see dead-units, constant-initializer` };
  }
  const rise = relativeRise(run) ?? 0;
  if (rise > DIAGNOSIS_LIMITS.rise) {
    return { cause: 'loss-rising', zeroLayers, observation: `loss rose ${lossPath}`, next: `the learning rate ${rate(lr)} is too high for ${artifact.optimizer}: try ${rate(lr / 10)} — see loss-diverging` };
  }
  const ups = upShare(run) ?? 0;
  if (ups > DIAGNOSIS_LIMITS.upShare) {
    return { cause: 'loss-oscillating', zeroLayers, observation: `loss oscillated (${lossPath}, rising on ${Math.round(ups * 100)}% of steps)`, next: `lower the learning rate (try ${rate(lr / 10)}) — see loss-oscillating` };
  }
  // A regression target far from 0 (the untrained output) needs thousands of small steps: its scale is the cause.
  const startError = run.maxAbsErrors?.[0];
  if (typeof startError === 'number' && startError > UNSCALED_TARGET) {
    return { cause: (relativeDecrease(run) ?? 0) < DIAGNOSIS_LIMITS.flat ? 'loss-flat' : 'too-slow', zeroLayers, observation: `loss ${lossPath}: the untrained output is ${num(startError)} away from the target`, next: 'standardise the regression targets (subtract the training mean, divide by the standard deviation; undo it on the predictions): outputs start near 0 and move a little per step, so targets in the hundreds or thousands are out of reach' };
  }
  const decrease = relativeDecrease(run) ?? 0;
  const below = zeroLayers.length > 0 ? `, gradients zero in layer${zeroLayers.length === 1 ? '' : 's'} ${zeroLayers.join(', ')}` : '';
  if (decrease < DIAGNOSIS_LIMITS.flat) {
    if (zeroLayers.length > 0) {
      return { cause: 'loss-flat', zeroLayers, observation: `loss flat at ${num(first ?? NaN)}${below}${stuckOutput(run, artifact)}`, next: `${reluLayers.length > 0 ? 'dead ReLU units — see dead-units; ' : ''}try a fresh init or a lower learning rate` };
    }
    const typical = typicalLearningRate(artifact.optimizer);
    // Gradients flow and the loss still does not move: a learning rate far below the optimizer's usual one, or an
    // output that cannot get closer to the target (the loss is already at its floor).
    const next = typical === undefined || lr < typical / 10
      ? `the learning rate ${rate(lr)} is too low for ${artifact.optimizer}: try ${rate(typical ?? lr * 100)}${typical !== undefined ? ` (its usual value)` : ''} — see loss-not-decreasing`
      : `the learning rate ${rate(lr)} is usual for ${artifact.optimizer}, so the output cannot get closer to the target: check that the output activation can produce the targets and fits the loss — see activation-cannot-reach-targets, loss-activation-mismatch, softmax-multilabel-targets`;
    return { cause: 'loss-flat', zeroLayers, observation: `loss flat (${lossPath})${stuckOutput(run, artifact)}`, next };
  }
  // Below the optimizer's usual rate, suggest that rate (as learning-rate-too-low does) rather than one step of ×10.
  const usual = typicalLearningRate(artifact.optimizer);
  const higher = usual !== undefined && lr < usual ? usual : lr * 10;
  return { cause: 'too-slow', zeroLayers, observation: `loss fell ${lossPath} but not to the target${below}`, next: `raise the learning rate (try ${rate(higher)}) or --max-steps; if it still stalls the model may not be able to represent the target` };
}

/** "class 3 from a fresh initialisation, class 5 from the saved weights and 2 more" for messages. */
export function listRuns(runs: readonly OverfitRun[], limit = 3): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const run of runs) {
    const key = `${describeExample(run)} ${START_WORDS[run.start]}`;
    if (!seen.has(key)) { seen.add(key); parts.push(key); }
  }
  const shown = parts.slice(0, limit).join(', ');
  return parts.length > limit ? `${shown} and ${parts.length - limit} more` : shown;
}

/** Plain-JSON references to runs for `data`. */
export function runRefs(runs: readonly OverfitRun[], limit = 20): Array<{ class: number | null; label: string; start: OverfitStart; repeat: number }> {
  return runs.slice(0, limit).map((r) => ({ class: r.class, label: r.label, start: r.start, repeat: r.repeat }));
}
