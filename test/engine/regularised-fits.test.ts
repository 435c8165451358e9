/** nndoctor's fits minimise what model.fit minimises: the loss plus the regularisers' penalties. */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { startEngine, type Engine } from '../../src/load/backend.js';
import { withPenalties } from '../../src/engine/fit-epochs.js';
import { planDenseNet } from '../../src/engine/dense-net/net.js';

describe('regularised fits', () => {
  let engine: Engine;
  before(async () => {
    engine = await startEngine();
  });

  it('adds the L2 penalty of every regularised kernel to the loss', () => {
    const { tf } = engine;
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 2, kernelRegularizer: tf.regularizers.l2({ l2: 0.5 }) }), tf.layers.dense({ units: 1 })] });
    model.layers[0]!.setWeights([tf.tensor2d([[1, 2], [3, 4]]), tf.zeros([2])]);
    const total = tf.tidy(() => withPenalties(tf, model, tf.scalar(0.25)).dataSync()[0]!);
    // 0.25 + 0.5 × (1 + 4 + 9 + 16)
    assert.ok(Math.abs(total - 15.25) < 1e-4, String(total));
    const plain = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 1 })] });
    assert.equal(tf.tidy(() => withPenalties(tf, plain, tf.scalar(0.25)).dataSync()[0]!), 0.25);
    model.dispose();
    plain.dispose();
  });

  it('leaves regularised models to TF.js, which computes the penalties', () => {
    const { tf } = engine;
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 4, activation: 'relu', kernelRegularizer: tf.regularizers.l1l2({ l1: 0.01, l2: 0.01 }) }), tf.layers.dense({ units: 2, activation: 'softmax' })] });
    const plan = planDenseNet(model);
    assert.equal(plan.ok, false);
    assert.match(String((plan as { reason?: string }).reason), /regulariser/);
    model.dispose();
  });
});
