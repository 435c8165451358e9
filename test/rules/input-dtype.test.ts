import { inputDtype } from '../../src/rules/input-dtype.js';
import { testRule } from '../helpers/rule-tester.js';
import { makeLayer, makeTopology } from '../helpers/builders.js';
import { mlp } from '../helpers/model-builders.js';
import type { ColumnStats, FeatureStats } from '../../src/gather/artifacts.js';

const column = (name: string, min: number, max: number, allIntegers: boolean): ColumnStats => ({
  name, numeric: 150, missing: 0, nonFinite: 0, nonNumeric: 0, nonNumericExamples: [], badCells: [], min, max, mean: (min + max) / 2, std: 1, allIntegers, distinct: allIntegers ? 17 : 100,
});
const features = (columns: ColumnStats[]): FeatureStats => ({ train: { file: 'train.csv', rows: 150, columns } });
const real = features([column('sepal_length', -1.87, 2.49, false), column('sepal_width', -2.4, 3.1, false)]);
const ints = features([column('p0', 0, 16, true), column('p1', 0, 16, true)]);
const intModel = mlp(2, [{ units: 8, activation: 'relu' }, { units: 3, activation: 'softmax' }], { inputDtype: 'int32' });
const embedding = makeTopology([
  makeLayer({ name: 'ids', className: 'InputLayer', batchInputShape: [null, 2], dtype: 'int32' }),
  makeLayer({ name: 'emb', className: 'Embedding', inbound: ['ids'] }),
  makeLayer({ name: 'flat', className: 'Flatten', inbound: ['emb'] }),
  makeLayer({ name: 'out', className: 'Dense', units: 3, activation: 'softmax', inbound: ['flat'] }),
], { inputDtype: 'int32' });

testRule(inputDtype, {
  noThreshold: true,
  valid: [
    { name: 'float32 input with real features', artifacts: { Topology: mlp(2, [{ units: 3, activation: 'softmax' }]), FeatureStats: real } },
    { name: 'int32 input with integer features (digits pixels)', artifacts: { Topology: intModel, FeatureStats: ints } },
    { name: 'int32 ids into an Embedding', artifacts: { Topology: embedding, FeatureStats: real } },
  ],
  invalid: [
    {
      name: 'int32 input with standardised features',
      artifacts: { Topology: intModel, FeatureStats: real },
      issues: [{ message: /input is int32 but 2 of 2 feature columns .* hold real values \(sepal_length -1\.87\.\.2\.49/, hint: /float32/, data: { inputDtype: 'int32', realColumns: ['sepal_length', 'sepal_width'] } }],
    },
    {
      name: 'a bool input with one real column',
      artifacts: { Topology: { ...intModel, inputDtype: 'bool' }, FeatureStats: features([column('a', 0, 1, true), column('b', 0, 0.9, false)]) },
      issues: [{ data: { realColumns: ['b'] } }],
    },
  ],
});
