/**
 * How well a k-nearest-neighbour vote classifies the training rows from the other training rows (leave one out, on
 * standardised features): a model-free estimate of how separable the classes are, against which a saved model's
 * own training error shows underfitting. Pure JavaScript, seeded, with a bounded amount of work.
 */
import seedrandom from 'seedrandom';

/** Neighbours that vote. */
export const NEIGHBOURS = 5;
/** Distance terms (rows × features per query) the whole estimate may compute: ~50 ms in Node. */
const WORK_BUDGET = 5e7;
const MIN_QUERIES = 50;
const MAX_QUERIES = 500;

export interface NeighbourBaseline {
  k: number;
  /** Training rows classified (a seeded sample when the data is large). */
  queries: number;
  /** Share of those rows whose neighbours' majority label is not their own. */
  error: number;
}

/**
 * `labels` holds a class index per row (negative: not a class, skipped). Returns null when fewer than
 * 2 × NEIGHBOURS labelled rows or no varying feature exist.
 */
export function neighbourBaseline(features: Float32Array, width: number, labels: Int32Array, seed: number): NeighbourBaseline | null {
  const rows = labels.length;
  const labelled: number[] = [];
  for (let r = 0; r < rows; r++) if (labels[r]! >= 0) labelled.push(r);
  if (labelled.length < 2 * NEIGHBOURS || width === 0) return null;
  const columns = standardisedColumns(features, width, labelled);
  if (columns.length === 0) return null;
  const used = columns.length;
  // Row-major copy of the varying columns, standardised, for the labelled rows only.
  const points = new Float32Array(labelled.length * used);
  labelled.forEach((r, i) => {
    columns.forEach(({ column, mean, scale }, j) => { points[i * used + j] = (features[r * width + column]! - mean) * scale; });
  });
  const queryCount = Math.max(MIN_QUERIES, Math.min(MAX_QUERIES, Math.floor(WORK_BUDGET / (labelled.length * used))));
  const queries = sample(labelled.length, Math.min(queryCount, labelled.length), seed);
  const bestDistance = new Float64Array(NEIGHBOURS);
  const bestLabel = new Int32Array(NEIGHBOURS);
  let wrong = 0;
  for (const q of queries) {
    bestDistance.fill(Infinity);
    for (let i = 0; i < labelled.length; i++) {
      if (i === q) continue;
      let distance = 0;
      for (let j = 0; j < used; j++) {
        const d = points[q * used + j]! - points[i * used + j]!;
        distance += d * d;
      }
      if (distance >= bestDistance[NEIGHBOURS - 1]!) continue;
      // Insert into the sorted list of the k nearest.
      let at = NEIGHBOURS - 1;
      while (at > 0 && bestDistance[at - 1]! > distance) {
        bestDistance[at] = bestDistance[at - 1]!;
        bestLabel[at] = bestLabel[at - 1]!;
        at -= 1;
      }
      bestDistance[at] = distance;
      bestLabel[at] = labels[labelled[i]!]!;
    }
    if (vote(bestLabel) !== labels[labelled[q]!]) wrong += 1;
  }
  return { k: NEIGHBOURS, queries: queries.length, error: wrong / queries.length };
}

/** Majority label of the neighbours; a tie goes to the label of the nearest neighbour among the tied ones. */
function vote(nearest: Int32Array): number {
  let best = nearest[0]!;
  let bestCount = 0;
  for (let i = 0; i < nearest.length; i++) {
    let count = 0;
    for (let j = 0; j < nearest.length; j++) if (nearest[j] === nearest[i]) count += 1;
    if (count > bestCount) {
      best = nearest[i]!;
      bestCount = count;
    }
  }
  return best;
}

function standardisedColumns(features: Float32Array, width: number, rows: number[]): Array<{ column: number; mean: number; scale: number }> {
  const out: Array<{ column: number; mean: number; scale: number }> = [];
  for (let c = 0; c < width; c++) {
    let sum = 0;
    for (const r of rows) sum += features[r * width + c]!;
    const mean = sum / rows.length;
    let squares = 0;
    for (const r of rows) squares += (features[r * width + c]! - mean) ** 2;
    const sd = Math.sqrt(squares / rows.length);
    if (sd > 0 && Number.isFinite(sd)) out.push({ column: c, mean, scale: 1 / sd });
  }
  return out;
}

/** `count` distinct indices of 0…n−1 (all of them when count = n), seeded. */
function sample(n: number, count: number, seed: number): number[] {
  const all = Array.from({ length: n }, (_, i) => i);
  if (count >= n) return all;
  const random = seedrandom.alea(`${seed}:neighbour-baseline`);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (n - i));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all.slice(0, count).sort((a, b) => a - b);
}
