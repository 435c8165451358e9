/**
 * Mean batch loss and its gradient with respect to the network's output, for the losses the plain-JS dense path
 * supports, following engine/training-setup.ts's `makeLoss` exactly: Keras's clipped value, and for every log the
 * gradient of the unclipped log (floored at GRADIENT_FLOOR), so a fit takes the same steps on either engine.
 */
import { EPSILON, type LossName, type TargetEncoding } from '../training-setup.js';

const GRADIENT_FLOOR = 1e-30;

export const DENSE_LOSSES = ['sparseCategoricalCrossentropy', 'categoricalCrossentropy', 'binaryCrossentropy', 'meanSquaredError'] as const;
export type DenseLoss = (typeof DENSE_LOSSES)[number];

export function isDenseLoss(name: LossName): name is DenseLoss {
  return (DENSE_LOSSES as readonly string[]).includes(name);
}

const clip = (p: number): number => (p < EPSILON ? EPSILON : p > 1 - EPSILON ? 1 - EPSILON : p);

/**
 * Returns the mean loss over `rows` rows and writes dLoss/dOutput into `gradOut` (rows × units).
 * `targets`: class indices (one per row) for `sparse`, otherwise rows × units values.
 */
export function lossAndGradient(
  loss: DenseLoss, encoding: TargetEncoding, output: Float32Array, targets: ArrayLike<number>, gradOut: Float32Array, rows: number, units: number,
): number {
  let total = 0;
  const perRow = 1 / rows;
  const targetAt = encoding === 'sparse'
    ? (r: number, j: number): number => (targets[r] === j ? 1 : 0)
    : (r: number, j: number): number => targets[r * units + j]!;
  for (let r = 0; r < rows; r++) {
    const base = r * units;
    if (loss === 'sparseCategoricalCrossentropy' || loss === 'categoricalCrossentropy') {
      // p = y / Σy, then −Σ t·log p: the division's gradient is (g − Σ g·p) / Σy.
      let sum = 0;
      for (let j = 0; j < units; j++) sum += output[base + j]!;
      let value = 0;
      let dot = 0;
      for (let j = 0; j < units; j++) {
        const t = targetAt(r, j);
        const p = output[base + j]! / sum;
        if (t !== 0) value -= t * Math.log(clip(p));
        const g = t === 0 ? 0 : -perRow * t / Math.max(p, GRADIENT_FLOOR);
        gradOut[base + j] = g;
        dot += g * p;
      }
      for (let j = 0; j < units; j++) gradOut[base + j] = (gradOut[base + j]! - dot) / sum;
      total += value;
    } else if (loss === 'binaryCrossentropy') {
      let value = 0;
      const scale = perRow / units;
      for (let j = 0; j < units; j++) {
        const t = targetAt(r, j);
        const p = output[base + j]!;
        const q = 1 - p;
        value -= t * Math.log(clip(p)) + (1 - t) * Math.log(clip(q));
        gradOut[base + j] = -scale * (t / Math.max(p, GRADIENT_FLOOR) - (1 - t) / Math.max(q, GRADIENT_FLOOR));
      }
      total += value / units;
    } else {
      let value = 0;
      const scale = (2 * perRow) / units;
      for (let j = 0; j < units; j++) {
        const d = output[base + j]! - targetAt(r, j);
        value += d * d;
        gradOut[base + j] = scale * d;
      }
      total += value / units;
    }
  }
  return total / rows;
}
