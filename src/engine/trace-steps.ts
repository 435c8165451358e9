/**
 * A lean training loop that fits a model to a fixed (tiny) batch and records, per step, the loss, the prediction
 * and per-layer gradient statistics. One forward/backward pass per step inside tf.tidy, data uploaded once, and
 * the trace read back in chunks of steps (one dataSync per chunk) rather than after every step.
 */
import type { LayersModel, NamedTensorMap, Optimizer, Scalar, Tensor, Variable } from '@tensorflow/tfjs';
import type { Tf } from '../load/backend.js';
import type { TrainingSetup } from './training-setup.js';
import { denseTrainerFor, type DenseTrainer } from './dense-net/trainer.js';
import { batchNormOnMovingStatistics } from './batch-norm-mode.js';
import { withPenalties } from './fit-epochs.js';

/** When the fit counts as done. */
export type FitTarget =
  /** sparse / one-hot / binary encodings: the class index (binary: 0 or 1). */
  | { kind: 'class'; index: number }
  /** multi-label: the 0/1 target per output column. */
  | { kind: 'labels'; values: number[] }
  /** regression: the target per output column and the allowed absolute error per column. */
  | { kind: 'values'; values: number[]; tolerance: number[] };

export interface TraceStepsArgs {
  model: LayersModel;
  /** x and y of the one example to fit (a batch of 1); not disposed here. */
  setup: TrainingSetup;
  target: FitTarget;
  maxSteps: number;
  /**
   * Class targets count as fitted when the target class is predicted and the loss is at most this (default
   * 0.25: under cross-entropy the target's probability is then ≥ 0.78).
   */
  fitLoss?: number;
  /** Called between chunks of steps (e.g. ctx.checkDeadline); may throw to abort. */
  between?: () => void;
}

/** Why the loop ended. */
export type StopReason = 'fitted' | 'non-finite' | 'stalled' | 'kernels-stalled' | 'no-trainable-weights' | 'max-steps';

/** One trainable weight (a column of the per-step gradient statistics). */
export interface TracedWeight {
  /** Layer name, e.g. `dense_1`. */
  layer: string;
  /** Weight name inside the layer: `kernel`, `bias`, `gamma`, … */
  name: string;
  /** Number of values. */
  size: number;
}

/** The recorded trace: plain JSON, one entry per step in every per-step array. */
export interface StepTrace {
  /** Trainable weights in model order: the columns of gradNorms / zeroGradFractions. */
  weights: TracedWeight[];
  /** Trainable and frozen parameter counts. */
  trainableParameters: number;
  frozenParameters: number;
  /** Loss at each step, before that step's update (entry 0 is the initial loss); NaN/Inf recorded as null. */
  losses: Array<number | null>;
  /** Predicted class per step (class targets), or the number of wrong columns (multi-label); absent for regression. */
  predicted?: number[];
  /** Output for the target class per step (its probability under softmax/sigmoid); absent for regression and multi-label. */
  targetScores?: number[];
  /** Largest absolute error over the output columns per step (regression). */
  maxAbsErrors?: Array<number | null>;
  /** Per step, per weight: L2 norm of the gradient (null when NaN/Inf). */
  gradNorms: Array<Array<number | null>>;
  /** Per step, per weight: share of the gradient's values that are exactly 0. */
  zeroGradFractions: number[][];
  /** First step whose loss was NaN/Inf, or null. */
  nonFiniteLossStep: number | null;
  /** First step with a NaN/Inf gradient, or null. */
  nonFiniteGradStep: number | null;
  /** First step (0 = before any update) at which the target was reached, or null. */
  fittedAtStep: number | null;
  /** Updates whose effect was measured: losses.length − 1. */
  steps: number;
  stopReason: StopReason;
}

const round = (v: number, digits = 5): number => (v === 0 ? 0 : Number(v.toPrecision(digits)));
const finiteOrNull = (v: number, digits?: number): number | null => (Number.isFinite(v) ? round(v, digits) : null);

/** Steps run between two reads of the trace (each read is one dataSync). */
const MAX_CHUNK = 8;
/** All-zero gradients for this many steps from the start, with no dropout, mean nothing can ever change. */
const STALL_STEPS = 16;
/**
 * Kernels (input-side weights) with exactly zero gradient for this many steps from the start: only biases move,
 * so the output can no longer come to depend on the input (dead or zero-initialised layers). Longer than
 * STALL_STEPS because a bias moving above a dead layer can, in principle, wake the kernels after it.
 */
const KERNEL_STALL_STEPS = 32;
/** Input-side weights; the same pattern as the rules' (src/rules/support/overfit.ts). */
const INPUT_WEIGHTS = /kernel|weight|gamma|embeddings|alpha/i;

/**
 * Fits `setup.x → setup.y` with a fresh optimizer from the model's current weights, for at most `maxSteps`
 * updates, stopping once the target is reached (or the loss is NaN/Inf). Leaves no tensors behind; the model's
 * weights are left trained (the caller resets them).
 */
export function traceSteps(tf: Tf, args: TraceStepsArgs): StepTrace {
  const { model, setup, target, maxSteps } = args;
  // The per-step record holds one example's output; a batch would need a per-example layout.
  if (setup.x.shape[0] !== 1) throw new Error(`traceSteps fits one example, got a batch of ${setup.x.shape[0]}`);
  const fitLoss = args.fitLoss ?? 0.25;
  const sizeOf = (shape: ReadonlyArray<number | null>): number => shape.reduce((a: number, b) => a * (b ?? 1), 1);
  const layerWeights = model.layers.flatMap((l) => l.trainableWeights.map((w) => ({ layer: l.name, w })));
  const weights: TracedWeight[] = layerWeights.map(({ layer, w }) => ({ layer, name: w.originalName.split('/').pop() ?? w.originalName, size: sizeOf(w.shape) }));
  const vars = layerWeights.map(({ w }) => w.read() as Variable);
  const sizes = weights.map((w) => w.size);
  const trainableParameters = sizes.reduce((a, b) => a + b, 0);
  const frozenParameters = model.nonTrainableWeights.reduce((n, w) => n + sizeOf(w.shape), 0);
  const hasDropout = model.layers.some((l) => /Dropout|Noise/.test(l.getClassName()));
  const units = setup.outputUnits;
  const L = weights.length;
  const width = 1 + units + 2 * L;

  const trace: StepTrace = {
    weights, trainableParameters, frozenParameters, losses: [], gradNorms: [], zeroGradFractions: [],
    nonFiniteLossStep: null, nonFiniteGradStep: null, fittedAtStep: null, steps: 0, stopReason: 'max-steps',
  };
  if (target.kind === 'class') { trace.predicted = []; trace.targetScores = []; }
  if (target.kind === 'labels') trace.predicted = [];
  if (target.kind === 'values') trace.maxAbsErrors = [];

  const optimizer = setup.makeOptimizer();
  // Small dense nets train in plain JS (engine/dense-net); everything else with TF.js below.
  const candidate = vars.length > 0 ? denseTrainerFor(tf, model, setup, optimizer, 1) : null;
  const dense = candidate && candidate.net.params.every((p, i) => p.length === sizes[i]) ? candidate : null;
  const denseStep = dense ? stepInJs(dense, setup, width, units) : null;
  // Gradient statistics for all weights in a fixed number of kernels: flatten all gradients into one vector and
  // sum squares and zeros per weight with one segment sum each (instead of ~4 kernels per variable).
  const ids = new Int32Array(trainableParameters);
  sizes.reduce((offset, size, i) => { ids.fill(i, offset, offset + size); return offset + size; }, 0);
  const segmentIds = L > 0 && !denseStep ? tf.tensor1d(ids, 'int32') : null;
  const indices = segmentIds ? tf.range(0, segmentIds.size, 1, 'int32') : null;
  const update = vars.length > 0 && !denseStep ? makeUpdate(tf, optimizer, vars) : null;
  const pending: Array<Tensor | Float32Array> = [];
  let allZeroSoFar = true;
  let kernelsZeroSoFar = true;
  const isInputWeight = weights.map((w) => INPUT_WEIGHTS.test(w.name));
  const hasBoth = isInputWeight.some(Boolean) && isInputWeight.some((b) => !b);

  const forwardLoss = (): { loss: Tensor; output: Tensor } => {
    const output = model.apply(setup.x, { training: true }) as Tensor;
    return { loss: setup.meanLoss(setup.y, output), output };
  };

  const step = (): Tensor | Float32Array => denseStep ? denseStep() : tf.tidy(() => {
    if (vars.length === 0) {
      const { loss, output } = forwardLoss();
      return tf.concat([tf.reshape(loss, [1]), tf.reshape(output, [-1])]);
    }
    let output: Tensor | null = null;
    let dataLoss: Tensor | null = null;
    // Gradients include the regularisers' penalties (as model.fit's); the recorded loss is the data loss alone, so a
    // fit is judged by how well it predicts the example whatever the penalty adds.
    const { grads } = tf.variableGrads(() => {
      const result = forwardLoss();
      output = tf.keep(result.output);
      dataLoss = tf.keep(result.loss);
      return withPenalties(tf, model, result.loss as Scalar) as never;
    }, vars);
    const list = vars.map((v) => grads[v.name]!);
    const flat = tf.concat(list.map((g) => tf.reshape(g, [-1])));
    const sumSquares = tf.sparse.sparseSegmentSum(tf.square(flat), indices!, segmentIds!);
    const zeros = tf.sparse.sparseSegmentSum(tf.cast(tf.equal(flat, 0), 'float32'), indices!, segmentIds!);
    update!.apply(list, grads as NamedTensorMap);
    const row = tf.concat([tf.reshape(dataLoss!, [1]), tf.reshape(output!, [-1]), sumSquares, zeros]);
    (output as Tensor | null)?.dispose();
    (dataLoss as Tensor | null)?.dispose();
    return row;
  });

  const readChunk = (): boolean => {
    const chunk = pending.splice(0);
    const count = chunk.length;
    const data = new Float32Array(count * width);
    if (chunk.every((row): row is Float32Array => row instanceof Float32Array)) {
      chunk.forEach((row, i) => data.set(row, i * width));
    } else {
      const rows = tf.stack(chunk as Tensor[]);
      tf.dispose(chunk as Tensor[]);
      data.set(rows.dataSync() as Float32Array);
      rows.dispose();
    }
    for (let r = 0; r < count; r++) {
      const s = trace.losses.length;
      const row = data.subarray(r * width, (r + 1) * width);
      const loss = row[0]!;
      const output = row.subarray(1, 1 + units);
      trace.losses.push(finiteOrNull(loss));
      if (!Number.isFinite(loss) && trace.nonFiniteLossStep === null) trace.nonFiniteLossStep = s;
      const norms: Array<number | null> = [];
      const zeroShares: number[] = [];
      for (let i = 0; i < L; i++) {
        const sq = row[1 + units + i]!;
        norms.push(Number.isFinite(sq) ? round(Math.sqrt(sq), 4) : null);
        zeroShares.push(round(row[1 + units + L + i]! / sizes[i]!, 4));
        if (!Number.isFinite(sq) && trace.nonFiniteGradStep === null) trace.nonFiniteGradStep = s;
        if (row[1 + units + L + i]! !== sizes[i]!) {
          allZeroSoFar = false;
          if (isInputWeight[i]) kernelsZeroSoFar = false;
        }
      }
      trace.gradNorms.push(norms);
      trace.zeroGradFractions.push(zeroShares);
      const fitted = recordPrediction(trace, target, output, units) && (target.kind === 'values' || loss <= fitLoss);
      if (fitted && Number.isFinite(loss)) {
        trace.fittedAtStep = s;
        trace.stopReason = 'fitted';
        break;
      }
      if (!Number.isFinite(loss)) { trace.stopReason = 'non-finite'; break; }
    }
    if (trace.stopReason !== 'max-steps') return true;
    if (vars.length === 0 && trace.losses.length >= 4) { trace.stopReason = 'no-trainable-weights'; return true; }
    if (allZeroSoFar && !hasDropout && trace.losses.length >= STALL_STEPS) { trace.stopReason = 'stalled'; return true; }
    if (kernelsZeroSoFar && hasBoth && !hasDropout && trace.losses.length >= KERNEL_STALL_STEPS) { trace.stopReason = 'kernels-stalled'; return true; }
    return false;
  };

  const restoreBatchNorm = batchNormOnMovingStatistics(model);
  try {
    let chunk = 1;
    let done = false;
    // Row s describes the weights after s updates, so maxSteps updates take maxSteps + 1 rows (the last
    // row's own update is wasted, which is cheaper than a separate forward-only pass).
    while (!done && trace.steps < maxSteps + 1) {
      args.between?.();
      const n = Math.min(chunk, maxSteps + 1 - trace.steps);
      for (let i = 0; i < n; i++) pending.push(step());
      trace.steps += n;
      done = readChunk();
      // Steps past the fit are wasted work, so chunks stay small; a read costs about one step on cpu/wasm.
      chunk = Math.min(chunk * 2, MAX_CHUNK);
    }
  } finally {
    restoreBatchNorm();
    for (const t of pending) if (!(t instanceof Float32Array)) t.dispose();
    dense?.finish();
    optimizer.dispose();
    update?.dispose();
    segmentIds?.dispose();
    indices?.dispose();
  }
  trace.steps = Math.max(0, trace.losses.length - 1);
  return trace;
}

/**
 * One step of the plain-JS dense net, recorded in the same row layout as the TF.js step: loss, output, then each
 * weight's gradient sum of squares and count of exact zeros.
 */
function stepInJs(dense: DenseTrainer, setup: TrainingSetup, width: number, units: number): () => Float32Array {
  const x = Float32Array.from(setup.x.dataSync() as Float32Array);
  const y = Array.from(setup.y.dataSync());
  const grads = dense.net.grads;
  return () => {
    const row = new Float32Array(width);
    row[0] = dense.step(x, y, 1);
    row.set(dense.output.subarray(0, units), 1);
    grads.forEach((g, i) => {
      let squares = 0;
      let zeros = 0;
      for (let k = 0; k < g.length; k++) {
        squares += g[k]! * g[k]!;
        if (g[k] === 0) zeros += 1;
      }
      row[1 + units + i] = squares;
      row[1 + units + grads.length + i] = zeros;
    });
    return row;
  };
}

interface Update {
  apply(grads: Tensor[], named: NamedTensorMap): void;
  dispose(): void;
}

/**
 * The optimizer step. Adam — the default and most common — runs as the same update as tf.train.adam with the
 * bias corrections folded into two per-step scalars (lr·√(1−β₂ᵗ)/(1−β₁ᵗ) and ε·√(1−β₂ᵗ), algebraically
 * identical to TF.js's m̂/(√v̂ + ε)) and its constants uploaded once: 12 kernels per weight instead of ~18 plus
 * ~8 scalar uploads. Every other optimizer is TF.js's own.
 */
function makeUpdate(tf: Tf, optimizer: Optimizer, vars: Variable[]): Update {
  // Not `instanceof`: TF.js optimizers answer it by duck typing, so an SGD optimizer "is" an AdamOptimizer.
  if (optimizer.getClassName() !== 'Adam') return { apply: (_, named) => optimizer.applyGradients(named), dispose: () => undefined };
  const config = optimizer.getConfig() as { learningRate: number; beta1: number; beta2: number; epsilon: number };
  const { learningRate, beta1, beta2, epsilon } = config;
  const moments = vars.map((v) => tf.tidy(() => ({ m: tf.variable(tf.zerosLike(v), false), v: tf.variable(tf.zerosLike(v), false) })));
  const constants = [tf.scalar(beta1), tf.scalar(1 - beta1), tf.scalar(beta2), tf.scalar(1 - beta2)] as const;
  const [b1, c1, b2, c2] = constants;
  let t = 0;
  return {
    apply(grads) {
      t += 1;
      const correction2 = Math.sqrt(1 - beta2 ** t);
      tf.tidy(() => {
        const step = tf.scalar(-learningRate * correction2 / (1 - beta1 ** t));
        const eps = tf.scalar(epsilon * correction2);
        grads.forEach((g, i) => {
          const { m, v } = moments[i]!;
          const m1 = tf.add(tf.mul(m, b1), tf.mul(g, c1));
          const v1 = tf.add(tf.mul(v, b2), tf.mul(tf.square(g), c2));
          m.assign(m1);
          v.assign(v1);
          vars[i]!.assign(tf.add(vars[i]!, tf.mul(tf.div(m1, tf.add(tf.sqrt(v1), eps)), step)));
        });
      });
    },
    dispose() {
      for (const { m, v } of moments) { m.dispose(); v.dispose(); }
      tf.dispose([...constants]);
    },
  };
}

/** Appends the step's prediction to the trace; true when the prediction is on target. */
function recordPrediction(trace: StepTrace, target: FitTarget, output: Float32Array, units: number): boolean {
  if (target.kind === 'class') {
    let predicted: number;
    let score: number;
    if (units === 1) {
      predicted = output[0]! > 0.5 ? 1 : 0;
      score = target.index === 1 ? output[0]! : 1 - output[0]!;
    } else {
      predicted = 0;
      for (let j = 1; j < units; j++) if (output[j]! > output[predicted]!) predicted = j;
      score = output[target.index] ?? Number.NaN;
    }
    trace.predicted!.push(predicted);
    trace.targetScores!.push(Number.isFinite(score) ? round(score, 4) : 0);
    return predicted === target.index;
  }
  if (target.kind === 'labels') {
    let wrong = 0;
    for (let j = 0; j < units; j++) if ((output[j]! > 0.5 ? 1 : 0) !== target.values[j]) wrong += 1;
    trace.predicted!.push(wrong);
    return wrong === 0;
  }
  let worst = 0;
  let within = true;
  for (let j = 0; j < units; j++) {
    const error = Math.abs(output[j]! - target.values[j]!);
    if (!(error <= target.tolerance[j]!)) within = false;
    worst = Math.max(worst, Number.isFinite(error) ? error : Number.POSITIVE_INFINITY);
  }
  trace.maxAbsErrors!.push(finiteOrNull(worst, 4));
  return within;
}
