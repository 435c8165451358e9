/** Flags test feature columns whose location or spread differs from training far beyond sampling noise. */
import { z } from 'zod';
import { defineRule, type Issue } from './define-rule.js';
import type { ColumnStats, TableStats } from '../gather/artifacts.js';
import { describeScaling, nameList, robustScale, scaleRatio, shortName } from './support/columns.js';
import { num, round } from './support/format.js';

export interface ColumnComparison {
  name: string;
  trainMedian: number;
  testMedian: number;
  /**
   * How far test sits from train, in training spreads: the smaller of the median distance (in IQR / 1.349, or std)
   * and the mean distance (in std), so neither a median jumping between the humps of a two-humped column nor a
   * mean dragged by one outlier decides alone; a real rescaling moves both.
   */
  shift: number;
  /** Spread of test over spread of train; null when either side has too few rows off its median to tell. */
  scaleRatio: number | null;
}

/** Compares train and test column by column (columns matched by name); constant or text-only columns are skipped. */
export function compareColumns(train: readonly ColumnStats[], test: readonly ColumnStats[], minSpreadRows: number): ColumnComparison[] {
  const byName = new Map(test.map((c) => [c.name, c]));
  const out: ColumnComparison[] = [];
  for (const tr of train) {
    const te = byName.get(tr.name);
    const scale = robustScale(tr);
    // A constant training column (min = max; its float std may be 1e-17 rather than 0) is constant-feature's finding.
    if (!te || scale === null || tr.median === null || te.median === null || tr.mean === null || te.mean === null || !tr.std || tr.min === tr.max) continue;
    const ratio = tr.offMedian >= minSpreadRows && te.offMedian >= minSpreadRows ? scaleRatio(tr, te) : null;
    const shift = Math.min(Math.abs(te.median - tr.median) / scale, Math.abs(te.mean - tr.mean) / tr.std);
    out.push({ name: tr.name, trainMedian: tr.median, testMedian: te.median, shift, scaleRatio: ratio });
  }
  return out;
}

/** Feature columns present on one side only, or in another order (features feed the model by position). */
export function judgeColumnSets(train: readonly string[], test: readonly string[], trainName: string, testName: string): Issue[] {
  const missing = train.filter((name) => !test.includes(name));
  const extra = test.filter((name) => !train.includes(name));
  if (missing.length > 0 || extra.length > 0) {
    const parts = [];
    if (missing.length > 0) parts.push(`lacks ${missing.length} training column${missing.length === 1 ? '' : 's'} (${nameList(missing, 5)})`);
    if (extra.length > 0) parts.push(`has ${extra.length} column${extra.length === 1 ? '' : 's'} training lacks (${nameList(extra, 5)})`);
    return [{
      message: `${testName} ${parts.join(' and ')}`,
      hint: 'build test features with the transform fitted on train; for one-hot columns reuse the training categories (pandas: pd.get_dummies(test).reindex(columns=train_columns, fill_value=0))',
      data: { missing, extra },
    }];
  }
  const common = train.filter((name) => test.includes(name));
  const order = test.filter((name) => train.includes(name));
  const moved = common.filter((name, i) => order[i] !== name);
  if (moved.length === 0) return [];
  return [{
    message: `${testName} has the same feature columns as ${trainName} in a different order (${nameList(moved, 5)} moved); features reach the model by position`,
    hint: `reorder the test columns as in training: test = test[train_columns]`,
    data: { moved, trainOrder: common, testOrder: order },
  }];
}

/** A column standardised on its own rows has mean 0 and std 1 (or √((n−1)/n) with the sample std) to this precision. */
const EXACT = 1e-3;
/** Test rows needed: an honest test column's mean sits within 0.001 of 0 by chance only rarely from here on. */
const MIN_EXACT_ROWS = 30;

/**
 * Every varying test column standardised exactly: the test set got its own scaler (fit_transform on test). An honest
 * split standardised with the training statistics leaves test means a few hundredths from 0.
 */
function selfStandardised(test: TableStats): Issue[] {
  const varying = test.columns.filter((c) => c.std !== null && c.std > 0 && c.mean !== null && c.numeric >= MIN_EXACT_ROWS);
  if (varying.length < 2 || varying.length < test.columns.length / 2) return [];
  const exact = (c: ColumnStats): boolean => {
    const sampleStd = Math.sqrt((c.numeric - 1) / c.numeric);
    return Math.abs(c.mean!) <= EXACT && (Math.abs(c.std! - 1) <= EXACT || Math.abs(c.std! - sampleStd) <= EXACT);
  };
  if (!varying.every(exact)) return [];
  return [{
    message: `every one of the ${varying.length} varying feature columns of ${shortName(test.file)} has mean 0 and standard deviation 1 to three decimals: the test set was standardised with its own statistics, not with the training set's`,
    hint: 'fit the scaler on train and apply that same transform to test: scaler = StandardScaler().fit(X_train); X_test = scaler.transform(X_test) (not fit_transform on test)',
    data: { test: test.file, columns: varying.length, kind: 'self-standardised' },
  }];
}

export const preprocessingMismatch = defineRule({
  meta: {
    id: 'preprocessing-mismatch',
    category: 'data',
    defaultSeverity: 'fail',
    title: 'Train and test features are preprocessed alike',
    failureTitle: 'Test features are scaled differently from training',
    docs: {
      what: "Compares every feature column of the test CSV with the same column in training, robustly: the distance between the medians in units of the training column's spread (IQR / 1.349, or the standard deviation for mostly-constant columns), and the ratio of the test spread to the training spread. The distance is the smaller of the median distance and the mean distance (in training standard deviations), so a median jumping between the humps of a half-zero column in a small test set, or a mean dragged by one outlier, does not decide alone. It flags columns that are more than `maxShift` training spreads apart or whose spreads differ by more than `maxScaleRatio`× either way, and feature columns present in one file only or in a different order (features reach the model by position). It also flags a test set (at least 30 rows) whose every varying column has mean 0 and standard deviation 1 to three decimals: standardised with its own statistics (an honest test set standardised with the training statistics keeps means a few hundredths from 0).",
      why: 'A model only works on inputs transformed the way its training data was; the classic slip is standardising or dividing the training set and forgetting the test set (or fitting a second scaler on test). Then test accuracy collapses — often to one predicted class — while training looked fine. Such a mismatch moves medians by several spreads and changes spreads by the scale factor (×255, ×16, ×std), whereas honest splits stay close: over 60 seeded stratified splits each of iris (10–30 % test) and digits (5–25 % test), plus 60 random splits each with test sets of 10–400 rows, raw and standardised, the largest distance was 0.47 spread and the largest spread ratio 2.1×. Defaults `maxShift` 1.5 and `maxScaleRatio` 3 leave a margin above that noise and stay far below real mismatches. The spread ratio is the IQR ratio or the std ratio, whichever is closer to 1 (the IQR jumps on integer-valued columns, the std on one outlier; a real rescaling moves both), and it is judged only when at least `minSpreadRows` (20) rows on each side differ from the median, because a rarely non-zero column (a border pixel lit in 7 of 1,797 digits) has no meaningful spread estimate.',
      fix: "Fit the preprocessing on the training set only and apply that same transform to the test set — scikit-learn: `scaler = StandardScaler().fit(X_train); X_test = scaler.transform(X_test)`; with division, divide both by the same constant (`/ 255`). Save the training statistics with the model so inference uses them too. For columns that differ, build the test features with the training categories (`pd.get_dummies(test).reindex(columns=train_columns, fill_value=0)`) and the training column order (`test = test[train_columns]`).",
    },
    needs: ['FeatureStats'],
    optionsSchema: z.object({ maxShift: z.number().positive(), maxScaleRatio: z.number().min(1), minSpreadRows: z.number().int().min(1) }).strict(),
    defaultOptions: { maxShift: 1.5, maxScaleRatio: 3, minSpreadRows: 20 },
  },
  judge({ FeatureStats }, { maxShift, maxScaleRatio, minSpreadRows }) {
    const { train, test } = FeatureStats;
    if (!test) return [];
    const issues = judgeColumnSets(train.columns.map((c) => c.name), test.columns.map((c) => c.name), shortName(train.file, test.file), shortName(test.file, train.file));
    const compared = compareColumns(train.columns, test.columns, minSpreadRows);
    const flagged = compared
      .filter((c) => c.shift > maxShift || (c.scaleRatio !== null && Math.max(c.scaleRatio, 1 / c.scaleRatio) > maxScaleRatio))
      .sort((a, b) => b.shift - a.shift);
    if (flagged.length === 0) return [...issues, ...selfStandardised(test)];
    const describe = (c: ColumnComparison): string => {
      const parts = [`median ${num(c.testMedian)} vs ${num(c.trainMedian)} (${num(c.shift, 2)} spreads apart)`];
      if (c.scaleRatio !== null && Math.abs(Math.log(c.scaleRatio)) > Math.log(1.05)) parts.push(`spread ×${num(c.scaleRatio, 2)}`);
      return `${c.name}: ${parts.join(', ')}`;
    };
    const trainLooks = describeScaling(train);
    const testLooks = describeScaling(test);
    return [
      ...issues,
      {
        message: `${flagged.length} of ${compared.length} feature columns in ${shortName(test.file, train.file)} are scaled differently from ${shortName(train.file, test.file)} (${nameList(flagged.map(describe), 3)}); train looks ${trainLooks}, test looks ${testLooks}`,
        hint: 'fit the preprocessing on train and apply the same transform to test (scaler.fit(X_train); X_test = scaler.transform(X_test)); do not scale one file only or refit on test',
        data: {
          train: train.file,
          test: test.file,
          trainScaling: trainLooks,
          testScaling: testLooks,
          maxShift,
          maxScaleRatio,
          columns: flagged.map((c) => ({ name: c.name, trainMedian: round(c.trainMedian), testMedian: round(c.testMedian), shift: round(c.shift), scaleRatio: c.scaleRatio === null ? null : round(c.scaleRatio) })),
        },
      },
    ];
  },
});
