/** Plans a learning curve: the training-set sizes, the seeded stratified row orders, the hold-out and the budgets. */
import seedrandom from 'seedrandom';
import { InputError } from '../errors.js';

/** Points of the default curve: 1, then geometric steps up to the full set. */
export const DEFAULT_POINTS = 8;
/** Seeds per size by default: enough for a min–max spread at a cost of 3 trainings per size. */
export const DEFAULT_REPEATS = 3;
/** Share of the training file held out as the test set when no test file is given (scikit-learn's usual 20 %). */
export const HOLDOUT_SHARE = 0.2;
/** Optimizer steps every size gets at least: a tiny set, one step per epoch, needs a few hundred to be fitted. */
export const MIN_STEPS = 400;
/** Epoch cap, so a one-row set stops at MIN_STEPS steps even with a batch size of one. */
export const MAX_EPOCHS = 2000;
/**
 * Quick mode (`check`): only the tiny sets, one repeat, at most QUICK_STEPS steps each (early stopping ends most
 * far sooner). Larger sets would need the full budget to say anything about bias or variance, which `check` cannot
 * afford on every folder; `nndoctor learning-curve` runs the full curve.
 */
export const QUICK_STEPS = 600;
/** Plateau: stop when the best epoch loss improved less than MIN_DELTA (relative) over PATIENCE_STEPS steps. */
export const PATIENCE_STEPS = 60;
export const MIN_DELTA = 0.001;

/** Unique ascending sizes: 1, then `points` − 1 geometric steps up to `pool`. */
export function defaultSizes(pool: number, points = DEFAULT_POINTS): number[] {
  if (pool <= 1) return [Math.max(pool, 1)];
  const out = new Set<number>();
  for (let i = 0; i < points; i++) out.add(Math.max(1, Math.min(pool, Math.round(pool ** (i / (points - 1))))));
  return [...out].sort((a, b) => a - b);
}

/** `check`'s quick sizes: the tiny sets (1 and 3 rows), capped at the pool. */
export function quickSizes(pool: number): number[] {
  return [...new Set([1, 3].map((n) => Math.min(n, pool)))].sort((a, b) => a - b);
}

/**
 * Resolves `--sizes`: values in (0, 1) are fractions of the pool, values ≥ 1 whole row counts. A count beyond the
 * pool, or a value that is neither, is an InputError.
 */
export function resolveSizes(spec: readonly number[], pool: number): number[] {
  const out = new Set<number>();
  for (const value of spec) {
    if (!(value > 0) || !Number.isFinite(value) || (value >= 1 && !Number.isInteger(value))) {
      throw new InputError(`size ${value} is neither a fraction in (0, 1) nor a whole row count`, { key: 'sizes' }, 'give counts such as 1,10,100 or fractions such as 0.1,0.5');
    }
    if (value > pool) {
      throw new InputError(`size ${value} exceeds the ${pool} training rows available`, { key: 'sizes' }, `use sizes up to ${pool} (or fractions of the training set)`);
    }
    out.add(value < 1 ? Math.max(1, Math.round(value * pool)) : value);
  }
  return [...out].sort((a, b) => a - b);
}

function shuffleInPlace<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

function groupByClass(rows: readonly number[], labels: ArrayLike<number>): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  for (const row of rows) {
    const label = labels[row]!;
    let group = groups.get(label);
    if (!group) groups.set(label, (group = []));
    group.push(row);
  }
  return new Map([...groups.entries()].sort((a, b) => a[0] - b[0]));
}

/**
 * A seeded order of `rows` whose every prefix is stratified: the first C rows hold one row of each class, later
 * rows follow the class proportions. Without labels (regression), a seeded shuffle.
 */
export function stratifiedOrder(rows: readonly number[], labels: ArrayLike<number> | null, seed: number): number[] {
  const random = seedrandom.alea(`order:${seed}`);
  if (!labels) return shuffleInPlace(rows.slice(), random);
  const groups = [...groupByClass(rows, labels).values()].map((g) => shuffleInPlace(g, random));
  const heads = shuffleInPlace(groups.map((g) => g[0]!), random);
  // Each remaining row gets the position it would have in a perfectly proportional interleaving of its class.
  const rest: Array<{ row: number; key: number; tie: number }> = [];
  for (const group of groups) {
    for (let i = 1; i < group.length; i++) rest.push({ row: group[i]!, key: (i - 0.5) / group.length, tie: random() });
  }
  rest.sort((a, b) => a.key - b.key || a.tie - b.tie);
  return [...heads, ...rest.map((r) => r.row)];
}

/**
 * Splits `rows` into a training pool and a hold-out of about `share`, stratified by class: each class with at least
 * two rows gives round(share × count) rows, at least one. Regression: a seeded shuffle split.
 */
export function holdoutSplit(rows: number, labels: ArrayLike<number> | null, share: number, seed: number): { pool: number[]; holdout: number[] } {
  const random = seedrandom.alea(`holdout:${seed}`);
  const all = Array.from({ length: rows }, (_, i) => i);
  const pool: number[] = [];
  const holdout: number[] = [];
  const groups = labels ? [...groupByClass(all, labels).values()] : [all];
  for (const group of groups) {
    shuffleInPlace(group, random);
    const cut = group.length < 2 ? 0 : Math.max(1, Math.round(group.length * share));
    holdout.push(...group.slice(0, cut));
    pool.push(...group.slice(cut));
  }
  return { pool: pool.sort((a, b) => a - b), holdout: holdout.sort((a, b) => a - b) };
}

/**
 * Optimizer steps every size gets: as many as the full set gets from the settings' epochs, and at least `minSteps`
 * (a one-row set with one step per epoch would otherwise get 20 steps). Equal steps per size keep the training error
 * a property of the set size, not of a budget that shrinks with it.
 */
export function stepBudgetFor(pool: number, batchSize: number, epochs: number, minSteps: number): number {
  return Math.max(minSteps, epochs * Math.ceil(pool / batchSize));
}

/** Epochs that give a set of `size` rows `stepBudget` steps, capped at MAX_EPOCHS. */
export function epochsFor(size: number, batchSize: number, stepBudget: number): number {
  return Math.max(1, Math.min(MAX_EPOCHS, Math.ceil(stepBudget / Math.ceil(size / batchSize))));
}

/** Plateau patience in epochs: PATIENCE_STEPS steps, at least 5 epochs. */
export function patienceFor(size: number, batchSize: number): number {
  return Math.max(5, Math.ceil(PATIENCE_STEPS / Math.ceil(size / batchSize)));
}
