/**
 * A model.json that tensorflowjs_converter writes for a Keras 3 model (Keras 3 layer configs under
 * `modelTopology.model_config`, weights named by variable path) loads like the same model saved by TF.js;
 * Keras 2 and TF.js model.json files load exactly as saved.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { unzipSync } from 'fflate';
import { InputError } from '../../src/errors.js';
import { startEngine, type Engine } from '../../src/load/backend.js';
import { buildTfModel } from '../../src/engine/tf-model.js';
import { readModelFiles, type ModelFiles } from '../../src/load/model-files.js';
import { topologyFromModelFiles } from '../../src/gather/topology.js';
import { fromSavedTrainingConfig } from '../../src/config/resolve-settings.js';
import { assertOneLineError, runCli } from '../helpers/cli.js';

type Json = Record<string, unknown>;
interface Manifest { paths: string[]; weights: Array<{ name: string; shape: number[]; dtype: string }> }

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nndoctor-keras3-json-'));
  dirs.push(dir);
  return dir;
}
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const readJson = (file: string): Json => JSON.parse(readFileSync(file, 'utf8')) as Json;

/**
 * The converter's output for a Keras 3 model: `model.to_json()` (the same object as a .keras file's config.json)
 * under `model_config`, its compile config as `training_config`, and the weights of `twin` (a TF.js model.json
 * holding the same values) under the names Keras 3 gives its variables.
 */
function converterOutput(config: Json, twin: string, rename: (name: string) => string): string {
  const dir = tempDir();
  const twinJson = readJson(twin) as { weightsManifest: Manifest[] };
  const manifest = twinJson.weightsManifest.map((group) => {
    group.paths.forEach((p) => copyFileSync(join(twin, '..', p), join(dir, p)));
    return { paths: group.paths, weights: group.weights.map((w) => ({ ...w, name: rename(w.name) })) };
  });
  writeFileSync(join(dir, 'model.json'), JSON.stringify({
    format: 'layers-model', generatedBy: 'keras v3.4.1', convertedBy: 'TensorFlow.js Converter v4.22.0',
    modelTopology: { keras_version: '3.4.1', backend: 'tensorflow', model_config: config, training_config: config.compile_config ?? null },
    weightsManifest: manifest,
  }));
  return join(dir, 'model.json');
}

const kerasConfig = (name: string): Json => JSON.parse(Buffer.from(unzipSync(readFileSync(`fixtures/keras/${name}/model.keras`))['config.json']!).toString('utf8')) as Json;
const modelName = (config: Json): string => String((config.config as Json).name);
/** Keras 3 variable paths: the model's name first, RNN weights under their cell (tfjs#8321). */
const variablePath = (model: string) => (name: string): string => `${model}/${name.replace(/^lstm\//, 'lstm/lstm_cell/')}`;

let engine: Engine;
before(async () => {
  engine = await startEngine('cpu');
});

/** Seeded inputs spread like standardised features. */
function inputs(size: number): Float32Array {
  const out = new Float32Array(size);
  let s = 7;
  for (let i = 0; i < size; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out[i] = (s / 2147483648) * 4 - 2;
  }
  return out;
}

async function predict(files: ModelFiles, rows: number): Promise<Float32Array> {
  const { tf } = engine;
  const model = await buildTfModel(engine, files, { start: 'saved', seed: 1 });
  const shape = (model.inputs[0]!.shape as number[]).slice(1);
  const x = tf.tensor(inputs(rows * shape.reduce((a, b) => a * b, 1)), [rows, ...shape]);
  const y = model.predict(x) as import('@tensorflow/tfjs').Tensor;
  const values = Float32Array.from(y.dataSync() as Float32Array);
  tf.dispose([x, y]);
  model.dispose();
  return values;
}

function maxDifference(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

describe('model.json converted from a Keras 3 model', () => {
  for (const name of ['dense-iris', 'lstm-sequence', 'functional-two-branch', 'cnn-digits']) {
    it(`${name}: loads with TF.js weight names and predicts within 1e-5 of its TF.js twin`, async () => {
      const twinFile = `fixtures/keras/${name}/tfjs/model.json`;
      const config = kerasConfig(name);
      const file = converterOutput(config, twinFile, variablePath(modelName(config)));
      assert.match(readFileSync(file, 'utf8'), /"batch_shape"/, 'the fixture really is a Keras 3 config');
      const files = readModelFiles(file);
      const twin = readModelFiles(twinFile);
      assert.deepEqual(files.weightSpecs, twin.weightSpecs, 'weights renamed to <layer>/<weight>, in manifest order');
      assert.deepEqual(new Uint8Array(files.weightData!), new Uint8Array(twin.weightData!));
      assert.doesNotMatch(JSON.stringify(files.modelTopology), /"module"|"registered_name"|"batch_shape"|DTypePolicy/);
      const twinPrediction = await predict(twin, 12);
      const worst = maxDifference(await predict(files, 12), twinPrediction);
      assert.ok(worst <= 1e-5, `max |difference| ${worst}`);
      assert.ok(twinPrediction.some((v, i) => i > 0 && Math.abs(v - twinPrediction[0]!) > 1e-4), 'the predictions depend on the input');
      // Same facts for the rules; TF.js writes GlorotUniform as VarianceScaling, Keras by its own name.
      const strip = (t: ReturnType<typeof topologyFromModelFiles>): unknown => ({ ...t, file: undefined, layers: t.layers.map((l) => Object.fromEntries(Object.entries(l).filter(([k]) => !/Initializer/.test(k)))) });
      assert.deepEqual(strip(topologyFromModelFiles(files)), strip(topologyFromModelFiles(twin)));
      assert.deepEqual(fromSavedTrainingConfig(files.trainingConfig), fromSavedTrainingConfig(twin.trainingConfig));
    });
  }

  it('matches weights named by index (dense/0), or already named as TF.js names them', () => {
    const twinFile = 'fixtures/keras/dense-iris/tfjs/model.json';
    const byIndex = readModelFiles(converterOutput(kerasConfig('dense-iris'), twinFile, (n) => n.replace(/\/kernel$/, '/0').replace(/\/bias$/, '/1')));
    assert.deepEqual(byIndex.weightSpecs.map((s) => s.name), ['dense/kernel', 'dense/bias', 'dense_1/kernel', 'dense_1/bias']);
    const plain = readModelFiles(converterOutput(kerasConfig('dense-iris'), twinFile, (n) => n));
    assert.deepEqual(plain.weightSpecs, readModelFiles(twinFile).weightSpecs);
  });

  it('refuses a weight that belongs to no layer, a weight named twice and a layer left without its weights, as input errors', () => {
    const twinFile = 'fixtures/keras/dense-iris/tfjs/model.json';
    const stray = converterOutput(kerasConfig('dense-iris'), twinFile, (n) => n.replace(/^dense_1\//, 'head/'));
    assert.throws(() => readModelFiles(stray), (e: unknown) => e instanceof InputError && /weight "head\/kernel" is not a weight of any layer/.test(e.message));
    const twice = converterOutput(kerasConfig('dense-iris'), twinFile, (n) => n.replace(/^dense_1\/bias$/, 'sequential/dense_1/kernel'));
    assert.throws(() => readModelFiles(twice), (e: unknown) => e instanceof InputError && /holds weight "dense_1\/kernel" twice/.test(e.message));
    // The last weight (dense_1/bias, 3 float32 values) left out of the manifest and its shard.
    const short = converterOutput(kerasConfig('dense-iris'), twinFile, variablePath('sequential'));
    const json = readJson(short) as { weightsManifest: Manifest[] };
    json.weightsManifest[0]!.weights.pop();
    writeFileSync(short, JSON.stringify(json));
    const shard = join(short, '..', json.weightsManifest[0]!.paths[0]!);
    writeFileSync(shard, readFileSync(shard).subarray(0, -12));
    assert.throws(() => readModelFiles(short), (e: unknown) => e instanceof InputError && /holds no weight for dense_1\/bias$/.test(e.message));
    const run = runCli(['lint-config', '--model', stray]);
    assert.equal(run.code, 2);
    assertOneLineError(run.stderr, /head\/kernel.*Fix: /);
  });

  it('refuses what TF.js cannot compute (a mixed-precision policy) with the key of the layer', () => {
    const config = kerasConfig('dense-iris');
    const layers = (config.config as { layers: Json[] }).layers;
    (layers[1]!.config as Json).dtype = { module: 'keras', class_name: 'DTypePolicy', config: { name: 'mixed_float16' }, registered_name: null };
    const file = converterOutput(config, 'fixtures/keras/dense-iris/tfjs/model.json', variablePath('sequential'));
    assert.throws(() => readModelFiles(file), (e: unknown) => e instanceof InputError && e.location.key === 'modelTopology.model_config.config.layers[1].config' && /mixed_float16/.test(e.message));
  });
});

/** The hand-written Keras 3 converter output of fixtures/experiments/pr-healthy-iris (Dense 8 ReLU → Dense 3 softmax). */
function keras3HealthyIris(): string {
  const dir = tempDir();
  for (const f of ['train.csv', 'test.csv', 'group1-shard1of1.bin']) copyFileSync(join('fixtures/experiments/pr-healthy-iris', f), join(dir, f));
  const policy = { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null };
  const initializer = (className: string, config: Json): Json => ({ module: 'keras.initializers', class_name: className, config, registered_name: null });
  const dense = (name: string, units: number, activation: string, inputs: number): Json => ({
    module: 'keras.layers', class_name: 'Dense', registered_name: null, build_config: { input_shape: [null, inputs] },
    config: {
      name, trainable: true, dtype: policy, units, activation, use_bias: true,
      kernel_initializer: initializer('GlorotUniform', { seed: null }), bias_initializer: initializer('Zeros', {}),
      kernel_regularizer: null, bias_regularizer: null, kernel_constraint: null, bias_constraint: null,
    },
  });
  const modelConfig = {
    module: 'keras', class_name: 'Sequential', registered_name: null, build_config: { input_shape: [null, 4] },
    config: {
      name: 'sequential', trainable: true, dtype: policy,
      layers: [
        { module: 'keras.layers', class_name: 'InputLayer', config: { batch_shape: [null, 4], dtype: 'float32', sparse: false, name: 'input_layer' }, registered_name: null },
        dense('dense_1', 8, 'relu', 4), dense('dense_2', 3, 'softmax', 8),
      ],
    },
  };
  const trainingConfig = {
    loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'], weighted_metrics: null, loss_weights: null,
    optimizer_config: { module: 'keras.optimizers', class_name: 'Adam', config: { name: 'adam', learning_rate: 0.0010000000474974513, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7, amsgrad: false }, registered_name: null },
  };
  const weights = [['dense_1/kernel', [4, 8]], ['dense_1/bias', [8]], ['dense_2/kernel', [8, 3]], ['dense_2/bias', [3]]] as const;
  writeFileSync(join(dir, 'model.json'), JSON.stringify({
    format: 'layers-model', generatedBy: 'keras v3.3.3', convertedBy: 'TensorFlow.js Converter v4.22.0',
    modelTopology: { keras_version: '3.3.3', backend: 'tensorflow', model_config: modelConfig, training_config: trainingConfig },
    weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: weights.map(([name, shape]) => ({ name: `sequential/${name}`, shape, dtype: 'float32' })) }],
  }));
  return dir;
}

interface Report { status: string; experiments: Array<{ status: string; settings: Json; checks: Array<{ check: string; status: string; findings: unknown[] }> }> }
function checkFolder(dir: string): Report {
  const run = runCli(['check', dir, '--format', 'json']);
  assert.equal(run.code, 0, run.stdout.slice(0, 2000) + run.stderr);
  return JSON.parse(run.stdout) as Report;
}
const verdicts = (report: Report): unknown => report.experiments[0]!.checks.map((c) => [c.check, c.status, c.findings]);

describe('check on a clean experiment whose model.json came from Keras 3', () => {
  it('passes every check, with the verdicts of the same model saved by TF.js', () => {
    const report = checkFolder(keras3HealthyIris());
    const checks = report.experiments[0]!.checks;
    assert.equal(report.status, 'pass');
    for (const name of ['overfit-one', 'learning-curve', 'prediction']) {
      assert.equal(checks.find((c) => c.check === name)?.status, 'pass', `${name} ran and passed`);
    }
    assert.deepEqual(checks.flatMap((c) => c.findings), [], 'a clean experiment draws no finding');
    assert.deepEqual((report.experiments[0]!.settings.learningRate as Json).value, 0.001, 'the Keras float32 learning rate read as 0.001');
    assert.deepEqual(verdicts(report), verdicts(checkFolder('fixtures/experiments/pr-healthy-iris')));
  });
});

describe('Keras 2 and TF.js model.json files load exactly as saved', () => {
  it('a TF.js model.json: topology and weights as in the file', () => {
    const file = 'fixtures/experiments/pr-healthy-iris/model.json';
    const json = readJson(file) as { modelTopology: Json; weightsManifest: Manifest[] };
    const files = readModelFiles(file);
    assert.deepEqual(files.modelTopology, json.modelTopology);
    assert.deepEqual(files.weightSpecs, json.weightsManifest[0]!.weights);
  });

  it('a tf.keras 2.15 converter output (module wrappers, batch_input_shape, "Custom>Adam"): model_config untouched, and check passes like the TF.js save', () => {
    const source = 'fixtures/experiments/pr-healthy-iris';
    const tfjs = readJson(join(source, 'model.json')) as { modelTopology: { config: { layers: Array<{ class_name: string; config: Json }> } }; weightsManifest: Manifest[] };
    const dir = tempDir();
    for (const f of ['train.csv', 'test.csv', 'group1-shard1of1.bin']) copyFileSync(join(source, f), join(dir, f));
    // tf.keras 2.13+ serialises with module/registered_name wrappers; its InputLayer still says batch_input_shape.
    const modelConfig = {
      class_name: 'Sequential',
      config: {
        name: 'sequential',
        layers: [
          { module: 'keras.layers', class_name: 'InputLayer', config: { batch_input_shape: [null, 4], dtype: 'float32', sparse: false, ragged: false, name: 'dense_1_input' }, registered_name: null },
          ...tfjs.modelTopology.config.layers.map((l) => {
            const { batch_input_shape: _, ...config } = l.config;
            return { module: 'keras.layers', class_name: l.class_name, config: { ...config, dtype: 'float32' }, registered_name: null, build_config: { input_shape: [null, l.class_name === 'Dense' && l.config.name === 'dense_1' ? 4 : 8] } };
          }),
        ],
      },
    };
    const trainingConfig = { loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'], optimizer_config: { class_name: 'Custom>Adam', config: { name: 'Adam', learning_rate: 0.0010000000474974513 } } };
    const raw = { format: 'layers-model', generatedBy: 'keras v2.15.0', convertedBy: 'TensorFlow.js Converter v4.22.0', modelTopology: { keras_version: '2.15.0', backend: 'tensorflow', model_config: modelConfig, training_config: trainingConfig }, weightsManifest: tfjs.weightsManifest };
    writeFileSync(join(dir, 'model.json'), JSON.stringify(raw));
    const files = readModelFiles(join(dir, 'model.json'));
    assert.deepEqual(files.modelTopology, modelConfig, 'not translated: module wrappers and dtype strings kept');
    assert.deepEqual(files.weightSpecs, tfjs.weightsManifest[0]!.weights);
    // The training_config is read as the .h5 reader reads the one it was copied from.
    assert.deepEqual(files.trainingConfig, { loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'], optimizer_config: { class_name: 'Adam', config: { name: 'Adam', learning_rate: 0.001 } } });
    const report = checkFolder(dir);
    assert.equal(report.status, 'pass');
    assert.deepEqual(report.experiments[0]!.settings.optimizer, { value: 'adam', from: 'model.json' });
    assert.deepEqual(verdicts(report), verdicts(checkFolder(source)));
  });
});
