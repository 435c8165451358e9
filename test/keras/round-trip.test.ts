/** The Keras .h5 and .keras fixtures and their TF.js twin (same seeded weights) load to the same model. */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { startEngine, type Engine } from '../../src/load/backend.js';
import { buildTfModel } from '../../src/engine/tf-model.js';
import { loadModel, readModel } from '../../src/load/model.js';
import { topologyFromModelFiles } from '../../src/gather/topology.js';
import { fromSavedTrainingConfig } from '../../src/config/resolve-settings.js';
import type { ModelFiles } from '../../src/load/model-files.js';

const FIXTURES = ['dense-iris', 'cnn-digits', 'lstm-sequence', 'functional-two-branch'] as const;
const dir = (name: string): string => `fixtures/keras/${name}`;
/** Each fixture's Keras files: Keras 2 .h5, Keras 3 .keras, and for two of them the .h5 that Keras 3 writes. */
const kerasFiles = (name: string): Array<[string, 'keras-h5' | 'keras-v3']> => [
  ['model.h5', 'keras-h5'], ['model.keras', 'keras-v3'],
  ...(name === 'lstm-sequence' || name === 'functional-two-branch' ? [['keras3-legacy.h5', 'keras-h5'] as [string, 'keras-h5']] : []),
];

let engine: Engine;
before(async () => {
  engine = await startEngine('cpu');
});

/** Seeded inputs spread like standardised features (so ReLU, tanh and the LSTM gates see both signs). */
function inputs(shape: number[], rows: number, seed: number): Float32Array {
  const size = rows * shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(size);
  let s = seed;
  for (let i = 0; i < size; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out[i] = (s / 2147483648) * 4 - 2;
  }
  return out;
}

async function predict(files: ModelFiles, rows: number): Promise<{ values: Float32Array; shape: number[] }> {
  const { tf } = engine;
  const model = await buildTfModel(engine, files, { start: 'saved', seed: 1 });
  const inputShape = (model.inputs[0]!.shape as Array<number | null>).slice(1) as number[];
  const x = tf.tensor(inputs(inputShape, rows, 7), [rows, ...inputShape]);
  const y = model.predict(x) as import('@tensorflow/tfjs').Tensor;
  const values = y.dataSync() as Float32Array;
  const shape = y.shape;
  tf.dispose([x, y]);
  model.dispose();
  return { values: Float32Array.from(values), shape };
}

describe('Keras files give the same predictions as their TF.js twin', () => {
  for (const name of FIXTURES) {
    for (const [kerasFile] of kerasFiles(name)) {
      it(`${name}: ${kerasFile} predicts within 1e-5 of tfjs/model.json, leaking no tensors`, async () => {
        const before = engine.tf.memory().numTensors;
        const twin = await predict(readModel(`${dir(name)}/tfjs/model.json`), 16);
        const keras = await predict(await loadModel(`${dir(name)}/${kerasFile}`), 16);
        assert.deepEqual(keras.shape, twin.shape);
        let worst = 0;
        for (let i = 0; i < twin.values.length; i++) worst = Math.max(worst, Math.abs(keras.values[i]! - twin.values[i]!));
        assert.ok(worst <= 1e-5, `max |difference| ${worst}`);
        // The outputs are not trivially equal (e.g. all zeros): the rows differ from each other.
        const cols = twin.shape[1]!;
        assert.ok(twin.values.slice(0, cols).some((v, j) => Math.abs(v - twin.values[cols + j]!) > 1e-4), 'predictions do not depend on the input');
        assert.equal(engine.tf.memory().numTensors, before);
      });
    }
  }
});

describe('Keras files give the same Topology and training settings as their TF.js twin', () => {
  for (const name of FIXTURES) {
    it(`${name}: topology matches apart from file and format`, async () => {
      const twinFiles = readModel(`${dir(name)}/tfjs/model.json`);
      const twin = topologyFromModelFiles(twinFiles);
      for (const [kerasFile, label] of kerasFiles(name)) {
        const files = await loadModel(`${dir(name)}/${kerasFile}`);
        assert.equal(files.format, label);
        const topology = topologyFromModelFiles(files, files.format);
        assert.equal(topology.format, label);
        // TF.js serialises GlorotUniform as VarianceScaling(fan_avg, uniform); Keras writes its own class names.
        const strip = (t: typeof twin): unknown => ({
          ...t, file: undefined, format: undefined,
          layers: t.layers.map((l) => Object.fromEntries(Object.entries(l).filter(([k]) => !/Initializer/.test(k)))),
        });
        assert.deepEqual(strip(topology), strip(twin));
        assert.deepEqual(fromSavedTrainingConfig(files.trainingConfig), fromSavedTrainingConfig(twinFiles.trainingConfig));
      }
    });
  }
});

describe('a loss with from_logits=True', () => {
  it('is read as the same loss on a softmax output: the from-logits model predicts what its softmax twin does', async () => {
    const files = await loadModel('fixtures/keras/from-logits/model.keras');
    const layers = (files.modelTopology.config as { layers: Array<{ config: { activation?: string } }> }).layers;
    assert.equal(layers[layers.length - 1]!.config.activation, 'softmax');
    assert.equal(fromSavedTrainingConfig(files.trainingConfig).loss, 'sparseCategoricalCrossentropy');
    const twin = await predict(readModel(`${dir('dense-iris')}/tfjs/model.json`), 16);
    const folded = await predict(files, 16);
    let worst = 0;
    for (let i = 0; i < twin.values.length; i++) worst = Math.max(worst, Math.abs(folded.values[i]! - twin.values[i]!));
    assert.ok(worst <= 1e-5, `max |difference| ${worst}`);
  });
});

describe('weights are matched to layers by name', () => {
  it('reads the h5 layer groups (written in sorted order) into model order', async () => {
    const files = await loadModel(`${dir('functional-two-branch')}/model.h5`);
    assert.deepEqual(files.weightSpecs.map((s) => s.name), [
      'dense/kernel', 'dense/bias', 'dense_1/kernel', 'dense_1/bias',
      'batch_normalization/gamma', 'batch_normalization/beta', 'batch_normalization/moving_mean', 'batch_normalization/moving_variance',
      'dense_2/kernel', 'dense_2/bias',
    ]);
  });

  it('reads the settings Keras saved: Adam at 1e-3 (stored as float32) and sparse categorical cross-entropy', async () => {
    for (const format of ['h5', 'keras']) {
      const files = await loadModel(`${dir('dense-iris')}/model.${format}`);
      assert.deepEqual(fromSavedTrainingConfig(files.trainingConfig), { loss: 'sparseCategoricalCrossentropy', optimizer: 'adam', learningRate: 0.001 });
    }
  });
});
