/** Keras files through the built binary: same reports as the TF.js twin, and one-line exit 2 for what cannot load. */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from '../helpers/cli.js';

type Json = Record<string, unknown>;

/** Drops what may differ between formats of the same model: timings, the model's path and format, and sources. */
function comparable(stdout: string): Json {
  const report = JSON.parse(stdout) as Json;
  const visit = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(visit);
    if (typeof value === 'string') return value.replace(/^model\.(h5|keras|json)$/, 'saved model').replace(/^(keras-h5|keras-v3|tfjs-layers)$/, 'model format');
    if (typeof value !== 'object' || value === null) return value;
    const out: Json = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === 'durationMs' || k === 'file' || (k === 'model' && typeof v === 'string')) continue;
      out[k] = visit(v);
    }
    return out;
  };
  return visit(report) as Json;
}

let commands: string | undefined;
/** Other commands are built in parallel with this one; a test of a command not yet built is skipped, visibly. */
function hasCommand(name: string): boolean {
  commands ??= runCli(['--help']).stdout;
  return new RegExp(`^\\s+${name}\\b`, 'm').test(commands);
}

describe('class-balance reads Keras models like their TF.js twin', () => {
  // dense-iris goes through every check in the `check` test below.
  for (const name of ['cnn-digits']) {
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
  for (const name of ['functional-two-branch', 'lstm-sequence']) {
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

describe('a Keras from_logits model is not mistaken for a loss/activation mismatch', () => {
  it('lint-config on from-logits/model.keras does not fire loss-activation-mismatch', { skip: hasCommand('lint-config') ? false : 'lint-config is not built yet' }, () => {
    const result = runCli(['lint-config', '--model', 'fixtures/keras/from-logits/model.keras', '--data', 'fixtures/keras/from-logits/train.csv', '--format', 'json']);
    assert.ok(result.code === 0 || result.code === 1, result.stderr);
    const rules = JSON.stringify(JSON.parse(result.stdout));
    assert.match(rules, /"check":"lint-config"/);
    assert.doesNotMatch(rules, /"rule":"loss-activation-mismatch"/);
  });
});

describe('the training commands run on Keras files as on their TF.js twin', () => {
  it('overfit-one --model model.h5 --data train.csv gives the TF.js twin\'s report', { skip: hasCommand('overfit-one') ? false : 'overfit-one is not built yet' }, () => {
    const reports = ['model.h5', 'tfjs/model.json'].map((model) => {
      const result = runCli(['overfit-one', '--model', `fixtures/keras/dense-iris/${model}`, '--data', 'fixtures/keras/dense-iris/train.csv', '--max-steps', '150', '--format', 'json']);
      assert.ok(result.code === 0 || result.code === 1, result.stderr);
      return comparable(result.stdout);
    });
    assert.deepEqual(reports[0], reports[1]);
    assert.match(JSON.stringify(reports[0]), /"check":"overfit-one"/);
  });

  const root = mkdtempSync(join(tmpdir(), 'nndoctor-keras-check-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  it('check on a folder holding model.keras + train.csv gives the TF.js twin folder\'s report', { skip: hasCommand('check') ? false : 'check is not built yet' }, () => {
    for (const [sub, files] of [['keras', ['model.keras']], ['tfjs', ['tfjs/model.json', 'tfjs/group1-shard1of1.bin']]] as const) {
      mkdirSync(join(root, sub));
      for (const f of [...files, 'train.csv']) copyFileSync(`fixtures/keras/dense-iris/${f}`, join(root, sub, f.replace('tfjs/', '')));
    }
    const result = runCli(['check', join(root, 'keras'), join(root, 'tfjs'), '--format', 'json']);
    assert.ok(result.code === 0 || result.code === 1, result.stderr);
    const report = JSON.parse(result.stdout) as { experiments: Json[] };
    const [keras, twin] = report.experiments.map((e) => comparable(JSON.stringify(e).split(join(root, 'keras')).join('EXP').split(join(root, 'tfjs')).join('EXP')));
    assert.deepEqual(keras, twin);
    assert.ok(((keras!.checks as Json[]).length) >= 4, 'check ran its checks on the Keras folder');
    assert.ok((keras!.checks as Json[]).every((c) => c.status !== 'error'), JSON.stringify(keras!.checks));
  });
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
