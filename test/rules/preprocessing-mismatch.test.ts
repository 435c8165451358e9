import { preprocessingMismatch } from '../../src/rules/preprocessing-mismatch.js';
import { testRule } from '../helpers/rule-tester.js';
import { makeColumn, makeFeatureStats, seededNormal, seededValues } from '../helpers/data-builders.js';

const fill = (n: number, value: number): number[] => new Array<number>(n).fill(value);
const range = (from: number, to: number, step = 1): number[] => Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => from + i * step);
const sepalRaw = seededNormal(120, 5.8, 0.8, 1);
const petalRaw = seededNormal(120, 3.7, 1.7, 2);
const standardise = (v: number[]): number[] => {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
  return v.map((x) => (x - mean) / std);
};
/** Mostly zero, a few small values: the spread of such a column cannot be estimated from a handful of rows. */
const rare = (n: number, lit: number[]): number[] => range(0, n - 1).map((i) => (lit.includes(i) ? 2 : 0));

testRule(preprocessingMismatch, {
  valid: [
    {
      name: 'train and test drawn alike',
      artifacts: { FeatureStats: makeFeatureStats({ sepal: sepalRaw, petal: petalRaw }, { sepal: seededNormal(30, 5.8, 0.8, 9), petal: seededNormal(30, 3.7, 1.7, 10) }) },
    },
    { name: 'no test file', artifacts: { FeatureStats: makeFeatureStats({ sepal: sepalRaw }) } },
    {
      // Medians are 2 / (IQR 2 / 1.349) = 1.349 spreads apart, means 2 / std = 1.2247 std apart: the smaller counts.
      name: 'train and test exactly maxShift spreads apart',
      artifacts: { FeatureStats: makeFeatureStats({ a: [0, 2, 4] }, { a: [2, 4, 6] }) },
      options: { maxShift: 2 / makeColumn('a', [0, 2, 4]).std! },
      onThreshold: true,
    },
    {
      // Train 50×0, 25×1, 25×10; test 5×0, 3×1, 12×10: the median jumps 0.5 → 10 (3.9 spreads), the mean 2.75 → 6.15 (0.81 std).
      name: 'a half-zero column whose small-test median jumps to another hump (means stay close)',
      artifacts: { FeatureStats: makeFeatureStats({ p: [...fill(50, 0), ...fill(25, 1), ...fill(25, 10)] }, { p: [...fill(5, 0), ...fill(3, 1), ...fill(12, 10)] }) },
    },
    {
      name: 'one outlier in a small test set (the median stays put)',
      artifacts: { FeatureStats: makeFeatureStats({ a: seededNormal(200, 0, 1, 5) }, { a: [...seededNormal(19, 0, 1, 6), 40] }) },
    },
    { name: 'spread exactly 3× wider at maxScaleRatio 3', artifacts: { FeatureStats: makeFeatureStats({ a: range(-20, 20) }, { a: range(-60, 60, 3) }) }, onThreshold: true },
    { name: 'spread exactly 3× narrower at maxScaleRatio 3', artifacts: { FeatureStats: makeFeatureStats({ a: range(-60, 60, 3) }, { a: range(-20, 20) }) }, onThreshold: true },
    { name: 'a rarely non-zero column (too few rows off the median to judge spread)', artifacts: { FeatureStats: makeFeatureStats({ p: rare(300, [3, 50, 90, 200]) }, { p: rare(60, [7]) }) } },
    { name: 'a constant training column (no spread to compare with)', artifacts: { FeatureStats: makeFeatureStats({ c: [1, 1, 1, 1] }, { c: [3, 3, 3] }) } },
    {
      // Both standardised with the training statistics: the test means sit a few hundredths from 0.
      name: 'a test set standardised with the training statistics',
      artifacts: { FeatureStats: makeFeatureStats({ a: standardise(seededNormal(400, 5, 2, 21)), b: standardise(seededNormal(400, -3, 1, 22)) }, { a: seededNormal(100, 0, 1, 23), b: seededNormal(100, 0, 1, 24) }) },
    },
  ],
  invalid: [
    {
      name: 'a test set standardised with its own statistics (fit_transform on test)',
      artifacts: { FeatureStats: makeFeatureStats({ a: standardise(seededNormal(400, 5, 2, 21)), b: standardise(seededNormal(400, -3, 1, 22)) }, { a: standardise(seededNormal(100, 5.6, 2, 23)), b: standardise(seededNormal(100, -3, 1, 24)) }) },
      issues: [{ message: /every one of the 2 varying feature columns of test\.csv has mean 0 and standard deviation 1 to three decimals/, hint: /not fit_transform on test/, data: { kind: 'self-standardised', columns: 2 } }],
    },
    {
      name: 'one-hot columns built separately for test (a category missing, another extra)',
      artifacts: { FeatureStats: makeFeatureStats({ x: [1, 2, 3], 'site=north': [1, 0, 0], 'site=south': [0, 1, 1] }, { x: [1, 2, 3], 'site=south': [1, 0, 1], 'site=west': [0, 1, 0] }) },
      issues: [{ message: /^test\.csv lacks 1 training column \(site=north\) and has 1 column training lacks \(site=west\)$/, hint: /reindex\(columns=train_columns, fill_value=0\)/, data: { missing: ['site=north'], extra: ['site=west'] } }],
    },
    {
      name: 'the same columns in another order',
      artifacts: { FeatureStats: makeFeatureStats({ a: [1, 2, 3], b: [4, 5, 6], c: [7, 8, 9] }, { b: [4, 5, 6], a: [1, 2, 3], c: [7, 8, 9] }) },
      issues: [{ message: /^test\.csv has the same feature columns as train\.csv in a different order \(a, b moved\)/, hint: /test\[train_columns\]/ }],
    },
    {
      name: 'train standardised, test raw',
      artifacts: { FeatureStats: makeFeatureStats({ sepal: standardise(sepalRaw), petal: standardise(petalRaw) }, { sepal: seededNormal(30, 5.8, 0.8, 9), petal: seededNormal(30, 3.7, 1.7, 10) }) },
      issues: [{ message: /2 of 2 feature columns in test\.csv are scaled differently from train\.csv \(sepal: median 5\.\d+ vs .*; train looks standardised \(mean ≈ 0, std ≈ 1\), test looks raw/, hint: /scaler\.transform\(X_test\)/, data: { maxShift: 1.5, maxScaleRatio: 3, trainScaling: 'standardised (mean ≈ 0, std ≈ 1)' } }],
    },
    {
      name: 'train divided by 16, test raw 0–16 pixels',
      artifacts: { FeatureStats: makeFeatureStats({ p: seededValues(200, 0, 17, 3).map((v) => Math.floor(v) / 16) }, { p: seededValues(50, 0, 17, 4).map(Math.floor) }) },
      issues: [{ message: /train looks scaled into \[0, 1\], test looks raw \(values up to 1[56]\)/, data: { trainScaling: 'scaled into [0, 1]' } }],
    },
    {
      name: 'spread 3.1× wider around the same median',
      artifacts: { FeatureStats: makeFeatureStats({ a: range(-20, 20) }, { a: range(-62, 62, 3.1) }) },
      issues: [{ message: /spread ×3\.1/, data: { columns: [{ name: 'a', trainMedian: 0, testMedian: 0, shift: 0, scaleRatio: 3.1 }] } }],
    },
  ],
});
