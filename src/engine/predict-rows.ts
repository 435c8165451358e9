/** Batched forward passes over dataset rows: model outputs and per-unit activity of hidden layers, as plain numbers. */
import type { LayersModel, Tensor, SymbolicTensor } from '@tensorflow/tfjs';
import type { Tf } from '../load/backend.js';
import type { Dataset } from '../load/dataset.js';
import { rowInputShape } from './training-setup.js';

/** Rows per forward pass: keeps conv activations of a batch within a few tens of MB. */
const BATCH_ROWS = 256;

// The same check (and wording) as training's, so `check` prints one stderr line for a CSV the model cannot take.
export { rowInputShape };

/** Rows [start, end) of the features as a tensor of the model's input shape; `zeroed` gives zeros of that shape. */
export function featureBatch(tf: Tf, dataset: Dataset, shape: number[], start: number, end: number, zeroed = false): Tensor {
  const width = dataset.featureNames.length;
  const values = zeroed ? new Float32Array((end - start) * width) : dataset.features.subarray(start * width, end * width);
  return tf.tensor(values, [end - start, ...shape], 'float32');
}

/** Runs the model over every row; returns the outputs as rows × units numbers (last dimension = units). */
export function predictRows(tf: Tf, model: LayersModel, dataset: Dataset, rows = dataset.rows): { units: number; values: Float32Array } {
  const shape = rowInputShape(model, dataset);
  const chunks: Float32Array[] = [];
  let units = 0;
  for (let start = 0; start < rows; start += BATCH_ROWS) {
    const end = Math.min(rows, start + BATCH_ROWS);
    const out = tf.tidy(() => {
      const out = model.predict(featureBatch(tf, dataset, shape, start, end));
      // Several outputs: the first one is the classifier the labels belong to.
      const y = Array.isArray(out) ? out[0]! : out;
      return y.reshape([end - start, -1]);
    });
    units = out.shape[1]!;
    chunks.push(out.dataSync() as Float32Array);
    out.dispose();
  }
  const values = new Float32Array(rows * units);
  let offset = 0;
  for (const chunk of chunks) {
    values.set(chunk, offset);
    offset += chunk.length;
  }
  return { units, values };
}

export interface ProbedLayer {
  name: string;
  output: SymbolicTensor;
  kind: 'relu' | 'sigmoid' | 'tanh';
}

export interface UnitStats {
  units: number;
  /** Per unit: share of rows where the unit is > 0 at some position. */
  activeShare: number[];
  /** Per unit: share of (row, position) values within 1 % of the activation's limits. */
  saturatedShare: number[];
}

/** Feeds rows through a side model that exposes the probed layers' outputs and tallies each unit's activity. */
export function probeLayers(tf: Tf, model: LayersModel, probes: ProbedLayer[], dataset: Dataset, rows: number): UnitStats[] {
  if (probes.length === 0) return [];
  const shape = rowInputShape(model, dataset);
  const side = tf.model({ inputs: model.inputs, outputs: probes.map((p) => p.output) });
  const units = probes.map((p) => p.output.shape[p.output.shape.length - 1] ?? 0);
  const active = units.map((u) => new Float64Array(u));
  const saturated = units.map((u) => new Float64Array(u));
  const positions = probes.map(() => 1);
  for (let start = 0; start < rows; start += BATCH_ROWS) {
    const end = Math.min(rows, start + BATCH_ROWS);
    const sums = tf.tidy(() => {
      const outs = side.predict(featureBatch(tf, dataset, shape, start, end));
      const list = Array.isArray(outs) ? outs : [outs];
      return list.map((y, i) => {
        const u = units[i]!;
        const r = y.reshape([end - start, -1, u]);
        positions[i] = r.shape[1]!;
        const kind = probes[i]!.kind;
        const anyPositive = r.max(1).greater(0).cast('float32').sum(0);
        const pinned = kind === 'sigmoid' ? r.less(0.01).logicalOr(r.greater(0.99)) : kind === 'tanh' ? r.abs().greater(0.99) : null;
        const pinnedSum = pinned ? pinned.cast('float32').sum([0, 1]) : tf.zeros([u]);
        return [anyPositive, pinnedSum];
      });
    });
    sums.forEach(([a, s], i) => {
      const av = a!.dataSync();
      const sv = s!.dataSync();
      for (let u = 0; u < units[i]!; u++) {
        active[i]![u]! += av[u]!;
        saturated[i]![u]! += sv[u]!;
      }
      a!.dispose();
      s!.dispose();
    });
  }
  return probes.map((p, i) => ({
    units: units[i]!,
    activeShare: p.kind === 'relu' ? Array.from(active[i]!, (v) => v / rows) : [],
    saturatedShare: p.kind === 'relu' ? [] : Array.from(saturated[i]!, (v) => v / (rows * positions[i]!)),
  }));
}
