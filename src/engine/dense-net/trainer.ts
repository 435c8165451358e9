/**
 * Chooses between TF.js and the plain-JS dense net for a fit, and runs one optimizer step on the latter:
 * forward, loss and gradient, backward, update. Used by trace-steps (overfit-one) and fit-epochs (learning-curve).
 */
import type { LayersModel, Optimizer } from '@tensorflow/tfjs';
import type { Tf } from '../../load/backend.js';
import type { LossName, TargetEncoding } from '../training-setup.js';
import { isDenseLoss, lossAndGradient, type DenseLoss } from './losses.js';
import { DenseNet, planDenseNet } from './net.js';
import { denseOptimizerFor, type DenseOptimizer } from './optimizers.js';
import type { ErrorKind } from './scores.js';

/** What the loss needs to know to read targets: set by training-setup for every fit. */
export interface LossSpec {
  loss: LossName;
  encoding: TargetEncoding;
  outputUnits: number;
  /**
   * The error the caller's TF.js error function computes, when it is one of ErrorKind: lets a fit on the dense path
   * also be scored in plain JS. Without it the fit is scored with TF.js.
   */
  errorKind?: ErrorKind;
}

/**
 * Largest rows × parameters per step trained in plain JS. The JS arithmetic costs 5–10 ns per unit of that work
 * (three passes); a TF.js step on wasm costs ~1.2–1.5 ms whatever its size up to here (~100 kernel launches), then
 * XNNPACK's SIMD wins. Measured with fitEpochs on wasm: 784-128-64-10 at batch 1 (0.11M) JS 1.1 ms vs TF.js 2.3 ms,
 * at batch 4 (0.44M) 2.4 vs 1.6 ms; 64-32-10 at batch 32 (0.08M) 0.4 vs 0.8 ms, at batch 256 (0.62M) 3.3 vs 1.1 ms.
 */
export const DENSE_PATH_MAX_WORK = 200_000;

/** NNDOCTOR_DENSE_PATH=0 trains every model with TF.js (for comparisons and debugging); read per fit. */
const denseEnabled = (): boolean => process.env.NNDOCTOR_DENSE_PATH !== '0';

export interface DenseTrainer {
  net: DenseNet;
  loss: DenseLoss;
  encoding: TargetEncoding;
  /** One update on `rows` rows; returns the mean loss before the update. */
  step(x: Float32Array, targets: ArrayLike<number>, rows: number): number;
  /** The output of the last step's forward pass, before its update (rows × outputs); reused by the next step. */
  output: Float32Array;
  /** Copies the trained weights back into the TF.js model. */
  finish(): void;
}

/** A plain-JS trainer for `model`, or null when the model, loss or optimizer is not covered or the step is too big. */
export function denseTrainerFor(tf: Tf, model: LayersModel, spec: LossSpec, optimizer: Optimizer, batchRows: number): DenseTrainer | null {
  if (!denseEnabled() || !isDenseLoss(spec.loss)) return null;
  const plan = planDenseNet(model);
  if (!plan.ok || plan.parameters * batchRows > DENSE_PATH_MAX_WORK || plan.outputs !== spec.outputUnits) return null;
  const update = denseOptimizerFor(optimizer, tf.backend().epsilon());
  if (!update) return null;
  const net = new DenseNet(plan);
  if (net.params.length === 0) return null;
  return makeTrainer(tf, net, spec.loss, spec.encoding, update);
}

function makeTrainer(tf: Tf, net: DenseNet, loss: DenseLoss, encoding: TargetEncoding, update: DenseOptimizer): DenseTrainer {
  let gradOut = new Float32Array(0);
  const trainer: DenseTrainer = {
    net, loss, encoding,
    output: new Float32Array(0),
    step(x, targets, rows) {
      const output = net.forward(x, rows);
      if (gradOut.length !== output.length) gradOut = new Float32Array(output.length);
      const value = lossAndGradient(loss, encoding, output, targets, gradOut, rows, net.outputs);
      trainer.output = output;
      net.backward(gradOut, rows);
      update.apply(net.params, net.grads);
      return value;
    },
    finish() { net.writeBack(tf); },
  };
  return trainer;
}
