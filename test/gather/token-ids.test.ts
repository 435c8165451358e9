import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertTokenIdsFit } from '../../src/gather/token-ids.js';
import { InputError } from '../../src/errors.js';
import type { Dataset } from '../../src/load/dataset.js';
import { makeLayer, makeTopology } from '../helpers/builders.js';
import { mlp } from '../helpers/model-builders.js';

const dataset = (rows: number[][]): Dataset => ({
  file: 'test.csv', rows: rows.length, featureNames: ['tok0', 'tok1'], labelNames: ['label'],
  features: Float32Array.from(rows.flat()), targets: new Float32Array(rows.length), textLabels: null,
  table: { file: 'test.csv', header: ['tok0', 'tok1', 'label'], rows: rows.length, columns: [], lineOfRow: (row) => row + 2 },
});
const embeddingModel = makeTopology([
  makeLayer({ name: 'ids', className: 'InputLayer', batchInputShape: [null, 2] }),
  makeLayer({ name: 'embed', className: 'Embedding', inputDim: 60, inbound: ['ids'] }),
  makeLayer({ name: 'out', className: 'Dense', units: 3, activation: 'softmax', inbound: ['embed'] }),
]);

describe('assertTokenIdsFit: ids an input Embedding cannot look up stop before TF.js does', () => {
  it('accepts ids 0…inputDim − 1', () => {
    assert.doesNotThrow(() => assertTokenIdsFit(embeddingModel, dataset([[0, 59], [12, 3]])));
  });

  it('names the file line and column of the first id outside the table', () => {
    assert.throws(() => assertTokenIdsFit(embeddingModel, dataset([[0, 59], [12, 3], [4, 70]])), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.match(error.toLine(), /test\.csv:4: token id 70 is outside the vocabulary of Embedding embed \(inputDim 60: ids 0…59\) \(column tok1\)\. Fix: map unseen words/);
      return true;
    });
    assert.throws(() => assertTokenIdsFit(embeddingModel, dataset([[0.5, 1]])), /token id 0\.5/);
    assert.throws(() => assertTokenIdsFit(embeddingModel, dataset([[-1, 1]])), /token id -1/);
  });

  it('ignores models without an input Embedding', () => {
    assert.doesNotThrow(() => assertTokenIdsFit(mlp(2, [{ units: 3, activation: 'softmax' }]), dataset([[900, -4.5]])));
  });
});
