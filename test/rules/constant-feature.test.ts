import { constantFeature } from '../../src/rules/constant-feature.js';
import { testRule } from '../helpers/rule-tester.js';
import { makeFeatureStats, seededNormal, seededValues } from '../helpers/data-builders.js';

const zeros = (n: number): number[] => new Array<number>(n).fill(0);
/** Pixel-like: about half the cells are 0, the rest 1–16. */
const sparse = (seed: number): number[] => seededValues(100, -16, 17, seed).map((v) => Math.max(0, Math.floor(v)));
const sepal = seededValues(100, 4.3, 7.9, 1);
const petal = seededValues(100, 0.1, 2.5, 2);

testRule(constantFeature, {
  valid: [
    { name: 'an all-zero column in a standardised table (what StandardScaler makes of a constant column)', artifacts: { FeatureStats: makeFeatureStats({ a: seededNormal(100, 0, 1, 1), b: seededNormal(100, 0, 1, 2), pixel0: zeros(100) }) } },
    { name: 'iris-like varying columns', artifacts: { FeatureStats: makeFeatureStats({ sepal, petal }) } },
    {
      name: 'border pixels constant at −1 in digits rescaled to [−1, 1] (the shared floor is the background)',
      artifacts: { FeatureStats: makeFeatureStats({ pixel0: new Array<number>(100).fill(-1), ...Object.fromEntries([1, 2, 3, 4, 5].map((k) => [`pixel${k}`, sparse(k).map((v) => v / 8 - 1)])) }) },
    },
    { name: 'all-zero border pixels in a zero-background table (digits)', artifacts: { FeatureStats: makeFeatureStats({ pixel0: zeros(100), pixel1: sparse(1), pixel2: sparse(2), pixel39: zeros(100) }) } },
    { name: 'one constant column at maxColumns 1', artifacts: { FeatureStats: makeFeatureStats({ sepal, batch: new Array<number>(100).fill(1) }) }, options: { maxColumns: 1 }, onThreshold: true },
    { name: 'an all-zero column when zero share 0.4 > sparseZeroShare 0.3', artifacts: { FeatureStats: makeFeatureStats({ z: zeros(10), a: [0, 0, 0, 0, 1, 2, 3, 4, 5, 6] }) }, options: { sparseZeroShare: 0.3 } },
  ],
  invalid: [
    {
      name: 'a stuck sensor: constant in training, varying in test',
      artifacts: { FeatureStats: makeFeatureStats({ sepal, humidity: new Array<number>(100).fill(0.42) }, { sepal: sepal.slice(0, 30), humidity: seededValues(30, 0, 0.9, 3) }) },
      issues: [{ message: /humidity = 0\.42 in training but 0\.0\d+…0\.8\d+ in test\.csv/, hint: /a stuck sensor.*the model never learned what the test values mean/, data: { columns: [{ name: 'humidity', value: 0.42, variesInTest: true }] } }],
    },
    {
      name: 'a constant non-zero column in a standardised table (only all-zero columns are excused there)',
      artifacts: { FeatureStats: makeFeatureStats({ a: seededNormal(100, 0, 1, 1), b: seededNormal(100, 0, 1, 2), ones: new Array<number>(100).fill(1), z: zeros(100) }) },
      issues: [{ data: { columns: [{ name: 'ones', value: 1, variesInTest: false }], excusedZeroColumns: ['z'] } }],
    },
    {
      name: 'a column of 1s among iris features',
      artifacts: { FeatureStats: makeFeatureStats({ sepal, petal, batch: new Array<number>(100).fill(1) }) },
      issues: [{ message: /1 of 3 feature columns in train\.csv hold a single value \(batch = 1\)/, hint: /drop it \(batch\)/, data: { columns: [{ name: 'batch', value: 1, variesInTest: false }], excusedZeroColumns: [], maxColumns: 0 } }],
    },
    {
      name: 'an all-zero column in a dense table (a broken join)',
      artifacts: { FeatureStats: makeFeatureStats({ sepal, petal, empty: zeros(100) }) },
      issues: [{ data: { columns: [{ name: 'empty', value: 0, variesInTest: false }], zeroShare: 0 } }],
    },
    {
      name: 'a constant non-zero column in a zero-background table (not excused; its zero border is)',
      artifacts: { FeatureStats: makeFeatureStats({ pixel0: zeros(100), pixel1: sparse(1), flag: new Array<number>(100).fill(5) }) },
      issues: [{ message: /flag = 5/, data: { columns: [{ name: 'flag', value: 5, variesInTest: false }], excusedZeroColumns: ['pixel0'] } }],
    },
    {
      name: 'an all-zero column when the other cells are exactly 25 % zeros (not beyond sparseZeroShare)',
      artifacts: { FeatureStats: makeFeatureStats({ z: zeros(8), a: [0, 0, 1, 2, 3, 4, 5, 6] }) },
      issues: [{ data: { zeroShare: 0.25, columns: [{ name: 'z', value: 0, variesInTest: false }] } }],
    },
  ],
});
