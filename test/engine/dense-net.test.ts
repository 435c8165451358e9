/**
 * The plain-JS dense net must train exactly like TF.js: same gradients, same optimizer updates, same traces and
 * fits (within float32 rounding). Every comparison here runs both engines on the same model and data.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LayersModel, Tensor } from '@tensorflow/tfjs';
import { startEngine, type Engine } from '../../src/load/backend.js';
import { planDenseNet, DenseNet } from '../../src/engine/dense-net/net.js';
import { lossAndGradient, type DenseLoss } from '../../src/engine/dense-net/losses.js';
import { denseTrainerFor, DENSE_PATH_MAX_WORK } from '../../src/engine/dense-net/trainer.js';
import { makeLoss, makeOptimizer, makeErrorFn, type LossName, type TargetEncoding } from '../../src/engine/training-setup.js';
import { traceSteps, type StepTrace } from '../../src/engine/trace-steps.js';
import { fitEpochs, type FitEpochsResult } from '../../src/engine/fit-epochs.js';
import type { TrainingSetup } from '../../src/engine/training-setup.js';
import { makeSettings } from '../helpers/builders.js';

let engine: Engine;
const saved = process.env.NNDOCTOR_DENSE_PATH;
before(async () => { engine = await startEngine(); });
after(() => { if (saved === undefined) delete process.env.NNDOCTOR_DENSE_PATH; else process.env.NNDOCTOR_DENSE_PATH = saved; });

/** Runs `body` with the plain-JS path on or off. */
function withDensePath<T>(on: boolean, body: () => T): T {
  process.env.NNDOCTOR_DENSE_PATH = on ? '1' : '0';
  try { return body(); } finally { delete process.env.NNDOCTOR_DENSE_PATH; }
}

interface Spec { hidden: string[]; output: string; inputs: number; outputs: number; frozenFirst?: boolean; useBias?: boolean }

function buildModel(spec: Spec, seed: number): LayersModel {
  const { tf } = engine;
  const layers = spec.hidden.map((activation, i) => tf.layers.dense({
    ...(i === 0 ? { inputShape: [spec.inputs] } : {}), units: 6, activation: activation as never,
    kernelInitializer: tf.initializers.glorotUniform({ seed: seed + i }), biasInitializer: tf.initializers.randomNormal({ seed: seed + 50 + i, stddev: 0.1 }),
    useBias: spec.useBias ?? true, trainable: !(spec.frozenFirst && i === 0),
  }));
  layers.push(tf.layers.dense({ units: spec.outputs, activation: spec.output as never, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 99 }) }));
  return tf.sequential({ layers });
}

/** Deterministic pseudo-random data in [-1.5, 1.5). */
function data(rows: number, width: number, salt: number): Float32Array {
  return Float32Array.from({ length: rows * width }, (_, i) => (((i + 1) * 7919 * (salt + 3)) % 1000) / 333 - 1.5);
}

function targetsFor(encoding: TargetEncoding, rows: number, units: number): Float32Array {
  if (encoding === 'sparse') return Float32Array.from({ length: rows }, (_, r) => (r * 7) % units);
  if (encoding === 'one-hot') return Float32Array.from({ length: rows * units }, (_, i) => (i % units === Math.floor(i / units) % units ? 1 : 0));
  if (encoding === 'binary' || encoding === 'multi-label') return Float32Array.from({ length: rows * units }, (_, i) => ((i * 5) % 3 === 0 ? 1 : 0));
  return data(rows, units, 7);
}

function setupFor(model: LayersModel, loss: LossName, encoding: TargetEncoding, x: Float32Array, y: Float32Array, rows: number, optimizer: { name: string; lr: number; momentum?: number }): TrainingSetup {
  const { tf } = engine;
  const units = model.outputs[0]!.shape[1]!;
  const xt = tf.tensor2d(x, [rows, x.length / rows]);
  const yt = encoding === 'sparse' ? tf.tensor1d(Int32Array.from(y), 'int32') : tf.tensor2d(y, [rows, units]);
  const lossFn = makeLoss(tf, loss, units);
  const settings = makeSettings({ optimizer: optimizer.name, learningRate: optimizer.lr, ...(optimizer.momentum !== undefined ? { momentum: optimizer.momentum } : {}) });
  return {
    x: xt, y: yt, encoding, loss, lossFn, outputUnits: units,
    meanLoss: (a: Tensor, b: Tensor) => tf.mean(lossFn(a, b)) as never,
    error: makeErrorFn(tf, encoding),
    makeOptimizer: () => makeOptimizer(tf, settings),
    dispose: () => tf.dispose([xt, yt]),
  };
}

const close = (a: number, b: number, tolerance: number): boolean => Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b));

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < actual.length; i++) assert.ok(close(actual[i]!, expected[i]!, tolerance), `${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
}

describe('planDenseNet: which models train in plain JS', () => {
  it('takes a chain of Dense layers, with Flatten, Activation and a rate-0 Dropout', () => {
    const { tf } = engine;
    const model = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [2, 3] }), tf.layers.dense({ units: 4, activation: 'tanh' }), tf.layers.dropout({ rate: 0 }), tf.layers.dense({ units: 3 }), tf.layers.activation({ activation: 'softmax' })] });
    const plan = planDenseNet(model);
    assert.ok(plan.ok, plan.ok ? "" : plan.reason);
    assert.equal(plan.features, 6);
    assert.equal(plan.outputs, 3);
    assert.equal(plan.parameters, 6 * 4 + 4 + 4 * 3 + 3);
    model.dispose();
  });

  it('leaves dropout, convolutions, unsupported activations and branching models to TF.js, saying why', () => {
    const { tf } = engine;
    const cases: Array<[LayersModel, RegExp]> = [
      [tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 4, activation: 'relu' }), tf.layers.dropout({ rate: 0.5 }), tf.layers.dense({ units: 3, activation: 'softmax' })] }), /Dropout/],
      [tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [4, 4, 1], filters: 2, kernelSize: 3 }), tf.layers.flatten(), tf.layers.dense({ units: 3 })] }), /Conv2D/],
      [tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 4, activation: 'elu' }), tf.layers.dense({ units: 3 })] }), /activation elu/],
      [tf.sequential({ layers: [tf.layers.dense({ inputShape: [2, 4], units: 4 }), tf.layers.flatten(), tf.layers.dense({ units: 3 })] }), /rank > 2/],
    ];
    const input = tf.input({ shape: [4] });
    const a = tf.layers.dense({ units: 3 }).apply(input) as never;
    const b = tf.layers.dense({ units: 3 }).apply(input) as never;
    cases.push([tf.model({ inputs: input, outputs: tf.layers.add().apply([a, b]) as never }), /chain|Add/]);
    for (const [model, reason] of cases) {
      const plan = planDenseNet(model);
      assert.equal(plan.ok, false);
      assert.match((plan as { reason: string }).reason, reason);
      model.dispose();
    }
  });

  it('takes a functional model that is a plain chain', () => {
    const { tf } = engine;
    const input = tf.input({ shape: [4] });
    const hidden = tf.layers.dense({ units: 5, activation: 'relu' }).apply(input) as never;
    const output = tf.layers.dense({ units: 2, activation: 'softmax' }).apply(hidden) as never;
    const model = tf.model({ inputs: input, outputs: output });
    assert.ok(planDenseNet(model).ok);
    model.dispose();
  });
});

describe('DenseNet gradients equal TF.js gradients of makeLoss', () => {
  const cases: Array<{ loss: DenseLoss; encoding: TargetEncoding; spec: Spec }> = [
    { loss: 'sparseCategoricalCrossentropy', encoding: 'sparse', spec: { hidden: ['relu', 'tanh'], output: 'softmax', inputs: 5, outputs: 4 } },
    { loss: 'categoricalCrossentropy', encoding: 'one-hot', spec: { hidden: ['sigmoid'], output: 'softmax', inputs: 3, outputs: 3 } },
    { loss: 'categoricalCrossentropy', encoding: 'one-hot', spec: { hidden: ['relu'], output: 'sigmoid', inputs: 3, outputs: 3 } },
    { loss: 'binaryCrossentropy', encoding: 'binary', spec: { hidden: ['relu'], output: 'sigmoid', inputs: 4, outputs: 1 } },
    { loss: 'binaryCrossentropy', encoding: 'multi-label', spec: { hidden: ['tanh'], output: 'sigmoid', inputs: 4, outputs: 3, useBias: false } },
    { loss: 'meanSquaredError', encoding: 'regression', spec: { hidden: ['relu', 'linear'], output: 'linear', inputs: 4, outputs: 2 } },
    { loss: 'meanSquaredError', encoding: 'regression', spec: { hidden: ['tanh'], output: 'relu', inputs: 4, outputs: 2, frozenFirst: true } },
  ];
  for (const { loss, encoding, spec } of cases) {
    it(`${loss} on ${spec.hidden.join('-')}-${spec.output}${spec.frozenFirst ? ' (first layer frozen)' : ''}${spec.useBias === false ? ' (no bias)' : ''}`, () => {
      const { tf } = engine;
      const rows = 5;
      const model = buildModel(spec, 11);
      const x = data(rows, spec.inputs, 1);
      const y = targetsFor(encoding, rows, spec.outputs);
      const setup = setupFor(model, loss, encoding, x, y, rows, { name: 'sgd', lr: 0.1 });
      const plan = planDenseNet(model);
      assert.ok(plan.ok);
      const net = new DenseNet(plan);
      const output = net.forward(x, rows);
      const gradOut = new Float32Array(output.length);
      const value = lossAndGradient(loss, encoding, output, y, gradOut, rows, spec.outputs);
      net.backward(gradOut, rows);

      const vars = model.trainableWeights.map((w) => w.read() as never);
      const expected = tf.tidy(() => {
        const { value: v, grads } = tf.variableGrads(() => setup.meanLoss(setup.y, model.apply(setup.x) as Tensor) as never, vars);
        return { value: v.dataSync()[0]!, grads: vars.map((w: { name: string }) => grads[w.name]!.dataSync() as Float32Array), output: (model.apply(setup.x) as Tensor).dataSync() as Float32Array };
      });
      assertClose(output, expected.output, 1e-5, 'output');
      assert.ok(close(value, expected.value, 1e-5), `loss ${value} vs ${expected.value}`);
      assert.equal(net.grads.length, expected.grads.length, 'one gradient per trainable weight');
      net.grads.forEach((g, i) => assertClose(g, expected.grads[i]!, 1e-4, `gradient ${i}`));
      setup.dispose();
      model.dispose();
    });
  }
});

describe('plain-JS fits match TF.js fits', () => {
  const optimizers = [
    { name: 'sgd', lr: 0.1 }, { name: 'sgd', lr: 0.05, momentum: 0.9 }, { name: 'adam', lr: 0.01 },
    { name: 'rmsprop', lr: 0.01 }, { name: 'rmsprop', lr: 0.01, momentum: 0.5 }, { name: 'adagrad', lr: 0.1 },
  ];
  for (const optimizer of optimizers) {
    it(`traceSteps with ${optimizer.name}${optimizer.momentum ? ` (momentum ${optimizer.momentum})` : ''}: same losses, outputs, gradient statistics and stop`, () => {
      const run = (dense: boolean): { trace: StepTrace; weights: Float32Array[] } => withDensePath(dense, () => {
        const model = buildModel({ hidden: ['relu', 'tanh'], output: 'softmax', inputs: 4, outputs: 3 }, 5);
        const setup = setupFor(model, 'sparseCategoricalCrossentropy', 'sparse', data(1, 4, 2), Float32Array.of(2), 1, optimizer);
        const trace = traceSteps(engine.tf, { model, setup, target: { kind: 'class', index: 2 }, maxSteps: 40, fitLoss: 0.05 });
        const weights = model.getWeights().map((w) => w.dataSync() as Float32Array);
        setup.dispose();
        model.dispose();
        return { trace, weights };
      });
      const js = run(true);
      const reference = run(false);
      assert.equal(js.trace.stopReason, reference.trace.stopReason);
      assert.equal(js.trace.fittedAtStep, reference.trace.fittedAtStep);
      assert.deepEqual(js.trace.predicted, reference.trace.predicted);
      assertClose(js.trace.losses as number[], reference.trace.losses as number[], 1e-3, 'losses');
      assertClose(js.trace.targetScores!, reference.trace.targetScores!, 1e-3, 'target scores');
      assert.deepEqual(js.trace.zeroGradFractions, reference.trace.zeroGradFractions);
      js.trace.gradNorms.forEach((row, s) => assertClose(row as number[], reference.trace.gradNorms[s] as number[], 1e-3, `gradient norms at step ${s}`));
      js.weights.forEach((w, i) => assertClose(w, reference.weights[i]!, 1e-3, `trained weight ${i}`));
    });
  }

  it('traceSteps on dead ReLUs: all-zero kernel gradients are counted exactly and stall both the same way', () => {
    const run = (dense: boolean): StepTrace => withDensePath(dense, () => {
      const { tf } = engine;
      const model = tf.sequential({ layers: [
        tf.layers.dense({ inputShape: [4], units: 5, activation: 'relu', kernelInitializer: 'zeros', biasInitializer: tf.initializers.constant({ value: -1 }) }),
        tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }),
      ] });
      const setup = setupFor(model, 'sparseCategoricalCrossentropy', 'sparse', data(1, 4, 4), Float32Array.of(1), 1, { name: 'adam', lr: 0.001 });
      const trace = traceSteps(engine.tf, { model, setup, target: { kind: 'class', index: 1 }, maxSteps: 200 });
      setup.dispose();
      model.dispose();
      return trace;
    });
    const js = run(true);
    const reference = run(false);
    assert.equal(js.stopReason, reference.stopReason);
    assert.equal(js.steps, reference.steps);
    assert.deepEqual(js.zeroGradFractions, reference.zeroGradFractions);
  });

  it('traceSteps on a diverging regression: NaN/Inf is reported at the same step', () => {
    const run = (dense: boolean): StepTrace => withDensePath(dense, () => {
      const model = buildModel({ hidden: ['relu'], output: 'linear', inputs: 4, outputs: 1 }, 8);
      const setup = setupFor(model, 'meanSquaredError', 'regression', data(1, 4, 5), Float32Array.of(1e3), 1, { name: 'sgd', lr: 10 });
      const trace = traceSteps(engine.tf, { model, setup, target: { kind: 'values', values: [1e3], tolerance: [1] }, maxSteps: 100 });
      setup.dispose();
      model.dispose();
      return trace;
    });
    const js = run(true);
    const reference = run(false);
    assert.equal(js.stopReason, 'non-finite');
    assert.equal(js.stopReason, reference.stopReason);
    assert.equal(js.nonFiniteLossStep, reference.nonFiniteLossStep);
  });

  it('fitEpochs on a subset with shuffled mini-batches and early stopping: same history, stop and scores; no tensors leak', () => {
    const { tf } = engine;
    const before = tf.memory().numTensors;
    const run = (dense: boolean): FitEpochsResult => withDensePath(dense, () => {
      const rows = 40;
      const model = buildModel({ hidden: ['relu'], output: 'softmax', inputs: 4, outputs: 3 }, 21);
      const setup = setupFor(model, 'sparseCategoricalCrossentropy', 'sparse', data(rows, 4, 3), targetsFor('sparse', rows, 3), rows, { name: 'adam', lr: 0.01 });
      const optimizer = setup.makeOptimizer();
      const result = fitEpochs({
        tf, model, optimizer, meanLoss: setup.meanLoss, lossFn: setup.lossFn, errorFn: setup.error.perExample, nonFiniteError: 1,
        train: { x: setup.x, y: setup.y }, rows: Array.from({ length: 30 }, (_, i) => (i * 7) % rows), test: { x: setup.x, y: setup.y },
        batchSize: 8, epochs: 30, seed: 4, earlyStopping: { patience: 3, minDelta: 0.01 }, lossSpec: setup,
      });
      optimizer.dispose();
      setup.dispose();
      model.dispose();
      return result;
    });
    const js = run(true);
    const reference = run(false);
    assert.equal(js.steps, reference.steps);
    assert.equal(js.stoppedBy, reference.stoppedBy);
    assertClose(js.lossHistory as number[], reference.lossHistory as number[], 1e-3, 'loss history');
    assert.ok(close(js.trainLoss!, reference.trainLoss!, 1e-3) && close(js.testLoss!, reference.testLoss!, 1e-3));
    assert.equal(js.trainError, reference.trainError);
    assert.equal(tf.memory().numTensors, before, 'leaked tensors');
  });

  const scoring: Array<{ loss: LossName; encoding: TargetEncoding; output: string; outputs: number; lr: number }> = [
    { loss: 'sparseCategoricalCrossentropy', encoding: 'sparse', output: 'softmax', outputs: 3, lr: 0.01 },
    { loss: 'categoricalCrossentropy', encoding: 'one-hot', output: 'softmax', outputs: 3, lr: 0.01 },
    { loss: 'binaryCrossentropy', encoding: 'multi-label', output: 'sigmoid', outputs: 3, lr: 0.01 },
    { loss: 'meanSquaredError', encoding: 'regression', output: 'linear', outputs: 2, lr: 0.01 },
    { loss: 'sparseCategoricalCrossentropy', encoding: 'sparse', output: 'softmax', outputs: 3, lr: 1e30 },
  ];
  for (const { loss, encoding, output, outputs, lr } of scoring) {
    it(`fitEpochs scores a ${loss} fit in JS exactly as TF.js does${lr > 1 ? ' (diverged: non-finite outputs charged as errors)' : ''}`, () => {
      const { tf } = engine;
      const run = (dense: boolean, jsScores: boolean): FitEpochsResult => withDensePath(dense, () => {
        const rows = 24;
        const model = buildModel({ hidden: ['relu'], output, inputs: 4, outputs }, 31);
        const setup = setupFor(model, loss, encoding, data(rows, 4, 6), targetsFor(encoding, rows, outputs), rows, { name: 'sgd', lr });
        const test = setupFor(model, loss, encoding, data(10, 4, 8), targetsFor(encoding, 10, outputs), 10, { name: 'sgd', lr });
        const optimizer = setup.makeOptimizer();
        const result = fitEpochs({
          tf, model, optimizer, meanLoss: setup.meanLoss, lossFn: setup.lossFn, errorFn: setup.error.perExample, nonFiniteError: 1,
          train: { x: setup.x, y: setup.y }, rows: Array.from({ length: 16 }, (_, i) => 23 - i), test: { x: test.x, y: test.y }, batchSize: 8, epochs: 4, seed: 2,
          lossSpec: { loss, encoding, outputUnits: outputs, ...(jsScores ? { errorKind: setup.error.kind } : {}) },
        });
        optimizer.dispose();
        setup.dispose();
        test.dispose();
        model.dispose();
        return result;
      });
      const inJs = run(true, true);
      const scoredByTf = run(true, false);
      const reference = run(false, false);
      if (lr > 1) {
        // NaN outputs give a NaN loss (as on TF.js's cpu backend; wasm's clip turns NaN into ε and reports
        // −ln ε = 16.1), and every row is charged as an error on both engines.
        assert.equal(inJs.stoppedBy, 'non-finite', 'the diverged case must really diverge');
        assert.equal(inJs.trainLoss, null);
        assert.equal(inJs.trainError, 1);
        assert.equal(scoredByTf.trainError, 1);
        assert.equal(inJs.testError, 1);
        return;
      }
      for (const key of ['trainLoss', 'testLoss', 'trainError', 'testError'] as const) {
        const [a, b, c] = [inJs[key], scoredByTf[key], reference[key]];
        assert.equal(a === null, b === null, `${key}: ${a} vs ${b}`);
        if (a !== null && b !== null) assert.ok(close(a, b, 1e-5), `${key}: JS ${a} vs TF.js ${b} on the same weights`);
        assert.equal(b === null, c === null, `${key}: ${b} vs ${c}`);
        if (b !== null && c !== null) assert.ok(close(b, c, 1e-3), `${key}: dense path ${b} vs TF.js fit ${c}`);
      }
    });
  }

  it('is only chosen when the step is small: rows × parameters ≤ DENSE_PATH_MAX_WORK', () => {
    const { tf } = engine;
    const model = buildModel({ hidden: ['relu'], output: 'softmax', inputs: 4, outputs: 3 }, 1);
    const parameters = 4 * 6 + 6 + 6 * 3 + 3;
    const optimizer = tf.train.sgd(0.1);
    const spec = { loss: 'sparseCategoricalCrossentropy' as const, encoding: 'sparse' as const, outputUnits: 3 };
    assert.ok(denseTrainerFor(tf, model, spec, optimizer, Math.floor(DENSE_PATH_MAX_WORK / parameters)));
    assert.equal(denseTrainerFor(tf, model, spec, optimizer, Math.floor(DENSE_PATH_MAX_WORK / parameters) + 1), null);
    assert.equal(denseTrainerFor(tf, model, { ...spec, loss: 'huber' }, optimizer, 1), null, 'a loss without a JS twin stays on TF.js');
    assert.equal(withDensePath(false, () => denseTrainerFor(tf, model, spec, optimizer, 1)), null, 'NNDOCTOR_DENSE_PATH=0 turns it off');
    optimizer.dispose();
    model.dispose();
  });
});
