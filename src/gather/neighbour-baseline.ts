/**
 * How well a k-nearest-neighbour vote classifies the training rows from the other training rows (leave one out, on
 * standardised features): a model-free estimate of how separable the classes are, against which a saved model's
 * own training error shows underfitting. Pure JavaScript, seeded, with a bounded amount of work.
 */
import seedrandom from 'seedrandom';
import { seededSample } from '../engine/seeded-permutation.js';

/** Neighbours that vote. */
export const NEIGHBOURS = 5;
/** Distance terms (rows × features per query) the whole estimate may compute: ~50 ms in Node. */
const WORK_BUDGET = 5e7;
const MIN_QUERIES = 50;
const MAX_QUERIES = 500;

export interface NeighbourBaseline {
  k: number;
  /** Training rows estimated (a seeded sample when the data is large). */
  queries: number;
  /**
   * Classes: the share of those rows whose neighbours' majority label is not their own. Values (regression): the
   * mean squared error of the neighbours' mean target, as a share of the target variance (mean over columns).
   */
  error: number;
}

/** Standardised points of the rows to search, and the seeded sample of rows to estimate. */
interface Search {
  points: Float32Array;
  used: number;
  rows: number[];
  queries: number[];
}

function prepare(features: Float32Array, width: number, rows: number[], seed: number): Search | null {
  if (rows.length < 2 * NEIGHBOURS || width === 0) return null;
  const columns = standardisedColumns(features, width, rows);
  if (columns.length === 0) return null;
  const used = columns.length;
  // Row-major copy of the varying columns, standardised, for the searched rows only.
  const points = new Float32Array(rows.length * used);
  rows.forEach((r, i) => {
    columns.forEach(({ column, mean, scale }, j) => { points[i * used + j] = (features[r * width + column]! - mean) * scale; });
  });
  const queryCount = Math.max(MIN_QUERIES, Math.min(MAX_QUERIES, Math.floor(WORK_BUDGET / (rows.length * used))));
  return { points, used, rows, queries: seededSample(rows.length, queryCount, seedrandom.alea(`${seed}:neighbour-baseline`)) };
}

/** Positions (into `search.rows`) of the NEIGHBOURS nearest other rows of query position `q`, nearest first. */
function nearest(search: Search, q: number, distances: Float64Array, found: Int32Array): void {
  const { points, used, rows } = search;
  distances.fill(Infinity);
  for (let i = 0; i < rows.length; i++) {
    if (i === q) continue;
    let distance = 0;
    for (let j = 0; j < used; j++) {
      const d = points[q * used + j]! - points[i * used + j]!;
      distance += d * d;
    }
    if (distance >= distances[NEIGHBOURS - 1]!) continue;
    // Insert into the sorted list of the k nearest.
    let at = NEIGHBOURS - 1;
    while (at > 0 && distances[at - 1]! > distance) {
      distances[at] = distances[at - 1]!;
      found[at] = found[at - 1]!;
      at -= 1;
    }
    distances[at] = distance;
    found[at] = i;
  }
}

/**
 * `labels` holds a class index per row (negative: not a class, skipped). Returns null when fewer than
 * 2 × NEIGHBOURS labelled rows or no varying feature exist.
 */
export function neighbourBaseline(features: Float32Array, width: number, labels: Int32Array, seed: number): NeighbourBaseline | null {
  const labelled: number[] = [];
  for (let r = 0; r < labels.length; r++) if (labels[r]! >= 0) labelled.push(r);
  const search = prepare(features, width, labelled, seed);
  if (!search) return null;
  const distances = new Float64Array(NEIGHBOURS);
  const found = new Int32Array(NEIGHBOURS);
  const votes = new Int32Array(NEIGHBOURS);
  let wrong = 0;
  for (const q of search.queries) {
    nearest(search, q, distances, found);
    found.forEach((i, n) => { votes[n] = labels[labelled[i]!]!; });
    if (vote(votes) !== labels[labelled[q]!]) wrong += 1;
  }
  return { k: NEIGHBOURS, queries: search.queries.length, error: wrong / search.queries.length };
}

/**
 * Regression: the neighbours' mean target for each sampled row (left out of its own mean), its squared error as a
 * share of each target column's variance, averaged over the columns. Null as for classes, or when no target varies.
 */
export function neighbourRegression(features: Float32Array, width: number, targets: Float32Array, targetWidth: number, seed: number): NeighbourBaseline | null {
  const rows = targets.length / targetWidth;
  const all = Array.from({ length: rows }, (_, r) => r);
  const search = prepare(features, width, all, seed);
  if (!search) return null;
  const variance = Array.from({ length: targetWidth }, (_, c) => {
    let sum = 0;
    for (let r = 0; r < rows; r++) sum += targets[r * targetWidth + c]!;
    const mean = sum / rows;
    let squares = 0;
    for (let r = 0; r < rows; r++) squares += (targets[r * targetWidth + c]! - mean) ** 2;
    return squares / rows;
  });
  const varying = variance.map((v, c) => (v > 0 ? c : -1)).filter((c) => c >= 0);
  if (varying.length === 0) return null;
  const distances = new Float64Array(NEIGHBOURS);
  const found = new Int32Array(NEIGHBOURS);
  const squared = new Float64Array(targetWidth);
  for (const q of search.queries) {
    nearest(search, q, distances, found);
    for (const c of varying) {
      let mean = 0;
      for (const i of found) mean += targets[i * targetWidth + c]! / NEIGHBOURS;
      squared[c]! += (mean - targets[q * targetWidth + c]!) ** 2;
    }
  }
  const share = varying.reduce((sum, c) => sum + squared[c]! / search.queries.length / variance[c]!, 0) / varying.length;
  return { k: NEIGHBOURS, queries: search.queries.length, error: share };
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

