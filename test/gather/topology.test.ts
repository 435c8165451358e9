/** The static rules see the layers of a nested Sequential (a Keras "base" or "encoder") one by one. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { topologyFromModelFiles } from '../../src/gather/topology.js';
import { missingNonlinearity } from '../../src/rules/missing-nonlinearity.js';
import type { ModelFiles } from '../../src/load/model-files.js';

const dense = (name: string, units: number, activation: string, extra: Record<string, unknown> = {}) => ({ class_name: 'Dense', config: { name, units, activation, ...extra } });

function files(layers: unknown[], className = 'Sequential'): ModelFiles {
  return { file: 'model.json', dir: '.', modelTopology: { class_name: className, config: { name: 'outer', layers } }, trainingConfig: null, weightSpecs: [], weightData: null };
}

describe('topology of a model with a nested Sequential', () => {
  it('flattens the inner layers in order, chained, and passes the container\'s frozen flag on', () => {
    const encoder = { class_name: 'Sequential', config: { name: 'encoder', trainable: false, layers: [dense('e1', 16, 'linear', { batch_input_shape: [null, 4] }), dense('e2', 8, 'linear')] } };
    const topology = topologyFromModelFiles(files([encoder, dense('head', 3, 'softmax')]));
    assert.deepEqual(topology.layers.map((l) => [l.name, l.inbound, l.trainable]), [['e1', [], false], ['e2', ['e1'], false], ['head', ['e2'], true]]);
    assert.equal(topology.outputLayer, 'head');
  });

  it('lets missing-nonlinearity see two linear layers hidden inside the encoder', () => {
    const encoder = { class_name: 'Sequential', config: { name: 'encoder', layers: [dense('e1', 16, 'linear', { batch_input_shape: [null, 4] }), dense('e2', 8, 'linear')] } };
    const issues = missingNonlinearity.judge({ Topology: topologyFromModelFiles(files([encoder, dense('head', 3, 'softmax')])) } as never, missingNonlinearity.meta.defaultOptions as never);
    assert.equal(issues.length, 1, JSON.stringify(issues));
  });
});
