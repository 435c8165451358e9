/**
 * Gathers InputDependence: the same fresh model trained briefly on the real features and on all-zero features,
 * both judged on held-out rows. A model that uses its input must do clearly better with the real features.
 */
import type { Scalar, Tensor } from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';
import type { ExperimentContext } from '../../run/context.js';
import type { Dataset } from '../../load/dataset.js';
import type { InputDependence, InputRun } from './prediction.js';
import type { Topology } from '../artifacts.js';
import { startEngine, type Tf } from '../../load/backend.js';
import { buildTfModel } from '../../engine/tf-model.js';
import { rowInputShape } from '../../engine/predict-rows.js';
import { fitEpochs } from '../../engine/fit-epochs.js';
import { makeLoss } from '../../engine/training-setup.js';
import { QuickBudgetExceeded } from '../../errors.js';
import type { LossSpec } from '../../engine/dense-net/trainer.js';

/**
 * A fixed, forgiving optimizer (Adam, 0.01) rather than the experiment's own: a learning rate that is far off is
 * reported by the learning-rate rules and must not masquerade as a model that ignores its input.
 */
const LEARNING_RATE = 0.01;
const BATCH_SIZE = 32;
/** Optimisation steps per run: enough for iris/digits-sized problems to learn well beyond the label prior. */
const TARGET_STEPS = { full: 160, quick: 80 } as const;
const MAX_EPOCHS = 40;
const HOLDOUT_SHARE = 0.2;

type Mode = { kind: 'classes'; units: number; activation: string } | { kind: 'values'; width: number };

interface RowSet {
  x: Tensor;
  xZero: Tensor;
  y: Tensor;
  rows: number;
  labels: Int32Array | null;
}

function shuffled(indices: number[], random: () => number): number[] {
  const out = indices.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Class index per row, or −1; one-hot targets read by argmax. */
function classOf(dataset: Dataset, row: number, trainTextLabels: string[] | null): number {
  const width = dataset.labelNames.length;
  if (width > 1) {
    let best = 0;
    for (let j = 1; j < width; j++) if (dataset.targets[row * width + j]! > dataset.targets[row * width + best]!) best = j;
    return best;
  }
  const value = dataset.targets[row]!;
  if (dataset.textLabels && trainTextLabels) return trainTextLabels.indexOf(dataset.textLabels[value]!);
  return Number.isInteger(value) && value >= 0 ? value : -1;
}

interface Scaling {
  mean: Float64Array;
  scale: Float64Array;
  /** Regression targets are standardised the same way (null: left as they are). */
  targets: { mean: Float64Array; scale: Float64Array } | null;
}

/** Per-column mean and 1/std of `width`-wide rows of `values` over `rows` (1/std = 0 for a constant column). */
function columnScaling(values: Float32Array, width: number, rows: number[]): { mean: Float64Array; scale: Float64Array } {
  const mean = new Float64Array(width);
  const squares = new Float64Array(width);
  for (const r of rows) {
    for (let j = 0; j < width; j++) {
      const v = values[r * width + j]!;
      mean[j]! += v;
      squares[j]! += v * v;
    }
  }
  const scale = new Float64Array(width);
  for (let j = 0; j < width; j++) {
    mean[j]! /= Math.max(1, rows.length);
    const std = Math.sqrt(Math.max(0, squares[j]! / Math.max(1, rows.length) - mean[j]! * mean[j]!));
    scale[j] = std > 1e-12 ? 1 / std : 0;
  }
  return { mean, scale };
}

function identityScaling(width: number): { mean: Float64Array; scale: Float64Array } {
  return { mean: new Float64Array(width), scale: new Float64Array(width).fill(1) };
}

/**
 * How the fitting rows are scaled. Real features are standardised so that this artifact measures whether the input
 * carries usable information, not whether it is scaled (unscaled-inputs says that) — except token ids feeding an
 * Embedding, which must stay the integers they are. Regression targets under a linear output are standardised too:
 * a target in the thousands cannot be reached in the probe's few steps from either input, which would make real
 * inputs look useless.
 */
function scalingOf(dataset: Dataset, rows: number[], topology: Topology, mode: Mode, regression: boolean): Scaling {
  const width = dataset.featureNames.length;
  const tokenIds = topology.layers.some((l) => l.className === 'Embedding');
  const features = tokenIds ? identityScaling(width) : columnScaling(dataset.features, width, rows);
  const linearOutput = /^(linear|none|)$/i.test(topology.outputActivation);
  const targets = mode.kind === 'values' && regression && linearOutput ? columnScaling(dataset.targets, mode.width, rows) : null;
  return { ...features, targets };
}

function rowSet(tf: Tf, dataset: Dataset, rows: number[], shape: number[], mode: Mode, trainTextLabels: string[] | null, scaling: Scaling): RowSet {
  const width = dataset.featureNames.length;
  const features = new Float32Array(rows.length * width);
  rows.forEach((r, i) => {
    for (let j = 0; j < width; j++) features[i * width + j] = (dataset.features[r * width + j]! - scaling.mean[j]!) * scaling.scale[j]!;
  });
  const x = tf.tensor(features, [rows.length, ...shape], 'float32');
  const xZero = tf.zeros([rows.length, ...shape]);
  if (mode.kind === 'classes') {
    const labels = Int32Array.from(rows, (r) => classOf(dataset, r, trainTextLabels));
    const y = mode.units === 1 ? tf.tensor2d(Float32Array.from(labels), [rows.length, 1]) : tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), mode.units).cast('float32'));
    return { x, xZero, y, rows: rows.length, labels };
  }
  const targets = new Float32Array(rows.length * mode.width);
  rows.forEach((r, i) => targets.set(dataset.targets.subarray(r * mode.width, (r + 1) * mode.width), i * mode.width));
  if (scaling.targets) {
    const { mean, scale } = scaling.targets;
    for (let k = 0; k < targets.length; k++) targets[k] = (targets[k]! - mean[k % mode.width]!) * scale[k % mode.width]!;
  }
  return { x, xZero, y: tf.tensor2d(targets, [rows.length, mode.width]), rows: rows.length, labels: null };
}

function disposeSet(set: RowSet): void {
  set.x.dispose();
  set.xZero.dispose();
  set.y.dispose();
}

/**
 * The shared loss (engine/training-setup.ts) this mode's targets fit, when the output is [rows, units] and ends in
 * probabilities: the same Keras formula the other checks train with, which also lets a small dense model train on
 * the plain-JS path. Logit outputs keep the from-logits losses of `rowLoss`.
 */
function sharedLossOf(mode: Mode, outputRank: number): LossSpec | null {
  if (outputRank !== 2) return null;
  // errorKind names what rowError computes for the mode.
  if (mode.kind === 'values') return { loss: 'meanSquaredError', encoding: 'regression', outputUnits: mode.width, errorKind: 'squared' };
  const activation = mode.activation.toLowerCase();
  // A softmax over one unit outputs 1 whatever its input; rowLoss scores it like a sigmoid, and so does this.
  if (mode.units === 1 && (activation === 'sigmoid' || activation === 'softmax')) return { loss: 'binaryCrossentropy', encoding: 'binary', outputUnits: 1, errorKind: 'threshold' };
  if (mode.units > 1 && activation === 'softmax') return { loss: 'categoricalCrossentropy', encoding: 'one-hot', outputUnits: mode.units, errorKind: 'class' };
  return null;
}

/** Per-row loss, shape [n]; probabilities are clipped so a saturated output gives a large finite loss. */
function rowLoss(tf: Tf, mode: Mode, y: Tensor, output: Tensor): Tensor {
  const out = output.reshape([output.shape[0]!, -1]);
  if (mode.kind === 'values') return out.sub(y).square().mean(1);
  const activation = mode.activation.toLowerCase();
  if (mode.units === 1) {
    if (activation === 'sigmoid' || activation === 'softmax') {
      const p = out.clipByValue(1e-7, 1 - 1e-7);
      return y.mul(p.log()).add(tf.scalar(1).sub(y).mul(tf.scalar(1).sub(p).log())).neg().reshape([-1]);
    }
    return tf.losses.sigmoidCrossEntropy(y, out, undefined, 0, tf.Reduction.NONE).reshape([-1]);
  }
  if (activation === 'softmax') return y.mul(out.clipByValue(1e-7, 1).log()).sum(1).neg();
  return tf.losses.softmaxCrossEntropy(y, out, undefined, 0, tf.Reduction.NONE).reshape([-1]);
}

/** Per-row error: 1/0 misclassified for classes, squared error for values. */
function rowError(tf: Tf, mode: Mode, y: Tensor, output: Tensor): Tensor {
  const out = output.reshape([output.shape[0]!, -1]);
  if (mode.kind === 'values') return out.sub(y).square().mean(1);
  if (mode.units === 1) return out.greater(0.5).cast('float32').notEqual(y).cast('float32').reshape([-1]);
  return out.argMax(1).notEqual(y.argMax(1)).cast('float32');
}

/** One short fit from a fresh initialisation (shared loop: engine/fit-epochs.ts), scored on the held-out rows. */
async function trainOnce(ctx: ExperimentContext, tf: Tf, mode: Mode, train: RowSet, evalSet: RowSet, zeroed: boolean, epochs: number, budget: () => void): Promise<InputRun> {
  const engine = await startEngine(ctx.options.backend);
  const model = await buildTfModel(engine, ctx.modelFiles(), { start: 'fresh', seed: ctx.options.seed });
  const optimizer = tf.train.adam(LEARNING_RATE);
  const shared = sharedLossOf(mode, model.outputs[0]!.shape.length);
  const lossFn = shared ? makeLoss(tf, shared.loss, shared.outputUnits) : (y: Tensor, output: Tensor) => rowLoss(tf, mode, y, output);
  try {
    const result = fitEpochs({
      tf, model, optimizer,
      meanLoss: (y, output) => lossFn(y, output).mean() as Scalar,
      lossFn,
      ...(shared ? { lossSpec: shared } : {}),
      errorFn: (y, output) => rowError(tf, mode, y, output),
      ...(mode.kind === 'classes' ? { nonFiniteError: 1 } : {}),
      train: { x: zeroed ? train.xZero : train.x, y: train.y },
      test: { x: zeroed ? evalSet.xZero : evalSet.x, y: evalSet.y },
      batchSize: BATCH_SIZE,
      epochs,
      seed: ctx.options.seed,
      betweenEpochs: budget,
    });
    const last = result.lossHistory[result.lossHistory.length - 1];
    return {
      evalLoss: round(result.testLoss ?? Infinity),
      evalAccuracy: mode.kind === 'classes' ? (result.testError === null ? 0 : round(1 - result.testError)) : null,
      trainLoss: round(last ?? Infinity),
    };
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}

function round(value: number): number {
  return Number.isFinite(value) ? Number(value.toPrecision(5)) : value > 0 ? 1e30 : -1e30;
}

/** Seeded stratified hold-out: HOLDOUT_SHARE of each class (or of all rows for regression targets). */
function splitRows(train: Dataset, classes: Int32Array | null, seed: number): { fit: number[]; held: number[] } {
  const random = seedrandom.alea(`holdout:${seed}`);
  const groups = new Map<number, number[]>();
  for (let r = 0; r < train.rows; r++) {
    const key = classes ? classes[r]! : 0;
    if (key < 0) continue;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(r);
  }
  const fit: number[] = [];
  const held: number[] = [];
  for (const key of [...groups.keys()].sort((a, b) => a - b)) {
    const rows = shuffled(groups.get(key)!, random);
    const cut = rows.length >= 2 ? Math.max(1, Math.round(rows.length * HOLDOUT_SHARE)) : 0;
    held.push(...rows.slice(0, cut));
    fit.push(...rows.slice(cut));
  }
  return { fit, held };
}

/** Seconds of fitting `check`'s quick mode allows the two input-dependence probes together. */
const QUICK_BUDGET_SECONDS = 8;

export async function gatherInputDependence(ctx: ExperimentContext): Promise<InputDependence> {
  const { task } = await ctx.artifact('LabelCounts');
  const topology = await ctx.artifact('Topology');
  const engine = await startEngine(ctx.options.backend);
  ctx.engineUsed = engine;
  const { tf } = engine;
  const train = await ctx.trainDataForModel();
  const probe = await buildTfModel(engine, ctx.modelFiles(), { start: 'fresh', seed: ctx.options.seed });
  let shape: number[];
  let outputs: number;
  let units: number;
  try {
    shape = rowInputShape(probe, train);
    outputs = probe.outputs.length;
    // The built output's width, not the topology's last `units`: a layer without units (BatchNormalization,
    // Activation) may come after the Dense that declares them.
    units = probe.outputs[0]!.shape.at(-1) ?? topology.outputUnits ?? 0;
  } finally {
    probe.dispose();
  }
  const mode: Mode = task.kind === 'regression' || task.kind === 'multi-label'
    ? { kind: 'values', width: train.labelNames.length }
    : { kind: 'classes', units: Math.max(1, units), activation: topology.outputActivation };
  const inRange = (c: number): boolean => mode.kind === 'values' || (c >= 0 && c < (mode.units === 1 ? 2 : mode.units));
  const trainClasses = mode.kind === 'classes' ? Int32Array.from({ length: train.rows }, (_, r) => (inRange(classOf(train, r, train.textLabels)) ? classOf(train, r, train.textLabels) : -1)) : null;
  // Held-out rows always come from the training CSV: a test CSV preprocessed differently would make the real inputs
  // look useless, and that fault is preprocessing-mismatch's to report, not this artifact's.
  const { fit: fitRows, held: evalRows } = splitRows(train, trainClasses, ctx.options.seed);
  const evalData = train;
  const base = {
    evalOn: 'holdout' as const, trainRows: fitRows.length, evalRows: evalRows.length,
    optimizer: 'adam', learningRate: LEARNING_RATE, loss: mode.kind === 'values' ? 'meanSquaredError' : 'crossentropy',
  };
  const none: InputRun = { evalLoss: 0, evalAccuracy: null, trainLoss: 0 };
  if (outputs !== 1) {
    return { applicable: false, reason: `the model has ${outputs} outputs`, epochs: 0, steps: 0, real: none, zeroed: none, majorityShare: null, ...base };
  }
  if (mode.kind === 'values' && units !== mode.width) {
    // output-units-mismatch reports this; the targets cannot be compared with the outputs.
    return { applicable: false, reason: `the model outputs ${units} values per row but there are ${mode.width} target columns`, epochs: 0, steps: 0, real: none, zeroed: none, majorityShare: null, ...base };
  }
  if (fitRows.length < 2 || evalRows.length < 1) {
    return { applicable: false, reason: 'too few rows to hold some out', epochs: 0, steps: 0, real: none, zeroed: none, majorityShare: null, ...base };
  }
  const quick = ctx.options.checkOptions.quick === true;
  const batches = Math.ceil(fitRows.length / BATCH_SIZE);
  const epochs = Math.max(1, Math.min(MAX_EPOCHS, Math.round((quick ? TARGET_STEPS.quick : TARGET_STEPS.full) / batches)));
  const scaling = scalingOf(train, fitRows, topology, mode, task.kind === 'regression');
  const fitSet = rowSet(tf, train, fitRows, shape, mode, train.textLabels, scaling);
  const evalSet = rowSet(tf, evalData, evalRows, shape, mode, train.textLabels, scaling);
  try {
    // Both probes share the budget; a model too slow for it leaves the other prediction checks running.
    const budget = ctx.trainingBudget('prediction', QUICK_BUDGET_SECONDS);
    let real: InputRun;
    let zeroed: InputRun;
    try {
      real = await trainOnce(ctx, tf, mode, fitSet, evalSet, false, epochs, budget);
      zeroed = await trainOnce(ctx, tf, mode, fitSet, evalSet, true, epochs, budget);
    } catch (error) {
      if (!(error instanceof QuickBudgetExceeded)) throw error;
      return { applicable: false, reason: error.reason, epochs: 0, steps: 0, real: none, zeroed: none, majorityShare: null, ...base };
    }
    let majorityShare: number | null = null;
    if (evalSet.labels) {
      const counts = new Map<number, number>();
      for (const label of evalSet.labels) counts.set(label, (counts.get(label) ?? 0) + 1);
      majorityShare = round(Math.max(...counts.values()) / evalSet.rows);
    }
    return { applicable: true, epochs, steps: epochs * batches, real, zeroed, majorityShare, ...base };
  } finally {
    disposeSet(fitSet);
    disposeSet(evalSet);
  }
}
