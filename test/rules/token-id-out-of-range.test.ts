import { tokenIdOutOfRange } from '../../src/rules/token-id-out-of-range.js';
import { testRule } from '../helpers/rule-tester.js';
import { makeLayer, makeTopology } from '../helpers/builders.js';
import { mlp } from '../helpers/model-builders.js';
import type { ColumnStats, FeatureStats, TableStats } from '../../src/gather/artifacts.js';

const column = (name: string, min: number, max: number, allIntegers = true): ColumnStats => ({
  name, numeric: 200, missing: 0, nonFinite: 0, nonNumeric: 0, nonNumericExamples: [], badCells: [], min, max, mean: (min + max) / 2, std: 1, allIntegers, distinct: 50,
});
const table = (file: string, columns: ColumnStats[]): TableStats => ({ file, rows: 200, columns });
const stats = (train: ColumnStats[], test?: ColumnStats[]): FeatureStats => ({ train: table('train.csv', train), ...(test ? { test: table('test.csv', test) } : {}) });
const embeddingModel = (inputDim: number) => makeTopology([
  makeLayer({ name: 'ids', className: 'InputLayer', batchInputShape: [null, 2] }),
  makeLayer({ name: 'embed', className: 'Embedding', inputDim, inbound: ['ids'] }),
  makeLayer({ name: 'pool', className: 'GlobalAveragePooling1D', inbound: ['embed'] }),
  makeLayer({ name: 'out', className: 'Dense', units: 3, activation: 'softmax', inbound: ['pool'] }),
]);

testRule(tokenIdOutOfRange, {
  noThreshold: true,
  valid: [
    { name: 'ids 0–59 in train and test, vocabulary 60', artifacts: { Topology: embeddingModel(60), FeatureStats: stats([column('tok1', 0, 59), column('tok2', 0, 59)], [column('tok1', 0, 59), column('tok2', 3, 58)]) } },
    { name: 'a dense model on large integer features (not token ids)', artifacts: { Topology: mlp(2, [{ units: 3, activation: 'softmax' }]), FeatureStats: stats([column('a', 0, 900), column('b', -5, 5)]) } },
  ],
  invalid: [
    {
      name: 'test ids 60–99 unseen by a vocabulary of 60',
      artifacts: { Topology: embeddingModel(60), FeatureStats: stats([column('tok1', 0, 59), column('tok2', 0, 59)], [column('tok1', 0, 99), column('tok2', 0, 59)]) },
      issues: [{ message: /1 of 2 feature columns in test\.csv hold ids outside embed's vocabulary of 60 \(0…59\): tok1 0\.\.99/, hint: /out-of-vocabulary id, or set inputDim to at least 100/, data: { file: 'test.csv', layer: 'embed', inputDim: 60, columns: [{ name: 'tok1', min: 0, max: 99, allIntegers: true }] } }],
    },
    {
      name: 'ids counted from 1 with inputDim equal to the vocabulary size',
      artifacts: { Topology: embeddingModel(50), FeatureStats: stats([column('tok1', 1, 50), column('tok2', 1, 50)]) },
      issues: [{ message: /2 of 2 feature columns in train\.csv/, data: { inputDim: 50 } }],
    },
    {
      name: 'standardised ids (fractional)',
      artifacts: { Topology: embeddingModel(60), FeatureStats: stats([column('tok1', -1.7, 1.7, false), column('tok2', 0, 59)]) },
      issues: [{ message: /some are not whole numbers/, hint: /do not scale or standardise them/ }],
    },
  ],
});
