/**
 * Mini-batch training for a number of epochs with seeded shuffling and early stopping on the training loss,
 * returning plain numbers (final training and test loss/error). Shared by learning-curve and the prediction checks.
 */
import type { LayersModel, Optimizer, Scalar, Tensor, Variable } from '@tensorflow/tfjs';
import { seededPermutation } from './seeded-permutation.js';
import type { Tf } from '../load/backend.js';
import { denseTrainerFor, type DenseTrainer, type LossSpec } from './dense-net/trainer.js';
import { scoreInJs } from './dense-net/scores.js';
import { calibrateBatchNorm } from './batch-norm-mode.js';

/**
 * The loss plus the penalties of the model's regularisers (kernel/bias/activity L1/L2), as model.fit minimises it:
 * a heavily regularised model underfits for the user, so nndoctor's fits must carry the same penalty.
 */
export function withPenalties(tf: Tf, model: LayersModel, loss: Scalar): Scalar {
  // Per layer: a Sequential's own calculateLosses() sees no nodes until it is compiled.
  const penalties = model.layers.flatMap((layer) => layer.calculateLosses());
  return penalties.length > 0 ? tf.add(loss, tf.addN(penalties)) as Scalar : loss;
}

/** Rows per forward pass when evaluating: bounds the memory of one pass, whatever the set size. */
const EVAL_BATCH_ROWS = 512;

/** A dataset already on the device: inputs shaped for the model, targets in the loss's encoding. */
export interface FitData {
  x: Tensor;
  y: Tensor;
}

/** When to stop before `epochs`, judged once per epoch on the mean training loss of that epoch. */
export interface EarlyStopping {
  /** Stop once the epoch's mean training loss is at or below this value (the set is fitted). */
  targetLoss?: number;
  /** Stop when the best loss has not improved by `minDelta` (relative) for this many epochs. */
  patience: number;
  /** Relative improvement that counts, e.g. 0.01 = 1 % of the best loss so far. */
  minDelta: number;
}

export interface FitEpochsArgs {
  tf: Tf;
  model: LayersModel;
  /** Owned by the caller (dispose it after); one per fit, since optimizers keep per-variable state. */
  optimizer: Optimizer;
  /** Mean loss over a batch: what is minimised. */
  meanLoss: (yTrue: Tensor, yPred: Tensor) => Scalar;
  /** Also minimise the model's regulariser penalties, as model.fit does (the user's objective; not for probes). */
  regularised?: boolean;
  /** Per-example loss, shape [n]: averaged for the reported losses. */
  lossFn: (yTrue: Tensor, yPred: Tensor) => Tensor;
  /** Per-example error, shape [n] (e.g. 1/0 misclassified, or squared error). */
  errorFn: (yTrue: Tensor, yPred: Tensor) => Tensor;
  /**
   * Error charged to an example whose prediction holds NaN/±Inf (1 for error rates, so a diverged model is not
   * scored by `argMax` of NaNs); when omitted such errors make the mean `null`.
   */
  nonFiniteError?: number;
  train: FitData;
  /** Row indices of `train` to fit on (all rows when omitted); the subset is gathered on the device once. */
  rows?: ArrayLike<number>;
  /** Evaluated once, after training. */
  test?: FitData;
  batchSize: number;
  /** Upper bound on epochs. */
  epochs: number;
  /** Seeds the per-epoch shuffling. */
  seed: number;
  earlyStopping?: EarlyStopping;
  /** Called between epochs, e.g. `ctx.checkDeadline` (may throw to abort; tensors are still freed). */
  betweenEpochs?: () => void;
  /**
   * The loss `meanLoss` computes, by name (a TrainingSetup is one): lets a small dense model train in plain JS
   * (engine/dense-net) with the same steps. Without it every fit runs on TF.js.
   */
  lossSpec?: LossSpec;
}

export interface FitEpochsResult {
  /** Epochs run (≤ `epochs` when stopped early). */
  epochs: number;
  /** Optimizer steps taken. */
  steps: number;
  stoppedBy: 'target-loss' | 'plateau' | 'epochs' | 'non-finite';
  /** Mean training loss per epoch (during training, dropout on); `null` where non-finite. */
  lossHistory: Array<number | null>;
  /** Final loss/error over the training rows in inference mode; `null` when not finite. */
  trainLoss: number | null;
  trainError: number | null;
  /** Over `test` after training; `null` without test data or when not finite. */
  testLoss: number | null;
  testError: number | null;
}

const finiteOrNull = (value: number): number | null => (Number.isFinite(value) ? value : null);

/**
 * Trains `model` on `train` (or its `rows`) for up to `epochs` epochs of shuffled mini-batches, then measures loss
 * and error on the training rows and on `test` in inference mode. Every tensor it makes is freed; the model's
 * weights are updated in place.
 */
export function fitEpochs(args: FitEpochsArgs): FitEpochsResult {
  const { tf, model, optimizer, batchSize } = args;
  const varList = model.trainableWeights.map((w) => w.read() as Variable);
  const rowCount = args.rows ? args.rows.length : args.train.x.shape[0]!;
  const dense = args.lossSpec && varList.length > 0 && rowCount > 0 ? denseTrainerFor(tf, model, args.lossSpec, optimizer, Math.min(batchSize, rowCount)) : null;
  if (dense) return fitInJs(args, dense);
  const batches = new Batcher(args.train, args.rows, batchSize);
  const xShape = args.train.x.shape.slice(1);
  const yShape = args.train.y.shape.slice(1);
  const rows = new TrainingRows(args, batches);
  // With dropout one lucky mask can put a step under the target loss while the full network is far from fitted
  // (3 rows "fitted" at a training loss of 0.05 scored 0.55 in inference mode), so such a stop is confirmed.
  const confirm = noisyTrainingLoss(model) && args.earlyStopping?.targetLoss !== undefined
    ? (): number => evaluate(args, ...rows.get()).loss ?? Infinity
    : undefined;
  try {
    const progress = runEpochs(args, batches, (size) => {
      // One tidy per step keeps the live set small; on the cpu/wasm backends reading the cost back is a copy,
      // not a pipeline stall, so the per-epoch mean costs nothing extra.
      const cost = tf.tidy(() => {
        const xb = tf.tensor(batches.x.subarray(0, size * batches.features), [size, ...xShape], 'float32');
        const yb = tf.tensor(batches.y.subarray(0, size * batches.targetWidth), [size, ...yShape], args.train.y.dtype);
        const lossOf = (): Scalar => {
          const loss = args.meanLoss(yb, model.apply(xb, { training: true }) as Tensor);
          return args.regularised ? withPenalties(tf, model, loss) : loss;
        };
        // A model without trainable weights cannot take a step; its loss is still recorded.
        return varList.length > 0 ? optimizer.minimize(lossOf, true, varList)! : lossOf();
      });
      const value = (cost.dataSync() as Float32Array)[0]!;
      cost.dispose();
      return value;
    }, confirm);
    return finalScores(args, ...rows.get(), progress);
  } finally {
    rows.dispose();
  }
}

/** Dropout and noise layers make the training-mode loss of a step a noisy sample of the model's real loss. */
function noisyTrainingLoss(model: FitEpochsArgs['model']): boolean {
  return model.layers.some((l) => /Dropout|Noise/.test(l.getClassName()));
}

/**
 * The training rows as tensors for scoring in inference mode: the given ones, or a subset (`rows`) uploaded once
 * from the batcher's copy rather than gathered on the device, which on wasm is the slow path fitEpochs avoids for
 * its batches too.
 */
class TrainingRows {
  private uploaded: [Tensor, Tensor] | null = null;
  constructor(private readonly args: FitEpochsArgs, private readonly batches: Batcher) {}
  get(): [Tensor, Tensor] {
    const { tf, train } = this.args;
    if (!this.args.rows) return [train.x, train.y];
    if (!this.uploaded) {
      const all = this.batches.all();
      this.uploaded = [tf.tensor(all.x, [this.batches.n, ...train.x.shape.slice(1)], 'float32'), tf.tensor(all.y, [this.batches.n, ...train.y.shape.slice(1)], train.y.dtype)];
    }
    return this.uploaded;
  }
  dispose(): void {
    if (this.uploaded) this.args.tf.dispose(this.uploaded);
  }
}

/**
 * The epoch loop both engines share: each epoch's seeded order, whole batches, the mean loss per epoch and early
 * stopping. `step` trains on the batch in `batches` (its first `size` rows) and returns the batch's mean loss.
 */
function runEpochs(args: FitEpochsArgs, batches: Batcher, step: (size: number) => number, confirmTarget?: () => number): Progress {
  const { batchSize } = args;
  const { n } = batches;
  const lossHistory: Array<number | null> = [];
  const stopRule = new StopRule(args.earlyStopping);
  let steps = 0;
  let stoppedBy: FitEpochsResult['stoppedBy'] = 'epochs';
  for (let epoch = 0; epoch < args.epochs; epoch++) {
    args.betweenEpochs?.();
    const order = batches.orderFor(epoch, args.seed);
    let sum = 0;
    for (let start = 0; start < n; start += batchSize) {
      const size = Math.min(batchSize, n - start);
      batches.fill(order, start, size);
      sum += step(size) * size;
      steps += 1;
    }
    const value = sum / n;
    lossHistory.push(finiteOrNull(value));
    const reason = stopRule.after(value);
    // A target reached only under dropout noise is confirmed on the whole network before stopping.
    if (reason === 'target-loss' && confirmTarget && !(confirmTarget() <= args.earlyStopping!.targetLoss!)) continue;
    if (reason) { stoppedBy = reason; break; }
  }
  return { epochs: lossHistory.length, steps, stoppedBy, lossHistory };
}

/**
 * The training rows held in JS memory and copied into one batch at a time, in each epoch's seeded order. Batches are
 * uploaded whole: on wasm, slicing a 4-D tensor and gathering rows cost ~2 ms and ~10 ms per call for 256 MNIST-sized
 * rows, far more than the training step they feed.
 */
class Batcher {
  readonly n: number;
  readonly features: number;
  readonly targetWidth: number;
  /** The current batch (the first size × width values are valid). */
  readonly x: Float32Array;
  readonly y: Float32Array | Int32Array;
  private readonly allX: Float32Array;
  private readonly allY: Float32Array | Int32Array;
  private readonly source: Int32Array;
  private readonly batchSize: number;

  constructor(train: FitData, rows: ArrayLike<number> | undefined, batchSize: number) {
    const total = train.x.shape[0]!;
    this.allX = train.x.dataSync() as Float32Array;
    this.allY = train.y.dataSync() as Float32Array | Int32Array;
    this.features = total > 0 ? this.allX.length / total : 0;
    this.targetWidth = total > 0 ? this.allY.length / total : 1;
    this.source = rows ? Int32Array.from(rows) : Int32Array.from({ length: total }, (_, i) => i);
    this.n = this.source.length;
    this.batchSize = batchSize;
    const rowsPerBatch = Math.min(batchSize, this.n);
    this.x = new Float32Array(rowsPerBatch * this.features);
    this.y = this.allY instanceof Int32Array ? new Int32Array(rowsPerBatch * this.targetWidth) : new Float32Array(rowsPerBatch * this.targetWidth);
  }

  /** This epoch's order: seeded (the same permutation as ever for a seed), or as given when one batch holds all. */
  orderFor(epoch: number, seed: number): Int32Array {
    // A set that fits in one batch gives the same mean gradient in any order: skip the shuffle.
    return this.n > this.batchSize ? seededPermutation(this.n, seed * 100_003 + epoch) : Int32Array.from({ length: this.n }, (_, i) => i);
  }

  fill(order: Int32Array, start: number, size: number): void {
    const { features, targetWidth } = this;
    for (let i = 0; i < size; i++) {
      const row = this.source[order[start + i]!]!;
      this.x.set(this.allX.subarray(row * features, (row + 1) * features), i * features);
      this.y.set(this.allY.subarray(row * targetWidth, (row + 1) * targetWidth), i * targetWidth);
    }
  }

  /** Every training row, in its original order. */
  all(): { x: Float32Array; y: Float32Array | Int32Array } {
    const x = new Float32Array(this.n * this.features);
    const y = this.allY instanceof Int32Array ? new Int32Array(this.n * this.targetWidth) : new Float32Array(this.n * this.targetWidth);
    this.source.forEach((row, i) => {
      x.set(this.allX.subarray(row * this.features, (row + 1) * this.features), i * this.features);
      y.set(this.allY.subarray(row * this.targetWidth, (row + 1) * this.targetWidth), i * this.targetWidth);
    });
    return { x, y };
  }
}

/** Scores with TF.js on the training rows and the test set. */
function scoreSubset(args: FitEpochsArgs, progress: Progress, batches: Batcher): FitEpochsResult {
  const rows = new TrainingRows(args, batches);
  try {
    return finalScores(args, ...rows.get(), progress);
  } finally {
    rows.dispose();
  }
}

type Progress = Pick<FitEpochsResult, 'epochs' | 'steps' | 'stoppedBy' | 'lossHistory'>;

/** Loss and error on the training rows and the test set after training, in inference mode. */
function finalScores(args: FitEpochsArgs, x: Tensor, y: Tensor, progress: Progress): FitEpochsResult {
  // A short fit leaves BatchNormalization's moving statistics near their start: score with those of the rows trained on.
  if (args.model.layers.some((l) => l.getClassName() === 'BatchNormalization')) calibrateBatchNorm(args.tf, args.model, x);
  const trainScores = evaluate(args, x, y);
  const testScores = args.test ? evaluate(args, args.test.x, args.test.y) : { loss: null, error: null };
  return { ...progress, trainLoss: trainScores.loss, trainError: trainScores.error, testLoss: testScores.loss, testError: testScores.error };
}

/** The per-epoch verdict of early stopping, shared by both engines. */
class StopRule {
  private best = Infinity;
  private sinceBest = 0;
  constructor(private readonly rule: EarlyStopping | undefined) {}
  /** The reason to stop after an epoch with this mean loss, or null to go on. */
  after(value: number): FitEpochsResult['stoppedBy'] | null {
    if (!Number.isFinite(value)) return 'non-finite';
    const stop = this.rule;
    if (!stop) return null;
    if (stop.targetLoss !== undefined && value <= stop.targetLoss) return 'target-loss';
    if (value < this.best * (1 - stop.minDelta)) { this.best = value; this.sinceBest = 0; } else if (++this.sinceBest >= stop.patience) return 'plateau';
    return null;
  }
}

/**
 * The same loop as fitEpochs on the plain-JS dense net: the same seeded order, batches and early stopping; the
 * trained weights are written back to the model, which then scores the sets with TF.js like the other path.
 */
function fitInJs(args: FitEpochsArgs, dense: DenseTrainer): FitEpochsResult {
  const batches = new Batcher(args.train, args.rows, args.batchSize);
  const { n } = batches;
  let progress: Progress;
  try {
    // TF.js reports the batch loss as float32; rounding the same way keeps both engines' histories alike.
    progress = runEpochs(args, batches, (size) => Math.fround(dense.step(batches.x, batches.y, size)));
  } finally {
    dense.finish();
  }
  const errorKind = args.lossSpec?.errorKind;
  if (!errorKind) return scoreSubset(args, progress, batches);
  // Scored in JS too: the training rows (in their original order), then the test set.
  const common = { net: dense.net, loss: dense.loss, encoding: dense.encoding, error: errorKind, ...(args.nonFiniteError !== undefined ? { nonFiniteError: args.nonFiniteError } : {}) };
  const all = batches.all();
  const train = scoreInJs({ ...common, x: all.x, targets: all.y, rows: n });
  const test = args.test
    ? scoreInJs({ ...common, x: args.test.x.dataSync() as Float32Array, targets: args.test.y.dataSync() as Float32Array, rows: args.test.x.shape[0]! })
    : { loss: null, error: null };
  return { ...progress, trainLoss: train.loss, trainError: train.error, testLoss: test.loss, testError: test.error };
}

/** Mean loss and error over a set in inference mode, in chunks of EVAL_BATCH_ROWS; `null` when not finite. */
export function evaluate(
  args: Pick<FitEpochsArgs, 'tf' | 'model' | 'lossFn' | 'errorFn' | 'nonFiniteError'>,
  x: Tensor,
  y: Tensor,
): { loss: number | null; error: number | null } {
  const { tf, model } = args;
  const n = x.shape[0]!;
  if (n === 0) return { loss: null, error: null };
  const totals = tf.tidy(() => {
    let lossSum: Tensor = tf.scalar(0);
    let errorSum: Tensor = tf.scalar(0);
    for (let start = 0; start < n; start += EVAL_BATCH_ROWS) {
      const size = Math.min(EVAL_BATCH_ROWS, n - start);
      const xb = size === n ? x : x.slice(start, size);
      const yb = size === n ? y : y.slice(start, size);
      const pred = model.apply(xb, { training: false }) as Tensor;
      let error = args.errorFn(yb, pred);
      if (args.nonFiniteError !== undefined) {
        const flat = tf.reshape(pred, [size, -1]);
        const finite = tf.all(tf.isFinite(flat), -1);
        error = tf.where(finite, error, tf.fill(error.shape, args.nonFiniteError));
      }
      lossSum = tf.add(lossSum, tf.sum(args.lossFn(yb, pred)));
      errorSum = tf.add(errorSum, tf.sum(error));
    }
    return tf.stack([lossSum, errorSum]);
  });
  const [lossSum, errorSum] = totals.dataSync() as Float32Array;
  totals.dispose();
  return { loss: finiteOrNull(lossSum! / n), error: finiteOrNull(errorSum! / n) };
}
