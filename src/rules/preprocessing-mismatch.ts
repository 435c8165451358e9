/** Flags test feature columns whose location or spread differs from training far beyond sampling noise. */
import { z } from 'zod';
import { defineRule } from './define-rule.js';
import type { ColumnStats } from '../gather/artifacts.js';
import { describeScaling, nameList, robustScale, scaleRatio } from './support/columns.js';
import { num, round } from './support/format.js';

export interface ColumnComparison {
  name: string;
  trainMedian: number;
  testMedian: number;
  /** |median_test − median_train| in units of the training column's robust scale. */
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
    if (!te || scale === null || tr.median === null || te.median === null) continue;
    const ratio = tr.offMedian >= minSpreadRows && te.offMedian >= minSpreadRows ? scaleRatio(tr, te) : null;
    out.push({ name: tr.name, trainMedian: tr.median, testMedian: te.median, shift: Math.abs(te.median - tr.median) / scale, scaleRatio: ratio });
  }
  return out;
}

export const preprocessingMismatch = defineRule({
  meta: {
    id: 'preprocessing-mismatch',
    category: 'data',
    defaultSeverity: 'fail',
    title: 'Train and test features are preprocessed alike',
    failureTitle: 'Test features are scaled differently from training',
    docs: {
      what: "Compares every feature column of the test CSV with the same column in training, robustly: the distance between the medians in units of the training column's spread (IQR / 1.349, or the standard deviation for mostly-constant columns), and the ratio of the test spread to the training spread. It flags columns whose medians are more than `maxShift` training spreads apart or whose spreads differ by more than `maxScaleRatio`× either way.",
      why: 'A model only works on inputs transformed the way its training data was; the classic slip is standardising or dividing the training set and forgetting the test set (or fitting a second scaler on test). Then test accuracy collapses — often to one predicted class — while training looked fine. Such a mismatch moves medians by several spreads and changes spreads by the scale factor (×255, ×16, ×std), whereas honest splits stay close: over 60 seeded stratified splits each of iris (10–30 % test) and digits (5–25 % test) the largest median distance was 0.67 spread and the largest spread ratio 2.1×. Defaults `maxShift` 1.5 and `maxScaleRatio` 3 leave a margin above that noise and stay far below real mismatches. The spread ratio is the IQR ratio or the std ratio, whichever is closer to 1 (the IQR jumps on integer-valued columns, the std on one outlier; a real rescaling moves both), and it is judged only when at least `minSpreadRows` (20) rows on each side differ from the median, because a rarely non-zero column (a border pixel lit in 7 of 1,797 digits) has no meaningful spread estimate.',
      fix: "Fit the preprocessing on the training set only and apply that same transform to the test set — scikit-learn: `scaler = StandardScaler().fit(X_train); X_test = scaler.transform(X_test)`; with division, divide both by the same constant (`/ 255`). Save the training statistics with the model so inference uses them too.",
    },
    needs: ['FeatureStats'],
    optionsSchema: z.object({ maxShift: z.number().positive(), maxScaleRatio: z.number().min(1), minSpreadRows: z.number().int().min(1) }).strict(),
    defaultOptions: { maxShift: 1.5, maxScaleRatio: 3, minSpreadRows: 20 },
  },
  judge({ FeatureStats }, { maxShift, maxScaleRatio, minSpreadRows }) {
    const { train, test } = FeatureStats;
    if (!test) return [];
    const compared = compareColumns(train.columns, test.columns, minSpreadRows);
    const flagged = compared
      .filter((c) => c.shift > maxShift || (c.scaleRatio !== null && Math.max(c.scaleRatio, 1 / c.scaleRatio) > maxScaleRatio))
      .sort((a, b) => b.shift - a.shift);
    if (flagged.length === 0) return [];
    const describe = (c: ColumnComparison): string => {
      const parts = [`median ${num(c.testMedian)} vs ${num(c.trainMedian)} (${num(c.shift, 2)} spreads apart)`];
      if (c.scaleRatio !== null && Math.abs(Math.log(c.scaleRatio)) > Math.log(1.05)) parts.push(`spread ×${num(c.scaleRatio, 2)}`);
      return `${c.name}: ${parts.join(', ')}`;
    };
    const trainLooks = describeScaling(train);
    const testLooks = describeScaling(test);
    return [
      {
        message: `${flagged.length} of ${compared.length} feature columns in ${test.file} are scaled differently from ${train.file} (${nameList(flagged.map(describe), 3)}); train looks ${trainLooks}, test looks ${testLooks}`,
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
