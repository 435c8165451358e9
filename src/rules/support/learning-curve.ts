/** Pure summaries of a recorded learning curve: per-size spreads, comparable errors and the capacity estimate. */
import type { LearningCurveRun, LearningCurveRuns } from '../../gather/groups/learning-curve.js';

/** Mean and min–max over the repeats of one size. */
export interface Spread {
  mean: number;
  min: number;
  max: number;
}

export interface CurvePoint {
  size: number;
  repeats: number;
  /** Runs whose value was not finite (NaN/Inf); they count as "not fitted" (see `comparableError`). */
  nonFinite: number;
  trainError: Spread | null;
  testError: Spread | null;
  trainLoss: Spread | null;
  testLoss: Spread | null;
  /** Mean optimizer steps taken. */
  steps: number;
  /** How the runs stopped, e.g. { 'target-loss': 2, epochs: 1 }. */
  stoppedBy: Partial<Record<LearningCurveRun['stoppedBy'], number>>;
}

/**
 * Training error above which a size counts as "no longer fitted" for the capacity estimate: 5 % of the rows
 * misclassified (or 5 % of the target variance unexplained), well above the ~0 of a set the model can memorise.
 */
export const CAPACITY_ERROR = 0.05;

/** The largest set that counts as "tiny": one row, then about three (the first sizes of every default curve). */
export const TINY_SIZE = 3;

/**
 * Mean training error above which a tiny set counts as not fitted. A broken training step fails in every repeat
 * (≥ 0.33 on 3 rows); one row missed in one of three seeds (0.11) is a hard optimisation, not a bug.
 */
export const TINY_MAX_ERROR = 0.15;

/** True when some set of at most TINY_SIZE rows was not fitted (mean training error above TINY_MAX_ERROR). */
export function hasUnfittedTinySet(curve: LearningCurveRuns): boolean {
  return curve.sizes.some((size) => size <= TINY_SIZE && (meanComparable(curve, size, 'trainError') ?? 0) > TINY_MAX_ERROR);
}

/**
 * A run counts as still learning when, over the last fifth of its epochs, the loss fell by more than 10 % of its value
 * or by more than 15 % of everything it had fallen since the first epoch: a levelled-off loss does neither (an
 * exponential approach gains a few percent of its total fall in its last fifth), a steady slow descent does.
 */
export const STILL_LEARNING_DROP = 0.1;
export const STILL_LEARNING_SHARE = 0.15;

/** True when every run at `size` used up its budget while its loss was still falling (see STILL_LEARNING_DROP). */
export function isStillLearning(curve: LearningCurveRuns, size: number): boolean {
  const runs = curve.runs.filter((r) => r.size === size);
  return runs.length > 0 && runs.every((r) => {
    if (r.stoppedBy !== 'epochs' || r.lossTrend === null) return false;
    const { first, fifthBeforeEnd, last } = r.lossTrend;
    const recent = fifthBeforeEnd - last;
    return recent > STILL_LEARNING_DROP * fifthBeforeEnd || (first > last && recent > STILL_LEARNING_SHARE * (first - last));
  });
}

/**
 * True when training at `size` was cut short by nndoctor's own budget (quick mode, or epochs nobody set) while the
 * loss was still falling: the error then reflects that budget, not the model, so bias and variance are not judged.
 */
export function isCutShortByDefaultBudget(curve: LearningCurveRuns, size: number): boolean {
  return (curve.quick || !curve.epochsFromUser) && isStillLearning(curve, size);
}

function spread(values: Array<number | null>): Spread | null {
  const finite = values.filter((v): v is number => v !== null);
  if (finite.length === 0) return null;
  return { mean: finite.reduce((a, b) => a + b, 0) / finite.length, min: Math.min(...finite), max: Math.max(...finite) };
}

/**
 * An error on a scale shared by classification and regression: the error rate as is; for regression the MSE as a
 * share of the target variance (1 − R²-like). A non-finite error (NaN loss) counts as 1: nothing was learned.
 */
export function comparableError(value: number | null, curve: Pick<LearningCurveRuns, 'errorMetric' | 'baselineError'>): number {
  if (value === null) return 1;
  if (curve.errorMetric === 'errorRate') return value;
  return curve.baselineError > 0 ? value / curve.baselineError : value;
}

/** Per-size spreads of the raw errors and losses, ascending by size. */
export function curvePoints(curve: LearningCurveRuns): CurvePoint[] {
  return curve.sizes.map((size) => {
    const runs = curve.runs.filter((r) => r.size === size);
    const stoppedBy: CurvePoint['stoppedBy'] = {};
    for (const r of runs) stoppedBy[r.stoppedBy] = (stoppedBy[r.stoppedBy] ?? 0) + 1;
    return {
      size,
      repeats: runs.length,
      nonFinite: runs.filter((r) => r.trainLoss === null || r.trainError === null).length,
      trainError: spread(runs.map((r) => r.trainError)),
      testError: spread(runs.map((r) => r.testError)),
      trainLoss: spread(runs.map((r) => r.trainLoss)),
      testLoss: spread(runs.map((r) => r.testLoss)),
      steps: runs.length > 0 ? runs.reduce((a, r) => a + r.steps, 0) / runs.length : 0,
      stoppedBy,
    };
  });
}

/** Mean comparable training (or test) error of one size over its repeats; non-finite runs count as 1. */
export function meanComparable(curve: LearningCurveRuns, size: number, which: 'trainError' | 'testError'): number | null {
  const runs = curve.runs.filter((r) => r.size === size);
  if (runs.length === 0) return null;
  return runs.reduce((sum, r) => sum + comparableError(r[which], curve), 0) / runs.length;
}

/**
 * The capacity estimate: the smallest size whose mean training error rises above `threshold` (the model no longer
 * memorises sets that large), or null when every size stays at or below it.
 */
export function capacityEstimate(curve: LearningCurveRuns, threshold = CAPACITY_ERROR): number | null {
  for (const size of curve.sizes) {
    const error = meanComparable(curve, size, 'trainError');
    if (error !== null && error > threshold) return size;
  }
  return null;
}

/** "error rate" or "MSE / target variance", for messages. */
export function errorWords(curve: Pick<LearningCurveRuns, 'errorMetric'>): string {
  return curve.errorMetric === 'errorRate' ? 'error' : 'MSE as a share of the target variance';
}
