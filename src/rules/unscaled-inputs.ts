/** Flags feature columns whose typical magnitude is far from ~1 (raw 0–255 pixels, areas in the thousands, tiny units). */
import { z } from 'zod';
import { defineRule, type Issue } from './define-rule.js';
import type { ColumnStats, Topology } from '../gather/artifacts.js';
import { nameList, shortName } from './support/columns.js';
import { inputEmbedding } from './support/model.js';
import { num, round } from './support/format.js';

/** Layers that rescale their input inside the model, so raw CSV values are what the model expects. */
const SCALING_LAYERS = new Set(['Rescaling', 'Normalization', 'BatchNormalization', 'LayerNormalization', 'UnitNormalization']);

/** The model rescales its input when a scaling layer comes before the first layer with weights. */
export function hasInputScaling(topology: Topology | undefined): string | null {
  if (!topology) return null;
  for (const layer of topology.layers) {
    if (SCALING_LAYERS.has(layer.className)) return layer.className;
    if (layer.units !== undefined || layer.filters !== undefined) return null;
  }
  return null;
}

/** A row number saved as a column (pandas' index): integers covering min…min + rows − 1, all distinct. */
export function isRowIndex(column: ColumnStats): boolean {
  if (!column.allIntegers || column.min === null || column.max === null || column.nonNumeric + column.missing + column.nonFinite > 0) return false;
  return (column.min === 0 || column.min === 1) && column.max - column.min + 1 === column.numeric && column.distinct >= Math.min(column.numeric, 1001);
}

function isPixelLike(columns: readonly ColumnStats[]): boolean {
  return columns.every((c) => c.allIntegers && c.min !== null && c.min >= 0 && c.max !== null && c.max <= 255);
}

/** Values people write for "missing" in numeric columns. */
const SENTINEL_MAGNITUDES = new Set([99, 999, 9999, 99999, 999999]);

/** The column's missing-value code, if it holds one: ±99…999999 at an extreme, every other value ten times smaller. */
export function missingValueCode(column: ColumnStats): { value: number; rows: number } | null {
  const ends = column.extremes;
  if (!ends || column.min === null || column.max === null) return null;
  const candidates = [
    { value: column.min, rows: ends.minCount, next: ends.nextMin },
    { value: column.max, rows: ends.maxCount, next: ends.nextMax },
  ];
  for (const { value, rows, next } of candidates) {
    if (SENTINEL_MAGNITUDES.has(Math.abs(value)) && next !== null) {
      const rest = Math.max(Math.abs(next), Math.abs(value === column.min ? column.max : column.min));
      if (rest * 10 <= Math.abs(value)) return { value, rows };
    }
  }
  return null;
}

/** An extreme this many times beyond every other value of its column squashed the rest when the column was scaled. */
const SQUASHING_FACTOR = 1000;
/** At most this many rows hold such an extreme: a glitch, not a second mode of the data. */
const SQUASHING_ROWS = 3;

/** The value (and its rows) that dwarfs the rest of the column, e.g. one 1e9 reading min-max scaled with the others. */
export function squashingOutlier(column: ColumnStats): { value: number; rows: number; rest: number } | null {
  const ends = column.extremes;
  if (!ends || column.min === null || column.max === null) return null;
  const candidates = [
    { value: column.max, rows: ends.maxCount, rest: Math.max(Math.abs(ends.nextMax ?? 0), Math.abs(column.min)) },
    { value: column.min, rows: ends.minCount, rest: Math.max(Math.abs(ends.nextMin ?? 0), Math.abs(column.max)) },
  ];
  for (const candidate of candidates) {
    if (candidate.value !== 0 && candidate.rows <= SQUASHING_ROWS && candidate.rest * SQUASHING_FACTOR <= Math.abs(candidate.value)) return candidate;
  }
  return null;
}

function standardiseHint(columns: readonly ColumnStats[]): string {
  const squashed = columns.flatMap((c) => {
    const outlier = squashingOutlier(c);
    return outlier ? [{ column: c, ...outlier }] : [];
  });
  if (squashed.length > 0) {
    const first = squashed[0]!;
    const listed = squashed.slice(0, 3).map((s) => `${s.column.name} holds ${num(s.value)} in ${s.rows} row${s.rows === 1 ? '' : 's'} and nothing beyond ${num(s.rest)} elsewhere`);
    return `${listed.join('; ')}${squashed.length > 3 ? ` (and ${squashed.length - 3} more columns alike)` : ''}: one extreme value (a glitch?) squashed the others when the column was scaled — drop or clip ${first.rows === 1 ? 'that row' : 'those rows'}, then scale from the remaining rows (standardising with it in would keep the others squashed)`;
  }
  const examples = columns.slice(0, 3).map((c) => `${c.name}: (x − ${num(c.mean ?? 0)}) / ${num(c.std && c.std > 0 ? c.std : 1)}`);
  return `standardise each column with the training set's mean and std, and apply the same numbers to test (${examples.join('; ')}${columns.length > 3 ? '; …' : ''}); scikit-learn: StandardScaler().fit(X_train)`;
}

export const unscaledInputs = defineRule({
  meta: {
    id: 'unscaled-inputs',
    category: 'data',
    defaultSeverity: 'fail',
    title: 'Feature magnitudes are close to 1',
    failureTitle: 'Feature magnitudes are far from 1 (inputs not scaled)',
    docs: {
      what: "Measures each training feature column's typical magnitude — the 99th percentile of |x| over its non-zero cells, so one outlier or a sparse column of zeros does not decide — and flags columns above `maxMagnitude` or below `minMagnitude`. It is silent when the model's first layers include Rescaling, Normalization, BatchNormalization or LayerNormalization (the model scales its own input), and when the input feeds an Embedding (its columns are token ids, whose range is the vocabulary).",
      why: 'Default initialisers (Glorot, He) assume inputs of magnitude ~1. Inputs in the hundreds make the first pre-activations hundreds of times too large: sigmoid/tanh saturate, softmax logits explode so one class takes all the probability (the "always predicts the same class" symptom), and the gradients of those weights dominate every update. Default `maxMagnitude` 50: raw 0–255 pixels (typical |x| 255), areas and incomes (10³–10⁵), years (~2000), ages and percentages (up to ~100) and iris measured in millimetres (up to 79) fire, while iris in centimetres (up to 7.9) and standardised data (|x| rarely beyond 4) stay far below. scikit-learn\'s 8×8 digits (pixels 0–16) deliberately do not fire: at 16 a dense network trained with Adam still learns them well (the usual scikit-learn examples feed them raw), so dividing by 16 is good practice but not a fault, and 16 is 3× below the threshold. Default `minMagnitude` 0.001: a column whose values are all below a thousandth (lengths in km instead of mm) contributes almost nothing to the first layer until its weights grow a thousand-fold.',
      fix: 'Divide pixels by 255 (`x / 255`), or standardise each column with the training set\'s statistics — `(x − mean) / std`, e.g. `StandardScaler().fit(X_train)` — and apply the same numbers to the test set; or put a `tf.layers.rescaling` / normalisation layer first in the model. A column that is a saved row index (integers 0…n−1, all distinct — pandas\' `to_csv` without `index=False`) is not a feature at all: drop it. A column holding ±99, ±999, ±9999 … at one extreme, ten times beyond all its other values, holds a missing-value code: replace the code with NaN and impute before scaling, or the code alone decides the column\'s scale. A column whose values all sit far below 1 except one to three rows at least 1,000× beyond the rest was scaled with a glitch in it (min-max with one 1e9 reading): drop or clip those rows, then scale.',
    },
    needs: ['FeatureStats'],
    optional: ['Topology'],
    optionsSchema: z.object({ maxMagnitude: z.number().positive(), minMagnitude: z.number().min(0) }).strict(),
    defaultOptions: { maxMagnitude: 50, minMagnitude: 0.001 },
  },
  judge({ FeatureStats, Topology }, { maxMagnitude, minMagnitude }) {
    // Token ids into an Embedding are indices: 0 … vocabulary size − 1 is their right range, whatever its magnitude.
    if (hasInputScaling(Topology) || (Topology && inputEmbedding(Topology))) return [];
    const { train } = FeatureStats;
    const measured = train.columns.filter((c) => c.magnitude !== null);
    const large = measured.filter((c) => c.magnitude! > maxMagnitude).sort((a, b) => b.magnitude! - a.magnitude!);
    const small = measured.filter((c) => c.magnitude! < minMagnitude).sort((a, b) => a.magnitude! - b.magnitude!);
    const issues: Issue[] = [];
    const describe = (c: ColumnStats): string => `${c.name} ~${num(c.magnitude!)}`;
    const columnData = (c: ColumnStats) => ({ name: c.name, magnitude: round(c.magnitude!), min: c.min, max: c.max, mean: round(c.mean ?? 0), std: round(c.std ?? 0) });
    if (large.length > 0) {
      const indexes = large.filter(isRowIndex);
      const codes = large.flatMap((c) => {
        const code = missingValueCode(c);
        return code ? [{ column: c, ...code }] : [];
      });
      const rest = large.filter((c) => !indexes.includes(c) && !codes.some((code) => code.column === c));
      const pixels = rest.length > 0 && isPixelLike(rest) && Math.max(...rest.map((c) => c.max!)) > 16;
      const codeHint = codes.length === 0 ? '' : `${codes.map((c) => `${c.column.name} holds ${num(c.value)} in ${c.rows} row${c.rows === 1 ? '' : 's'}, ten times beyond its other values`).join('; ')}: a missing-value code? Replace it with NaN and impute before scaling (pandas: df[col].replace(${num(codes[0]!.value)}, np.nan)), or the code dominates the scaling`;
      const scaleHint = rest.length === 0 ? '' : pixels ? 'these look like 0–255 pixel values: divide every feature by 255 (x / 255) for train and test alike' : standardiseHint(rest);
      const indexHint = indexes.length > 0 ? `${nameList(indexes.map((c) => c.name))} ${indexes.length === 1 ? 'looks' : 'look'} like a saved row index (${indexes[0]!.min}…${indexes[0]!.max}, all distinct): drop ${indexes.length === 1 ? 'it' : 'them'} (pandas: to_csv(..., index=False))` : '';
      issues.push({
        message: `${large.length} of ${train.columns.length} feature column${train.columns.length === 1 ? '' : 's'} in ${shortName(train.file)} have magnitudes far above 1 (${nameList(large.map(describe))}; typical |x| at the 99th percentile)`,
        hint: [indexHint, codeHint, scaleHint].filter(Boolean).join('; '),
        data: { file: train.file, maxMagnitude, columns: large.map(columnData), pixelLike: pixels, rowIndexColumns: indexes.map((c) => c.name), missingValueCodes: codes.map((c) => ({ column: c.column.name, value: c.value, rows: c.rows })) },
      });
    }
    if (small.length > 0) {
      issues.push({
        message: `${small.length} of ${train.columns.length} feature column${train.columns.length === 1 ? '' : 's'} in ${shortName(train.file)} have magnitudes far below 1 (${nameList(small.map(describe))})`,
        hint: standardiseHint(small),
        data: { file: train.file, minMagnitude, columns: small.map(columnData) },
      });
    }
    return issues;
  },
});
