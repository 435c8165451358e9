import assert from 'node:assert/strict';
import { describe, it, before } from 'node:test';
import { startEngine, type Engine } from '../../src/load/backend.js';
import { fitEpochs, type FitEpochsArgs } from '../../src/engine/fit-epochs.js';
import { seededPermutation } from '../../src/engine/seeded-permutation.js';
import { makeErrorFn, makeLoss } from '../../src/engine/training-setup.js';

describe('fitEpochs', () => {
  let engine: Engine;
  before(async () => {
    engine = await startEngine();
  });

  function setup(lr: number, rows = 12): { args: Omit<FitEpochsArgs, 'epochs' | 'seed' | 'batchSize'>; dispose: () => void } {
    const { tf } = engine;
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 8, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }), tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) })] });
    const x = tf.tensor2d(Array.from({ length: rows * 4 }, (_, i) => ((i * 7919) % 13) / 13), [rows, 4]);
    const y = tf.tensor1d(Array.from({ length: rows }, (_, i) => i % 3), 'int32');
    const lossFn = makeLoss(tf, 'sparseCategoricalCrossentropy', 3);
    const optimizer = tf.train.adam(lr);
    return {
      args: { tf, model, optimizer, lossFn, meanLoss: (a, b) => tf.mean(lossFn(a, b)) as never, errorFn: makeErrorFn(tf, 'sparse').perExample, nonFiniteError: 1, train: { x, y }, test: { x, y } },
      dispose: () => { tf.dispose([x, y]); model.dispose(); optimizer.dispose(); },
    };
  }

  it('fits a tiny set, stops at the target loss and frees every tensor it made', () => {
    const { tf } = engine;
    const before = tf.memory().numTensors;
    const { args, dispose } = setup(0.05);
    const result = fitEpochs({ ...args, rows: [0, 1, 2], batchSize: 32, epochs: 500, seed: 1, earlyStopping: { targetLoss: 0.05, patience: 50, minDelta: 0.001 } });
    assert.equal(result.stoppedBy, 'target-loss');
    assert.ok(result.epochs < 500);
    assert.equal(result.steps, result.epochs, 'one batch per epoch for 3 rows');
    assert.equal(result.trainError, 0);
    assert.ok(result.trainLoss! <= 0.06);
    assert.ok(result.testLoss !== null && result.testError !== null);
    dispose();
    assert.equal(tf.memory().numTensors, before, 'fitEpochs leaked tensors');
  });

  it('runs whole epochs of shuffled mini-batches and is deterministic for a seed', () => {
    const run = (): number[] => {
      const { args, dispose } = setup(0.01);
      const result = fitEpochs({ ...args, batchSize: 5, epochs: 3, seed: 9 });
      dispose();
      assert.equal(result.steps, 9, '12 rows at batch 5 = 3 steps per epoch');
      assert.equal(result.stoppedBy, 'epochs');
      return result.lossHistory.map((l) => l!);
    };
    assert.deepEqual(run(), run());
  });

  it('stops on a non-finite loss and charges diverged predictions as errors', () => {
    const { args, dispose } = setup(1e30);
    const result = fitEpochs({ ...args, batchSize: 4, epochs: 50, seed: 1, earlyStopping: { patience: 100, minDelta: 0 } });
    dispose();
    assert.ok(result.stoppedBy === 'non-finite' || result.trainError! > 0.3, JSON.stringify(result));
  });

  it('permutes deterministically', () => {
    assert.deepEqual([...seededPermutation(6, 3)], [...seededPermutation(6, 3)]);
    assert.deepEqual([...seededPermutation(6, 3)].sort(), [0, 1, 2, 3, 4, 5]);
  });
});
