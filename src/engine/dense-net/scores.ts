/**
 * Loss and error of a plain-JS dense net over a whole set, in inference mode, with the same per-example formulas
 * as the TF.js evaluation in engine/fit-epochs.ts, so a fit trained in JS is scored without a TF.js forward pass.
 */
import type { TargetEncoding } from '../training-setup.js';
import { lossAndGradient, type DenseLoss } from './losses.js';
import type { DenseNet } from './net.js';

/**
 * Per-example error, as the TF.js error functions compute it:
 * - `class`: 1 when the output's argmax is not the target class (sparse index, or argmax of a one-hot row);
 * - `threshold`: share of columns where (output > 0.5) ≠ (target > 0.5);
 * - `squared` / `absolute`: mean squared / absolute difference over the columns.
 */
export type ErrorKind = 'class' | 'threshold' | 'squared' | 'absolute';

/** Rows per forward pass: bounds the scratch memory whatever the set size. */
const CHUNK_ROWS = 512;

export interface ScoreArgs {
  net: DenseNet;
  loss: DenseLoss;
  encoding: TargetEncoding;
  error: ErrorKind;
  /** Error charged to a row whose output holds NaN/±Inf (as fitEpochs' `nonFiniteError`). */
  nonFiniteError?: number;
  /** rows × features, contiguous. */
  x: Float32Array;
  /** One class index per row (`sparse`), else rows × outputs. */
  targets: ArrayLike<number>;
  rows: number;
}

const argmax = (values: ArrayLike<number>, base: number, width: number): number => {
  let best = 0;
  for (let j = 1; j < width; j++) if (values[base + j]! > values[base + best]!) best = j;
  return best;
};

/** Mean loss and mean error; null where not finite (as fitEpochs reports them). */
export function scoreInJs(args: ScoreArgs): { loss: number | null; error: number | null } {
  const { net, rows } = args;
  if (rows === 0) return { loss: null, error: null };
  const features = net.features;
  const units = net.outputs;
  const targetWidth = args.encoding === 'sparse' ? 1 : units;
  let lossSum = 0;
  let errorSum = 0;
  let scratch = new Float32Array(0);
  for (let start = 0; start < rows; start += CHUNK_ROWS) {
    const size = Math.min(CHUNK_ROWS, rows - start);
    const output = net.forward(args.x.subarray(start * features, (start + size) * features), size);
    const targets = Array.prototype.slice.call(args.targets, start * targetWidth, (start + size) * targetWidth) as number[];
    if (scratch.length < size * units) scratch = new Float32Array(size * units);
    lossSum += lossAndGradient(args.loss, args.encoding, output, targets, scratch, size, units) * size;
    for (let r = 0; r < size; r++) errorSum += rowError(args, output, targets, r, units);
  }
  const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);
  return { loss: finite(lossSum / rows), error: finite(errorSum / rows) };
}

function rowError(args: ScoreArgs, output: Float32Array, targets: number[], r: number, units: number): number {
  const base = r * units;
  if (args.nonFiniteError !== undefined) {
    for (let j = 0; j < units; j++) if (!Number.isFinite(output[base + j]!)) return args.nonFiniteError;
  }
  switch (args.error) {
    case 'class': {
      const target = args.encoding === 'sparse' ? targets[r]! : argmax(targets, base, units);
      return argmax(output, base, units) === target ? 0 : 1;
    }
    case 'threshold': {
      let wrong = 0;
      for (let j = 0; j < units; j++) if ((output[base + j]! > 0.5) !== (targets[base + j]! > 0.5)) wrong += 1;
      return wrong / units;
    }
    case 'squared':
    case 'absolute': {
      let sum = 0;
      for (let j = 0; j < units; j++) {
        const d = output[base + j]! - targets[base + j]!;
        sum += args.error === 'squared' ? d * d : Math.abs(d);
      }
      return sum / units;
    }
  }
}
