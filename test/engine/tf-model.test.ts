/** buildTfModel's fresh start: trainable layers re-initialised, frozen (pretrained) layers keep their saved weights. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { startEngine } from '../../src/load/backend.js';
import { readModelFiles } from '../../src/load/model-files.js';
import { buildTfModel } from '../../src/engine/tf-model.js';
import { saveLayersModel } from '../../scripts/fixtures/save-model.js';

const dirs: string[] = [];

describe('buildTfModel fresh start', () => {
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('keeps a frozen layer\'s saved weights and re-initialises the trainable ones', async () => {
    const engine = await startEngine('cpu');
    const { tf } = engine;
    const model = tf.sequential({ layers: [
      tf.layers.dense({ inputShape: [4], units: 5, activation: 'relu', name: 'base', trainable: false, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
      tf.layers.dense({ units: 3, activation: 'softmax', name: 'head', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
    ] });
    // "Pretrained" and "trained" weights, unlike anything the layers' initializers draw.
    model.getLayer('base').setWeights([tf.fill([4, 5], 0.25), tf.zeros([5])]);
    model.getLayer('head').setWeights([tf.fill([5, 3], 0.5), tf.zeros([3])]);
    const dir = mkdtempSync(join(tmpdir(), 'nndoctor-frozen-'));
    dirs.push(dir);
    await saveLayersModel(tf as never, model as never, dir);
    model.dispose();
    const before = tf.memory().numTensors;
    const fresh = await buildTfModel(engine, readModelFiles(join(dir, 'model.json')), { start: 'fresh', seed: 42 });
    const [baseKernel] = fresh.getLayer('base').getWeights();
    const [headKernel] = fresh.getLayer('head').getWeights();
    assert.ok(Array.from(baseKernel!.dataSync()).every((v) => v === 0.25), 'the frozen base keeps its saved weights');
    assert.ok(!Array.from(headKernel!.dataSync()).every((v) => v === 0.5), 'the trainable head is re-initialised');
    fresh.dispose();
    assert.equal(tf.memory().numTensors, before, 'no tensor leaked');
  });
});
