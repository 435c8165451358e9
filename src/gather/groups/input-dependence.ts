/**
 * Gathers InputDependence: the same fresh model trained briefly on the real features and on all-zero features,
 * both judged on held-out rows. A model that uses its input must do clearly better with the real features.
 */
import type { LayersModel, Tensor, Variable } from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';
import type { ExperimentContext } from '../../run/context.js';
import type { Dataset } from '../../load/dataset.js';
import type { InputDependence, InputRun } from './prediction.js';
import { startEngine, type Tf } from '../../load/backend.js';
import { buildTfModel } from '../../engine/tf-model.js';
import { rowInputShape } from '../../engine/predict-rows.js';

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
}

/**
 * Per-feature mean and standard deviation of the fitting rows. The real features are standardised so that this
 * artifact measures whether the input carries usable information, not whether it is scaled (unscaled-inputs says that).
 */
function scalingOf(dataset: Dataset, rows: number[]): Scaling {
  const width = dataset.featureNames.length;
  const mean = new Float64Array(width);
  const squares = new Float64Array(width);
  for (const r of rows) {
    for (let j = 0; j < width; j++) {
      const v = dataset.features[r * width + j]!;
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
    const y = mode.units === 1 ? tf.tensor2d(Float32Array.from(labels), [rows.length, 1]) : tf.oneHot(tf.tensor1d(labels, 'int32'), mode.units).cast('float32');
    return { x, xZero, y, rows: rows.length, labels };
  }
  const targets = new Float32Array(rows.length * mode.width);
  rows.forEach((r, i) => targets.set(dataset.targets.subarray(r * mode.width, (r + 1) * mode.width), i * mode.width));
  return { x, xZero, y: tf.tensor2d(targets, [rows.length, mode.width]), rows: rows.length, labels: null };
}

function disposeSet(set: RowSet): void {
  set.x.dispose();
  set.xZero.dispose();
  set.y.dispose();
}

/** Per-row loss as a scalar mean; probabilities are clipped so a saturated output gives a large finite loss. */
function lossOf(tf: Tf, mode: Mode, output: Tensor, y: Tensor): Tensor {
  const out = output.reshape([output.shape[0]!, -1]);
  if (mode.kind === 'values') return tf.losses.meanSquaredError(y, out);
  const activation = mode.activation.toLowerCase();
  if (mode.units === 1) {
    if (activation === 'sigmoid' || activation === 'softmax') {
      const p = out.clipByValue(1e-7, 1 - 1e-7);
      return y.mul(p.log()).add(tf.scalar(1).sub(y).mul(tf.scalar(1).sub(p).log())).neg().mean();
    }
    return tf.losses.sigmoidCrossEntropy(y, out);
  }
  if (activation === 'softmax') return y.mul(out.clipByValue(1e-7, 1).log()).sum(1).neg().mean();
  return tf.losses.softmaxCrossEntropy(y, out);
}

function evaluate(tf: Tf, model: LayersModel, mode: Mode, set: RowSet, zeroed: boolean): { loss: number; accuracy: number | null } {
  const [lossTensor, predictedTensor] = tf.tidy(() => {
    const output = model.predict(zeroed ? set.xZero : set.x) as Tensor;
    const flat = output.reshape([set.rows, -1]);
    const predicted = mode.kind === 'classes' && mode.units === 1 ? flat.greater(0.5).cast('int32').reshape([set.rows]) : flat.argMax(1);
    return [lossOf(tf, mode, output, set.y), predicted];
  });
  const loss = lossTensor.dataSync()[0]!;
  const values = predictedTensor.dataSync();
  lossTensor.dispose();
  predictedTensor.dispose();
  if (mode.kind !== 'classes' || !set.labels) return { loss, accuracy: null };
  let correct = 0;
  for (let r = 0; r < set.rows; r++) if (values[r] === set.labels[r]) correct += 1;
  return { loss, accuracy: correct / Math.max(1, set.rows) };
}

async function trainOnce(ctx: ExperimentContext, tf: Tf, mode: Mode, train: RowSet, evalSet: RowSet, zeroed: boolean, epochs: number): Promise<InputRun> {
  const engine = await startEngine(ctx.options.backend);
  const model = await buildTfModel(engine, ctx.modelFiles(), { start: 'fresh', seed: ctx.options.seed });
  const optimizer = tf.train.adam(LEARNING_RATE);
  const random = seedrandom.alea(`input-dependence:${ctx.options.seed}`);
  const variables = model.trainableWeights.map((w) => w.read() as Variable);
  let trainLoss = Number.NaN;
  try {
    const all = Array.from({ length: train.rows }, (_, i) => i);
    for (let epoch = 0; epoch < epochs; epoch++) {
      ctx.checkDeadline();
      const order = shuffled(all, random);
      let sum = 0;
      let batches = 0;
      for (let start = 0; start < order.length; start += BATCH_SIZE) {
        const batch = order.slice(start, start + BATCH_SIZE);
        const loss = tf.tidy(() => {
          const indices = tf.tensor1d(batch, 'int32');
          const xb = tf.gather(zeroed ? train.xZero : train.x, indices);
          const yb = tf.gather(train.y, indices);
          const cost = optimizer.minimize(() => lossOf(tf, mode, model.apply(xb, { training: true }) as Tensor, yb) as never, true, variables);
          return cost!.dataSync()[0]!;
        });
        sum += loss;
        batches += 1;
      }
      trainLoss = sum / Math.max(1, batches);
    }
    const scored = evaluate(tf, model, mode, evalSet, zeroed);
    return { evalLoss: round(scored.loss), evalAccuracy: scored.accuracy === null ? null : round(scored.accuracy), trainLoss: round(trainLoss) };
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

export async function gatherInputDependence(ctx: ExperimentContext): Promise<InputDependence> {
  const { task } = await ctx.artifact('LabelCounts');
  const topology = await ctx.artifact('Topology');
  const engine = await startEngine(ctx.options.backend);
  ctx.engineUsed = engine;
  const { tf } = engine;
  const train = ctx.trainData();
  const test = ctx.testData();
  const units = topology.outputUnits ?? 0;
  const mode: Mode = task.kind === 'regression' || task.kind === 'multi-label'
    ? { kind: 'values', width: train.labelNames.length }
    : { kind: 'classes', units: Math.max(1, units), activation: topology.outputActivation };
  const probe = await buildTfModel(engine, ctx.modelFiles(), { start: 'fresh', seed: ctx.options.seed });
  let shape: number[];
  try {
    shape = rowInputShape(probe, train);
  } finally {
    probe.dispose();
  }
  const inRange = (c: number): boolean => mode.kind === 'values' || (c >= 0 && c < (mode.units === 1 ? 2 : mode.units));
  const trainClasses = mode.kind === 'classes' ? Int32Array.from({ length: train.rows }, (_, r) => (inRange(classOf(train, r, train.textLabels)) ? classOf(train, r, train.textLabels) : -1)) : null;
  let fitRows: number[];
  let evalRows: number[];
  let evalData: Dataset;
  if (test) {
    fitRows = Array.from({ length: train.rows }, (_, r) => r).filter((r) => !trainClasses || trainClasses[r]! >= 0);
    evalData = test;
    evalRows = Array.from({ length: test.rows }, (_, r) => r).filter((r) => inRange(classOf(test, r, train.textLabels)));
  } else {
    const split = splitRows(train, trainClasses, ctx.options.seed);
    fitRows = split.fit;
    evalRows = split.held;
    evalData = train;
  }
  const base = {
    evalOn: test ? 'test' as const : 'holdout' as const, trainRows: fitRows.length, evalRows: evalRows.length,
    optimizer: 'adam', learningRate: LEARNING_RATE, loss: mode.kind === 'values' ? 'meanSquaredError' : 'crossentropy',
  };
  const none: InputRun = { evalLoss: 0, evalAccuracy: null, trainLoss: 0 };
  if (fitRows.length < 2 || evalRows.length < 1) {
    return { applicable: false, reason: 'too few rows to hold some out', epochs: 0, steps: 0, real: none, zeroed: none, majorityShare: null, ...base };
  }
  const quick = ctx.options.checkOptions.quick === true;
  const batches = Math.ceil(fitRows.length / BATCH_SIZE);
  const epochs = Math.max(1, Math.min(MAX_EPOCHS, Math.round((quick ? TARGET_STEPS.quick : TARGET_STEPS.full) / batches)));
  const scaling = scalingOf(train, fitRows);
  const fitSet = rowSet(tf, train, fitRows, shape, mode, train.textLabels, scaling);
  const evalSet = rowSet(tf, evalData, evalRows, shape, mode, train.textLabels, scaling);
  try {
    const real = await trainOnce(ctx, tf, mode, fitSet, evalSet, false, epochs);
    const zeroed = await trainOnce(ctx, tf, mode, fitSet, evalSet, true, epochs);
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
