/** A model saved with `model.save(…, {includeOptimizer: true})` loads like the same model saved without. */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readModelFiles } from '../../src/load/model-files.js';
import { runCli } from '../helpers/cli.js';

describe('model.json with optimizer weights (includeOptimizer: true)', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'nndoctor-include-optimizer-'));
    cpSync('examples/healthy-iris', dir, { recursive: true });
    // What TF.js appends for Adam: the step counter and one moment per weight, in the same manifest group and shard.
    const model = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as { weightsManifest: Array<{ paths: string[]; weights: Array<Record<string, unknown>> }> };
    const group = model.weightsManifest[0]!;
    const moments = group.weights.map((w) => ({ name: `${String(w.name)}/m`, shape: w.shape, dtype: 'float32', group: 'optimizer' }));
    group.weights.push({ name: 'iter', shape: [], dtype: 'int32', group: 'optimizer' }, ...moments);
    const momentValues = moments.reduce((sum, m) => sum + (m.shape as number[]).reduce((a, b) => a * b, 1), 0);
    const shard = join(dir, group.paths[0]!);
    writeFileSync(shard, Buffer.concat([readFileSync(shard), Buffer.from(new Int32Array([200]).buffer), Buffer.alloc(momentValues * 4, 7)]));
    writeFileSync(join(dir, 'model.json'), JSON.stringify(model));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('drops the optimizer entries and their bytes', () => {
    const original = readModelFiles('examples/healthy-iris/model.json');
    const withOptimizer = readModelFiles(join(dir, 'model.json'));
    assert.deepEqual(withOptimizer.weightSpecs, original.weightSpecs);
    assert.deepEqual(new Uint8Array(withOptimizer.weightData!), new Uint8Array(original.weightData!));
  });

  it('passes check like the model it was saved from', () => {
    const run = runCli(['check', dir, '--format', 'json']);
    assert.equal(run.code, 0, run.stdout.slice(0, 2000));
  });
});
