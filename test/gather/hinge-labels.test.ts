/** −1/+1 labels under a hinge loss: recognised as the two classes, trained and scored on the right side of 0. */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { decisionThreshold, inferTask } from '../../src/gather/task.js';
import { startEngine, type Engine } from '../../src/load/backend.js';
import { makeErrorFn, makeLoss } from '../../src/engine/training-setup.js';
import { makeLabelTable, makeLayer, makeTopology } from '../helpers/builders.js';

const tanhOutput = makeTopology([makeLayer({ name: 'out', className: 'Dense', units: 1, activation: 'tanh' })]);

describe('inferTask with a hinge loss', () => {
  it('reads −1/+1 labels as two signed classes under hinge and squared hinge', () => {
    for (const loss of ['hinge', 'squaredHinge', 'squared_hinge']) {
      const task = inferTask(makeLabelTable({ '-1': 5, 1: 5 }), tanhOutput, loss);
      assert.deepEqual({ kind: task.kind, classes: task.classes, signed: task.signed }, { kind: 'classification', classes: 2, signed: true }, loss);
    }
  });

  it('leaves other labels and losses alone', () => {
    assert.equal(inferTask(makeLabelTable({ '-1': 5, 1: 5 }), tanhOutput, 'binaryCrossentropy').signed, undefined);
    assert.equal(inferTask(makeLabelTable({ 0: 5, 1: 5 }), tanhOutput, 'hinge').signed, undefined);
    assert.equal(inferTask(makeLabelTable({ '-1': 5, 0: 5, 1: 5 }), tanhOutput, 'hinge').signed, undefined);
    assert.equal(inferTask(makeLabelTable({ '-1': 5, 1: 5 }), tanhOutput, 'categoricalHinge').signed, undefined);
  });

  it('separates the classes at 0 under a hinge loss and at 0.5 otherwise', () => {
    assert.equal(decisionThreshold('hinge'), 0);
    assert.equal(decisionThreshold('squared_hinge'), 0);
    assert.equal(decisionThreshold('binaryCrossentropy'), 0.5);
    assert.equal(decisionThreshold('categoricalHinge'), 0.5);
  });
});

describe('hinge losses on class codes', () => {
  let engine: Engine;
  before(async () => {
    engine = await startEngine();
  });

  it('score class 0 as −1 and class 1 as +1, as Keras converts 0/1 labels', () => {
    const { tf } = engine;
    const yTrue = tf.tensor2d([[0], [0], [1], [1]]);
    const yPred = tf.tensor2d([[-1], [0.5], [1], [0.2]]);
    // max(0, 1 − t·p) with t = 2y − 1: 0, 1.5, 0, 0.8
    assert.deepEqual(Array.from(makeLoss(tf, 'hinge', 1)(yTrue, yPred).dataSync()).map((v) => Number(v.toFixed(4))), [0, 1.5, 0, 0.8]);
    assert.deepEqual(Array.from(makeLoss(tf, 'squaredHinge', 1)(yTrue, yPred).dataSync()).map((v) => Number(v.toFixed(4))), [0, 2.25, 0, 0.64]);
    // With the threshold at 0, an output of 0.2 for class 1 is right and 0.5 for class 0 is wrong.
    assert.deepEqual(Array.from(makeErrorFn(tf, 'binary', decisionThreshold('hinge')).perExample(yTrue, yPred).dataSync()), [0, 1, 0, 0]);
    assert.deepEqual(Array.from(makeErrorFn(tf, 'binary').perExample(yTrue, yPred).dataSync()), [0, 0, 0, 1]);
    tf.dispose([yTrue, yPred]);
  });
});
