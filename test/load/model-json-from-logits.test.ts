/** A Keras-written trainingConfig in model.json with `from_logits: true` is read like the same .h5/.keras file. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readModelFiles } from '../../src/load/model-files.js';

const dirs: string[] = [];
function modelJson(activation: string, fromLogits: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'nndoctor-logits-'));
  dirs.push(dir);
  const layers = [
    { class_name: 'Dense', config: { name: 'hidden', units: 8, activation: 'relu', batch_input_shape: [null, 4] } },
    { class_name: 'Dense', config: { name: 'out', units: 3, activation } },
  ];
  const trainingConfig = { loss: { class_name: 'SparseCategoricalCrossentropy', config: { name: 'sparse_categorical_crossentropy', from_logits: fromLogits } }, optimizer_config: { class_name: 'Adam', config: { learning_rate: 0.01 } } };
  writeFileSync(join(dir, 'model.json'), JSON.stringify({ format: 'layers-model', modelTopology: { class_name: 'Sequential', config: { name: 's', layers } }, trainingConfig }));
  return join(dir, 'model.json');
}
const outputActivation = (file: string): unknown => ((readModelFiles(file).modelTopology.config as { layers: Array<{ config: { activation: string } }> }).layers[1]!.config.activation);

describe('model.json with a from_logits loss', () => {
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('moves softmax into the linear output layer, in memory only', () => {
    const file = modelJson('linear', true);
    const before = readFileSync(file, 'utf8');
    assert.equal(outputActivation(file), 'softmax');
    assert.equal(readFileSync(file, 'utf8'), before, 'the user\'s model.json is never written');
  });

  it('leaves a probability loss, or an output that already has an activation, alone', () => {
    assert.equal(outputActivation(modelJson('linear', false)), 'linear');
    assert.equal(outputActivation(modelJson('softmax', true)), 'softmax');
  });
});
