/** Keras files through the built binary: same reports as the TF.js twin, and one-line exit 2 for what cannot load. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli } from '../helpers/cli.js';

type Json = Record<string, unknown>;

/** Drops what may differ between formats of the same model: timings, and where settings came from. */
function comparable(stdout: string): Json {
  const report = JSON.parse(stdout) as Json;
  const visit = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(visit);
    if (typeof value !== 'object' || value === null) return value;
    const out: Json = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === 'durationMs' || k === 'file') continue;
      out[k] = k === 'from' && typeof v === 'string' ? v.replace(/^model\.(h5|keras|json)$/, 'saved model') : visit(v);
    }
    return out;
  };
  return visit(report) as Json;
}

function hasCommand(name: string): boolean {
  return runCli([name, '--help']).code === 0;
}

describe('class-balance reads Keras models like their TF.js twin', () => {
  for (const name of ['dense-iris', 'cnn-digits']) {
    it(`${name}: model.h5, model.keras and tfjs/model.json give the same report`, () => {
      const data = `fixtures/keras/${name}/train.csv`;
      const reports = ['model.h5', 'model.keras', 'tfjs/model.json'].map((model) => {
        const result = runCli(['class-balance', '--model', `fixtures/keras/${name}/${model}`, '--data', data, '--format', 'json']);
        assert.equal(result.code, 0, result.stderr);
        return comparable(result.stdout);
      });
      assert.deepEqual(reports[0], reports[2]);
      assert.deepEqual(reports[1], reports[2]);
      // The model was read: the class count comes from its output layer.
      assert.match(JSON.stringify(reports[0]), /"expectedClasses":\{"count":\d+,"from":"model"\}/);
    });
  }
});

describe('lint-config reads Keras models like their TF.js twin', () => {
  const skip = hasCommand('lint-config') ? false : 'lint-config is not built yet';
  for (const name of ['dense-iris', 'functional-two-branch', 'lstm-sequence']) {
    it(`${name}: same findings and settings (apart from their source)`, { skip }, () => {
      const reports = ['model.h5', 'model.keras', 'tfjs/model.json'].map((model) => {
        const result = runCli(['lint-config', '--model', `fixtures/keras/${name}/${model}`, '--data', `fixtures/keras/${name}/train.csv`, '--format', 'json']);
        assert.ok(result.code === 0 || result.code === 1, result.stderr);
        return comparable(result.stdout);
      });
      assert.deepEqual(reports[0], reports[2]);
      assert.deepEqual(reports[1], reports[2]);
    });
  }
});

describe('what TF.js cannot represent, or a hostile file, ends in exit 2 with one line', () => {
  const CASES: Array<[string, RegExp]> = [
    ['unsupported/lambda.h5', /layer "lambda" is a Lambda layer.*Fix: replace the Lambda/],
    ['unsupported/gru-reset-after.h5', /layer "gru" \(GRU\) uses option reset_after=true/],
    ['unsupported/custom-layer.keras', /layer "scaled_dense" \(ScaledDense\) is a custom layer.*tensorflowjs_converter/],
    ['unsupported/subclassed-model.keras', /subclassed or custom model \(MyModel\)/],
    ['unsupported/mixed-precision.keras', /layer "dense" \(Dense\) uses dtype policy "mixed_float16"/],
    ['unsupported/grouped-conv.keras', /layer "conv2d" \(Conv2D\) uses option groups=2/],
    ['hostile/huge-shape.h5', /declares shape \[100000,100000\], more than the \d+ values/],
    ['hostile/zip-slip.keras', /entry "\.\.\/\.\.\/evil\.txt" that points outside the archive/],
    ['hostile/truncated.h5', /is not a readable HDF5 file \(truncated file/],
    ['hostile/truncated.keras', /is not a readable zip archive/],
    ['hostile/not-hdf5.h5', /is not a readable HDF5 file/],
    ['hostile/missing-bias.h5', /layer "dense" \(Dense\) has 1 weights in the file, but TF\.js expects 2/],
  ];
  for (const [file, pattern] of CASES) {
    it(file, () => {
      const result = runCli(['class-balance', '--model', `fixtures/keras/${file}`, '--data', 'fixtures/keras/dense-iris/train.csv']);
      assert.equal(result.code, 2, `${result.stdout}${result.stderr}`);
      const lines = `${result.stdout}${result.stderr}`.trim().split('\n');
      assert.equal(lines.length, 1, `expected one line, got:\n${lines.join('\n')}`);
      assert.match(lines[0]!, new RegExp(`^nndoctor: fixtures/keras/${file.replace(/[.]/g, '\\.')}`));
      assert.match(lines[0]!, pattern);
    });
  }
});
