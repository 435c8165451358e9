/** Flags train and test label distributions that differ (total variation distance). */
import { z } from 'zod';
import { defineRule, type Issue } from './define-rule.js';
import { totalVariation } from './support/labels.js';
import { num, percent, round } from './support/format.js';
import type { LabelTable } from '../gather/artifacts.js';

/** Random test sets drawn from the training shares to measure how far chance alone moves the distance. */
const CHANCE_DRAWS = 2000;
/** The distance a random split exceeds once in this many: the allowance for a small test set. */
const CHANCE_QUANTILE = 0.999;
/** Above this many test rows chance moves the distance by a few hundredths only: not simulated. */
const MAX_SIMULATED_ROWS = 2000;

/**
 * The total variation that a test set of `rows` rows drawn at random from the training shares exceeds with
 * probability 1 − CHANCE_QUANTILE (seeded, so the verdict is deterministic).
 */
export function chanceDistance(train: LabelTable, rows: number): number {
  const total = train.classes.reduce((sum, c) => sum + c.count, 0);
  if (rows <= 0 || rows > MAX_SIMULATED_ROWS || total === 0) return 0;
  const shares = train.classes.map((c) => c.count / total);
  const cumulative = shares.map((_, i) => shares.slice(0, i + 1).reduce((a, b) => a + b, 0));
  let state = 0x9e3779b9;
  const random = (): number => {
    // mulberry32
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const counts = new Array<number>(shares.length);
  const distances = new Float64Array(CHANCE_DRAWS);
  for (let draw = 0; draw < CHANCE_DRAWS; draw++) {
    counts.fill(0);
    for (let r = 0; r < rows; r++) {
      const u = random();
      let k = 0;
      while (k < cumulative.length - 1 && u >= cumulative[k]!) k += 1;
      counts[k]! += 1;
    }
    let sum = 0;
    for (let k = 0; k < shares.length; k++) sum += Math.abs(counts[k]! / rows - shares[k]!);
    distances[draw] = sum / 2;
  }
  distances.sort();
  return distances[Math.min(CHANCE_DRAWS - 1, Math.floor(CHANCE_QUANTILE * CHANCE_DRAWS))]!;
}

/** Regression targets this many training spreads apart (medians), or spreads this many times apart, are another scale. */
const TARGET_SHIFT = 3;
const TARGET_SCALE_RATIO = 5;

/** Median and robust spread (IQR / 1.349, or the standard deviation when the IQR is 0) of a single numeric target. */
function targetStats(table: LabelTable): { median: number; spread: number; rows: number } | null {
  if (table.kind !== 'single' || !table.numeric) return null;
  const values = table.classes.map((c) => ({ value: Number(c.label), count: c.count })).filter((v) => Number.isFinite(v.value)).sort((a, b) => a.value - b.value);
  const rows = values.reduce((sum, v) => sum + v.count, 0);
  if (rows < 2) return null;
  const quantile = (q: number): number => {
    let seen = 0;
    for (const v of values) {
      seen += v.count;
      if (seen >= q * rows) return v.value;
    }
    return values[values.length - 1]!.value;
  };
  const mean = values.reduce((sum, v) => sum + v.value * v.count, 0) / rows;
  const std = Math.sqrt(values.reduce((sum, v) => sum + (v.value - mean) ** 2 * v.count, 0) / rows);
  const iqr = quantile(0.75) - quantile(0.25);
  return { median: quantile(0.5), spread: iqr > 0 ? iqr / 1.349 : std, rows };
}

/** Regression: test targets on another scale than training's (k$ against $, a forgotten target scaler). */
function regressionShift(train: LabelTable, test: LabelTable): Issue[] {
  const a = targetStats(train);
  const b = targetStats(test);
  if (!a || !b || !(a.spread > 0) || !(b.spread > 0)) return [];
  const shift = Math.abs(b.median - a.median) / a.spread;
  const ratio = b.spread / a.spread;
  if (shift <= TARGET_SHIFT && ratio <= TARGET_SCALE_RATIO && ratio >= 1 / TARGET_SCALE_RATIO) return [];
  return [{
    message: `test targets sit on another scale than the training targets: median ${num(b.median)} vs ${num(a.median)} (${num(shift, 2)} training spreads apart), spread ×${num(ratio, 2)}`,
    hint: 'write the test targets in the units and scaling of the training targets (e.g. both in k$, or both standardised with the training statistics)',
    data: { kind: 'regression', trainMedian: round(a.median), testMedian: round(b.median), shift: round(shift), scaleRatio: round(ratio), maxShift: TARGET_SHIFT, maxScaleRatio: TARGET_SCALE_RATIO },
  }];
}

export const labelShift = defineRule({
  meta: {
    id: 'label-shift',
    category: 'data',
    defaultSeverity: 'warn',
    title: 'Train and test labels are distributed alike',
    failureTitle: 'Train and test labels are distributed differently',
    docs: {
      what: 'Compares class shares in the training and test files with the total variation distance (half the sum of absolute share differences; 0 = identical, 1 = disjoint).',
      why: 'A test set with different class shares makes test accuracy say little about the model and often comes from a split by time, source or a sorted file cut in two. Default `maxDistance` 0.2: a stratified or random split of a few hundred rows stays well under 0.1. A small test set moves far by chance alone (20 random rows of 10 balanced classes exceed 0.2 two times in three), so the limit is raised to the distance that one random test set in 1,000 of the same size exceeds (2,000 seeded draws from the training shares; test sets over 2,000 rows are not simulated, chance moves them by a few hundredths). For a regression target the medians are compared in training spreads (IQR / 1.349) and the spreads as a ratio: more than 3 spreads apart or a ratio beyond 5× either way is another scale (k$ against $), far beyond an honest split (a few tenths, ratio within ±30 %).',
      fix: 'Split with stratification (e.g. scikit-learn `train_test_split(..., stratify=y)`), or shuffle before cutting a sorted file.',
    },
    needs: ['LabelCounts'],
    optionsSchema: z.object({ maxDistance: z.number().min(0).max(1) }).strict(),
    defaultOptions: { maxDistance: 0.2 },
  },
  judge({ LabelCounts }, { maxDistance }) {
    const { train, test, task } = LabelCounts;
    if (!test) return [];
    if (task.kind === 'regression') return regressionShift(train, test);
    const { distance, largest } = totalVariation(train, test);
    if (distance <= maxDistance || !largest) return [];
    const testRows = test.classes.reduce((sum, c) => sum + c.count, 0);
    const chance = chanceDistance(train, testRows);
    if (distance <= chance) return [];
    return [
      {
        message: `train and test label shares differ by ${round(distance, 3)} (total variation); class ${largest.label} is ${percent(largest.train)} of train but ${percent(largest.test)} of test`,
        hint: 'split with stratification, or shuffle before splitting',
        data: { distance: round(distance), maxDistance, chance: round(chance), testRows, largest: { label: largest.label, train: round(largest.train), test: round(largest.test) } },
      },
    ];
  },
});
