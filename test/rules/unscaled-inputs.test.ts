import { unscaledInputs } from '../../src/rules/unscaled-inputs.js';
import { testRule } from '../helpers/rule-tester.js';
import { makeFeatureStats, seededNormal, seededValues } from '../helpers/data-builders.js';
import { makeLayer, makeTopology } from '../helpers/builders.js';

const pixels = (seed: number): number[] => seededValues(200, 0, 256, seed).map(Math.floor);
const digitsLike = (seed: number): number[] => seededValues(200, 0, 17, seed).map(Math.floor);
const dense = makeLayer({ name: 'dense', className: 'Dense', units: 10, activation: 'softmax' });

testRule(unscaledInputs, {
  valid: [
    { name: 'iris-like centimetres (up to 7.9)', artifacts: { FeatureStats: makeFeatureStats({ sepal: seededValues(150, 4.3, 7.9), petal: seededValues(150, 0.1, 2.5, 2) }) } },
    { name: 'standardised columns', artifacts: { FeatureStats: makeFeatureStats({ a: seededNormal(500, 0, 1, 3), b: seededNormal(500, 0, 1, 4) }) } },
    { name: "scikit-learn digits' 0–16 pixels", artifacts: { FeatureStats: makeFeatureStats({ p1: digitsLike(1), p2: digitsLike(2) }) } },
    { name: 'magnitude exactly 50 at maxMagnitude 50', artifacts: { FeatureStats: makeFeatureStats({ a: [0, 50, -50, 50, 25] }) }, onThreshold: true },
    { name: 'percentages at a custom maxMagnitude 100', artifacts: { FeatureStats: makeFeatureStats({ pct: [0, 100, 100, 100, 50] }) }, options: { maxMagnitude: 100 }, onThreshold: true },
    { name: 'magnitude exactly 0.001 at minMagnitude 0.001', artifacts: { FeatureStats: makeFeatureStats({ tiny: [0.001, -0.001, 0.001, 0] }) }, onThreshold: true },
    { name: 'an all-zero column (constant-feature territory)', artifacts: { FeatureStats: makeFeatureStats({ zero: [0, 0, 0], a: [0.5, 1, 2] }) } },
    {
      name: '0–255 pixels into a model that starts with a Rescaling layer',
      artifacts: {
        FeatureStats: makeFeatureStats({ p1: pixels(1), p2: pixels(2) }),
        Topology: makeTopology([makeLayer({ name: 'rescale', className: 'Rescaling' }), dense]),
      },
    },
    {
      name: 'token ids 0–59 into an Embedding (vocabulary 60)',
      artifacts: {
        FeatureStats: makeFeatureStats({ tok1: seededValues(200, 0, 60, 1).map(Math.floor), tok2: seededValues(200, 0, 60, 2).map(Math.floor) }),
        Topology: makeTopology([makeLayer({ name: 'input', className: 'InputLayer' }), makeLayer({ name: 'embed', className: 'Embedding', inputDim: 60, inbound: ['input'] }), makeLayer({ name: 'dense', className: 'Dense', units: 3, activation: 'softmax', inbound: ['embed'] })]),
      },
    },
  ],
  invalid: [
    {
      name: 'a -999 missing-value code in 6 rows of a standardised column',
      artifacts: { FeatureStats: makeFeatureStats({ age_z: [...seededNormal(194, 0, 1, 5), -999, -999, -999, -999, -999, -999], b: seededNormal(200, 0, 1, 6) }) },
      issues: [{ hint: /age_z holds -999 in 6 rows, ten times beyond its other values: a missing-value code\? Replace it with NaN/, data: { missingValueCodes: [{ column: 'age_z', value: -999, rows: 6 }] } }],
    },
    {
      name: 'counts running up to 999 (a real maximum, not a code)',
      artifacts: { FeatureStats: makeFeatureStats({ count: Array.from({ length: 200 }, (_, i) => Math.round((i * 999) / 199)) }) },
      issues: [{ hint: /standardise each column/, data: { missingValueCodes: [] } }],
    },
    {
      name: '0–255 pixels, with the divide-by-255 hint',
      artifacts: { FeatureStats: makeFeatureStats({ p1: pixels(1), p2: pixels(2), p3: pixels(3) }) },
      issues: [{ message: /3 of 3 feature columns in train\.csv have magnitudes far above 1 \(p\d ~25\d/, hint: /divide every feature by 255 \(x \/ 255\)/, data: { maxMagnitude: 50, pixelLike: true } }],
    },
    {
      name: 'areas in the thousands, with per-column standardisation numbers',
      artifacts: { FeatureStats: makeFeatureStats({ area: [1000, 2000, 3000, 4000], width: [1, 2, 3, 4] }) },
      issues: [{ message: /1 of 2 feature columns .* \(area ~3\.97e\+3|1 of 2 feature columns .* \(area ~3970/, hint: /area: \(x − 2500\) \/ 1120/, data: { columns: [{ name: 'area', magnitude: 3970, min: 1000, max: 4000, mean: 2500, std: 1118.03 }] } }],
    },
    {
      name: '0–255 pixels before a Dense layer (no scaling layer first)',
      artifacts: { FeatureStats: makeFeatureStats({ p1: pixels(1) }), Topology: makeTopology([dense, makeLayer({ name: 'bn', className: 'BatchNormalization' })]) },
      issues: [{ data: { pixelLike: true } }],
    },
    {
      name: 'magnitude 50.5 just over maxMagnitude',
      artifacts: { FeatureStats: makeFeatureStats({ a: [50.5, -50.5, 1] }) },
      issues: [{ message: /a ~50\.5/, data: { maxMagnitude: 50 } }],
    },
    {
      name: 'iris in millimetres (up to 79)',
      artifacts: { FeatureStats: makeFeatureStats({ sepal_mm: seededValues(150, 43, 79), petal_mm: seededValues(150, 1, 25, 2) }) },
      issues: [{ message: /1 of 2 feature columns .*sepal_mm ~7\d/, hint: /sepal_mm: \(x − 6\d\.?\d*\) \/ 10\.\d/ }],
    },
    {
      name: 'a saved row index among iris features',
      artifacts: { FeatureStats: makeFeatureStats({ 'Unnamed: 0': Array.from({ length: 150 }, (_, i) => (i * 7) % 150), sepal: seededValues(150, 4.3, 7.9) }) },
      issues: [{ hint: /^Unnamed: 0 looks like a saved row index \(0…149, all distinct\): drop it \(pandas: to_csv\(\.\.\., index=False\)\)$/, data: { rowIndexColumns: ['Unnamed: 0'], pixelLike: false } }],
    },
    {
      name: 'values all below a thousandth',
      artifacts: { FeatureStats: makeFeatureStats({ km: [0.0001, 0.0002, 0.0003, 0.0004], ok: [1, 2, 3, 4] }) },
      issues: [{ message: /1 of 2 feature columns in train\.csv have magnitudes far below 1 \(km ~/, hint: /^standardise each column/, data: { minMagnitude: 0.001 } }],
    },
    {
      name: 'a column min-max scaled with one 1e9 glitch in it (the other rows squashed near 1e-7)',
      artifacts: { FeatureStats: makeFeatureStats({ s1: [...seededValues(200, 1e-8, 8e-8), 1], ok: seededNormal(201, 0, 1, 5) }) },
      issues: [{ hint: /^s1 holds 1 in 1 row and nothing beyond \d\.\d+e-8 elsewhere: one extreme value \(a glitch\?\) squashed the others when the column was scaled — drop or clip that row/ }],
    },
  ],
});
