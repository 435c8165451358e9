/**
 * Turns a Dataset, a Task and TrainingSettings into what a training loop needs: input and target tensors shaped
 * for the model, the optimizer, the loss and an error function. Shared by overfit-one, learning-curve and the
 * prediction checks, so every command trains with exactly the same encoding and semantics.
 */
import type { LayersModel, Optimizer, Scalar, Tensor } from '@tensorflow/tfjs';
import { InputError } from '../errors.js';
import type { Tf } from '../load/backend.js';
import type { Dataset } from '../load/dataset.js';
import type { Task, TrainingSettings } from '../gather/artifacts.js';
import { normaliseOptimizer } from '../config/resolve-settings.js';
import { lossNameOf, unknownOptimizer, type LossName } from '../config/tfjs-names.js';
import type { ErrorKind } from './dense-net/scores.js';
import { decisionThreshold } from '../gather/task.js';

// The names live in config/ (static checks judge them without loading TF.js); the engine's users import them here.
export { LOSS_NAMES, OPTIMIZER_NAMES, lossNameOf, type LossName, type OptimizerName } from '../config/tfjs-names.js';

/** Keras/TF.js fuzz factor: probabilities are clipped to [ε, 1−ε] before log, so a built-in loss never logs 0. */
export const EPSILON = 1e-7;

/**
 * How targets are encoded for the loss:
 * - `sparse`: int32 class indices, shape [n] (sparseCategoricalCrossentropy);
 * - `one-hot`: float32 [n, C] with one 1 per row (categorical losses, binary losses over a multi-unit output);
 * - `binary`: float32 [n, 1] of 0/1 (one sigmoid unit);
 * - `multi-label`: float32 [n, C] of 0/1, several may be 1;
 * - `regression`: float32 [n, L] real values.
 */
export type TargetEncoding = 'sparse' | 'one-hot' | 'binary' | 'multi-label' | 'regression';

/** Per-example loss: Keras semantics (mean over the last axis where Keras takes it), shape [n]. */
export type LossFn = (yTrue: Tensor, yPred: Tensor) => Tensor;

/** What a loss expects of its targets. */
export type LossFamily = 'sparse' | 'categorical' | 'binary' | 'regression';

const LOSS_FAMILY: Record<LossName, LossFamily> = {
  sparseCategoricalCrossentropy: 'sparse',
  categoricalCrossentropy: 'categorical', categoricalHinge: 'categorical', kullbackLeiblerDivergence: 'categorical',
  binaryCrossentropy: 'binary', hinge: 'binary', squaredHinge: 'binary',
  meanSquaredError: 'regression', meanAbsoluteError: 'regression', meanAbsolutePercentageError: 'regression',
  meanSquaredLogarithmicError: 'regression', poisson: 'regression', logcosh: 'regression', cosineProximity: 'regression', huber: 'regression',
};

export function lossFamilyOf(loss: LossName): LossFamily {
  return LOSS_FAMILY[loss];
}

/** Input shape without the batch dimension, e.g. [8, 8, 1]. */
export function modelInputShape(model: LayersModel): number[] {
  const shape = model.inputs[0]!.shape.slice(1);
  return shape.map((d) => (d === null ? -1 : d));
}

/** Units of the model's (first) output: its last dimension. */
export function modelOutputUnits(model: LayersModel): number {
  const shape = model.outputs[0]!.shape;
  return shape[shape.length - 1] ?? 1;
}

/** The model's per-row input shape (batch dimension dropped); throws when the CSV's feature count cannot fill it. */
export function rowInputShape(model: LayersModel, dataset: Dataset): number[] {
  if (model.inputs.length !== 1) {
    throw new InputError(`the model has ${model.inputs.length} inputs; one CSV row can only feed a single-input model`, { file: dataset.file }, 'check a single-input model, or export each input branch as its own model');
  }
  try {
    return resolveInputShape(modelInputShape(model), dataset.featureNames.length, dataset.file);
  } catch (error) {
    // A read_csv/to_csv round trip names the saved pandas index "Unnamed: 0": one column too many, and the reason.
    const first = dataset.featureNames[0] ?? '';
    if (error instanceof InputError && /^Unnamed: \d+$/.test(first)) {
      throw new InputError(error.message, error.location, `the first column "${first}" is a pandas index saved by to_csv(): drop it (to_csv(..., index=False), or read_csv(..., index_col=0) before saving)`);
    }
    throw error;
  }
}

/**
 * The per-example input shape for `featureCount` flat columns: the model's input shape when the sizes match
 * (64 columns → [8, 8, 1]); one free dimension (null) is solved for. Otherwise an InputError.
 */
export function resolveInputShape(inputShape: readonly number[], featureCount: number, file: string): number[] {
  const free = inputShape.filter((d) => d < 0).length;
  const known = inputShape.filter((d) => d >= 0).reduce((a, b) => a * b, 1);
  const shown = `[${inputShape.map((d) => (d < 0 ? 'null' : d)).join(', ')}]`;
  if (free === 0 && known === featureCount) return [...inputShape];
  if (free === 1 && known > 0 && featureCount % known === 0) return inputShape.map((d) => (d < 0 ? featureCount / known : d));
  throw new InputError(
    `has ${featureCount} feature column${featureCount === 1 ? '' : 's'}, but the model's input shape ${shown} needs ${free === 0 ? known : `a multiple of ${known}`}`,
    { file, row: 1 },
    'give the CSV the columns the model was trained on (check --label and that no feature column is missing or extra), or the matching model',
  );
}

/**
 * Input tensor for `rows` of the dataset (all rows when omitted), reshaped to the model's input shape:
 * float32 [rows.length, ...inputShape]. The caller disposes it.
 */
export function makeInputs(tf: Tf, model: LayersModel, dataset: Dataset, rows?: readonly number[]): Tensor {
  const width = dataset.featureNames.length;
  const shape = rowInputShape(model, dataset);
  const values = pickRows(dataset.features, width, dataset.rows, rows);
  const n = values.length / width;
  return tf.tensor(values, [n, ...shape], 'float32');
}

function pickRows(source: Float32Array, width: number, total: number, rows?: readonly number[]): Float32Array {
  if (!rows) return source.subarray(0, total * width);
  const out = new Float32Array(rows.length * width);
  rows.forEach((r, i) => out.set(source.subarray(r * width, (r + 1) * width), i * width));
  return out;
}

/** How targets must be encoded for `loss` on a model with `outputUnits` outputs. */
export function targetEncodingFor(loss: LossName, task: Task, outputUnits: number): TargetEncoding {
  const family = lossFamilyOf(loss);
  if (family === 'sparse') return 'sparse';
  if (family === 'categorical') return 'one-hot';
  if (family === 'binary') {
    if (outputUnits === 1) return 'binary';
    return task.kind === 'multi-label' ? 'multi-label' : 'one-hot';
  }
  return 'regression';
}

/** Class index of each picked row: the label itself for one column, the argmax for one-hot rows. */
export function classIndices(dataset: Dataset, rows?: readonly number[]): Int32Array {
  const width = dataset.labelNames.length;
  const picked = rows ?? Array.from({ length: dataset.rows }, (_, i) => i);
  const out = new Int32Array(picked.length);
  picked.forEach((r, i) => {
    if (width === 1) { out[i] = Math.round(dataset.targets[r]!); return; }
    let best = 0;
    for (let j = 1; j < width; j++) if (dataset.targets[r * width + j]! > dataset.targets[r * width + best]!) best = j;
    out[i] = best;
  });
  return out;
}

/**
 * Target tensor for `rows` in `encoding`: int32 [n] for `sparse`, float32 [n, outputUnits] otherwise.
 * Class indices outside 0…outputUnits−1, or target columns that do not match the output, are an InputError.
 */
export function makeTargets(tf: Tf, dataset: Dataset, encoding: TargetEncoding, outputUnits: number, rows?: readonly number[]): Tensor {
  const width = dataset.labelNames.length;
  const picked = rows ?? Array.from({ length: dataset.rows }, (_, i) => i);
  const label = dataset.labelNames.join(',');
  if (encoding === 'sparse' || (encoding === 'one-hot' && width === 1) || (encoding === 'binary' && width === 1)) {
    const indices = classIndices(dataset, picked);
    const classes = encoding === 'binary' ? 2 : outputUnits;
    indices.forEach((c, i) => {
      const raw = dataset.targets[picked[i]! * width]!;
      if (width === 1 && (!Number.isInteger(raw) || c < 0 || c >= classes)) {
        throw new InputError(
          `label ${raw} is not a class index 0…${classes - 1} for the model's ${outputUnits}-unit output`,
          { file: dataset.file, row: dataset.table.lineOfRow(picked[i]!), column: label },
          'encode labels as integers 0…C−1 (or text), and give the output layer one unit per class',
        );
      }
    });
    if (encoding === 'sparse') return tf.tensor1d(indices, 'int32');
    if (encoding === 'binary') return tf.tensor2d(Float32Array.from(indices), [picked.length, 1], 'float32');
    const oneHot = new Float32Array(picked.length * outputUnits);
    indices.forEach((c, i) => { oneHot[i * outputUnits + c] = 1; });
    return tf.tensor2d(oneHot, [picked.length, outputUnits], 'float32');
  }
  if (width !== outputUnits) {
    throw new InputError(
      `has ${width} target column${width === 1 ? '' : 's'} (${label}), but the model outputs ${outputUnits} value${outputUnits === 1 ? '' : 's'}`,
      { file: dataset.file, row: 1 },
      'give one target column per output unit (--label a,b,c), or change the output layer',
    );
  }
  return tf.tensor2d(pickRows(dataset.targets, width, dataset.rows, picked), [picked.length, width], 'float32');
}

/** The optimizer the settings name, with their learning rate (and momentum); unknown names are an InputError. */
export function makeOptimizer(tf: Tf, settings: Pick<TrainingSettings, 'optimizer' | 'learningRate' | 'momentum' | 'sources'>): Optimizer {
  const name = normaliseOptimizer(settings.optimizer);
  const lr = settings.learningRate;
  if (!(lr > 0) || !Number.isFinite(lr)) throw new InputError(`learning rate ${lr} is not a positive number`, { key: 'training.learningRate' }, 'set a learning rate such as 0.001');
  const momentum = settings.momentum ?? 0;
  switch (name) {
    // Keras saves SGD with momentum as class SGD; TF.js splits it into tf.train.momentum.
    case 'sgd': return momentum > 0 ? tf.train.momentum(lr, momentum) : tf.train.sgd(lr);
    case 'momentum': return tf.train.momentum(lr, settings.momentum ?? 0.9);
    case 'adam': return tf.train.adam(lr);
    case 'adamax': return tf.train.adamax(lr);
    case 'rmsprop': return tf.train.rmsprop(lr, 0.9, momentum);
    case 'adagrad': return tf.train.adagrad(lr);
    case 'adadelta': return tf.train.adadelta(lr);
    default:
      throw unknownOptimizer(settings);
  }
}

/** Per-example loss function by TF.js name, with the Keras formulas (clipping included). */
export function makeLoss(tf: Tf, loss: LossName, outputUnits: number): LossFn {
  const meanLast = (t: Tensor): Tensor => tf.mean(t, -1);
  const signed = (t: Tensor): Tensor => tf.sub(tf.mul(t, 2), 1);
  const logProb = clippedLog(tf);
  const categorical = (yTrue: Tensor, yPred: Tensor): Tensor => {
    const p = tf.div(yPred, tf.sum(yPred, -1, true));
    return tf.neg(tf.sum(tf.mul(yTrue, logProb(p)), -1));
  };
  switch (loss) {
    case 'sparseCategoricalCrossentropy':
      return (yTrue, yPred) => categorical(tf.oneHot(tf.cast(yTrue, 'int32'), outputUnits), yPred);
    case 'categoricalCrossentropy': return categorical;
    case 'binaryCrossentropy':
      return (yTrue, yPred) => meanLast(tf.neg(tf.add(tf.mul(yTrue, logProb(yPred)), tf.mul(tf.sub(1, yTrue), logProb(tf.sub(1, yPred))))));
    case 'meanSquaredError': return (yTrue, yPred) => meanLast(tf.squaredDifference(yPred, yTrue));
    case 'meanAbsoluteError': return (yTrue, yPred) => meanLast(tf.abs(tf.sub(yPred, yTrue)));
    case 'meanAbsolutePercentageError':
      return (yTrue, yPred) => tf.mul(100, meanLast(tf.abs(tf.div(tf.sub(yTrue, yPred), tf.clipByValue(tf.abs(yTrue), EPSILON, Number.MAX_VALUE)))));
    case 'meanSquaredLogarithmicError':
      return (yTrue, yPred) => {
        const logOf = (t: Tensor): Tensor => tf.log1p(tf.clipByValue(t, EPSILON, Number.MAX_VALUE));
        return meanLast(tf.squaredDifference(logOf(yPred), logOf(yTrue)));
      };
    // Targets here are 0/1 class codes; hinge losses score −1/+1, so they are converted as Keras does.
    case 'hinge': return (yTrue, yPred) => meanLast(tf.relu(tf.sub(1, tf.mul(signed(yTrue), yPred))));
    case 'squaredHinge': return (yTrue, yPred) => meanLast(tf.square(tf.relu(tf.sub(1, tf.mul(signed(yTrue), yPred)))));
    case 'categoricalHinge':
      return (yTrue, yPred) => {
        const pos = tf.sum(tf.mul(yTrue, yPred), -1);
        const neg = tf.max(tf.mul(tf.sub(1, yTrue), yPred), -1);
        return tf.relu(tf.add(1, tf.sub(neg, pos)));
      };
    case 'kullbackLeiblerDivergence':
      return (yTrue, yPred) => tf.sum(tf.mul(yTrue, tf.log(tf.div(tf.clipByValue(yTrue, EPSILON, 1), tf.clipByValue(yPred, EPSILON, 1)))), -1);
    case 'poisson': return (yTrue, yPred) => meanLast(tf.sub(yPred, tf.mul(yTrue, tf.log(tf.add(yPred, EPSILON)))));
    case 'logcosh':
      return (yTrue, yPred) => {
        const d = tf.sub(yPred, yTrue);
        return meanLast(tf.sub(tf.add(d, tf.softplus(tf.mul(-2, d))), Math.log(2)));
      };
    case 'cosineProximity':
      return (yTrue, yPred) => tf.neg(tf.sum(tf.mul(l2Normalize(tf, yTrue), l2Normalize(tf, yPred)), -1));
    case 'huber':
      return (yTrue, yPred) => {
        // Keras Huber with delta 1: quadratic inside |d| ≤ 1, linear outside.
        const d = tf.abs(tf.sub(yPred, yTrue));
        const quadratic = tf.minimum(d, 1);
        return meanLast(tf.add(tf.mul(0.5, tf.square(quadratic)), tf.sub(d, quadratic)));
      };
  }
}

/** Smallest probability the backward pass divides by: far below ε, far above float32's smallest normal (1.2e-38). */
const GRADIENT_FLOOR = 1e-30;

/**
 * log(clip(p, ε, 1 − ε)) with Keras's value, but the gradient of the unclipped log. Keras clips probabilities so a
 * loss never logs 0, which also zeroes the gradient of every row whose right class got less than ε: on unscaled
 * but otherwise healthy data (e.g. digits' 0–16 pixels) a few rows of a tiny training set then stay stuck at
 * −ln ε = 16.1 forever, which would wrongly read as "cannot fit". Keras in Python (which takes the logits of a softmax
 * output) and PyTorch (log-softmax) do not get stuck there, so nndoctor's fits let the gradient through; only a
 * probability that underflowed to exactly 0 (a truly saturated output) still gets none.
 */
function clippedLog(tf: Tf): (p: Tensor) => Tensor {
  const forward = (p: Tensor, save: (tensors: Tensor[]) => void) => {
    save([p]);
    return {
      value: tf.log(tf.clipByValue(p, EPSILON, 1 - EPSILON)),
      gradFunc: (dy: Tensor, saved: Tensor[]) => tf.div(dy, tf.maximum(saved[0]!, GRADIENT_FLOOR)),
    };
  };
  return tf.customGrad(forward as unknown as Parameters<Tf['customGrad']>[0]) as unknown as (p: Tensor) => Tensor;
}

function l2Normalize(tf: Tf, t: Tensor): Tensor {
  return tf.div(t, tf.sqrt(tf.maximum(tf.sum(tf.square(t), -1, true), EPSILON)));
}

/** Per-example error: 1/0 misclassification for class encodings, mean absolute error for regression; shape [n]. */
export type ErrorFn = (yTrue: Tensor, yPred: Tensor) => Tensor;

/**
 * The error a learning curve reports: `errorRate` (share of misclassified examples; multi-label: share of
 * wrong columns) for classification encodings, `meanAbsoluteError` for regression.
 */
export function makeErrorFn(tf: Tf, encoding: TargetEncoding, threshold = 0.5): { name: 'errorRate' | 'meanAbsoluteError'; perExample: ErrorFn; kind: ErrorKind } {
  switch (encoding) {
    case 'sparse':
      return { name: 'errorRate', kind: 'class', perExample: (yTrue, yPred) => tf.cast(tf.notEqual(tf.argMax(yPred, -1), tf.cast(yTrue, 'int32')), 'float32') };
    case 'one-hot':
      return { name: 'errorRate', kind: 'class', perExample: (yTrue, yPred) => tf.cast(tf.notEqual(tf.argMax(yPred, -1), tf.argMax(yTrue, -1)), 'float32') };
    case 'binary':
    case 'multi-label':
      return { name: 'errorRate', kind: 'threshold', perExample: (yTrue, yPred) => tf.mean(tf.cast(tf.notEqual(tf.greater(yPred, threshold), tf.greater(yTrue, 0.5)), 'float32'), -1) };
    case 'regression':
      return { name: 'meanAbsoluteError', kind: 'absolute', perExample: (yTrue, yPred) => tf.mean(tf.abs(tf.sub(yPred, yTrue)), -1) };
  }
}

/** Everything a training loop needs for one dataset slice. Tensors are owned by the caller: call `dispose()`. */
export interface TrainingSetup {
  /** float32 [n, ...inputShape]. */
  x: Tensor;
  /** Targets in `encoding`. */
  y: Tensor;
  encoding: TargetEncoding;
  loss: LossName;
  /** Per-example loss, shape [n]. */
  lossFn: LossFn;
  /** Mean loss over the batch: what the optimizer minimises. */
  meanLoss(yTrue: Tensor, yPred: Tensor): Scalar;
  error: { name: 'errorRate' | 'meanAbsoluteError'; perExample: ErrorFn; kind: ErrorKind };
  /** Output units of the model (C for class outputs). */
  outputUnits: number;
  /** A fresh optimizer per call (optimizers keep per-variable state, so each fit needs its own). */
  makeOptimizer(): Optimizer;
  dispose(): void;
}

export interface TrainingSetupArgs {
  dataset: Dataset;
  task: Task;
  settings: TrainingSettings;
  /** Rows to use (all when omitted), in this order. */
  rows?: readonly number[];
}

/** Builds x, y, loss, error and an optimizer factory for `model`, validating sizes against the model. */
export function setupTraining(tf: Tf, model: LayersModel, args: TrainingSetupArgs): TrainingSetup {
  const loss = lossNameOf(args.settings);
  const outputUnits = modelOutputUnits(model);
  const encoding = targetEncodingFor(loss, args.task, outputUnits);
  makeOptimizer(tf, args.settings).dispose(); // validate the optimizer name before any tensor exists
  const x = makeInputs(tf, model, args.dataset, args.rows);
  let y: Tensor;
  try {
    y = makeTargets(tf, args.dataset, encoding, outputUnits, args.rows);
  } catch (error) {
    x.dispose();
    throw error;
  }
  const lossFn = makeLoss(tf, loss, outputUnits);
  return {
    x, y, encoding, loss, lossFn, outputUnits,
    meanLoss: (yTrue, yPred) => tf.mean(lossFn(yTrue, yPred)) as Scalar,
    error: makeErrorFn(tf, encoding, decisionThreshold(loss)),
    makeOptimizer: () => makeOptimizer(tf, args.settings),
    dispose: () => { x.dispose(); y.dispose(); },
  };
}
