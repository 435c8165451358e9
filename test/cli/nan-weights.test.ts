import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../helpers/cli.js';
import type { Report } from '../../src/report/types.js';

describe('check on a saved model whose weights diverged to NaN', () => {
  let dir: string;
  let report: Report;
  let code: number | null;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'nndoctor-nan-weights-'));
    cpSync('examples/healthy-iris', dir, { recursive: true });
    // The first layer's kernel (4 × 12 float32 values at the start of the shard) becomes NaN, as after a blow-up.
    const shard = join(dir, 'group1-shard1of1.bin');
    const bytes = readFileSync(shard);
    const values = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
    for (let i = 0; i < 48; i++) values[i] = Number.NaN;
    writeFileSync(shard, bytes);
    const run = runCli(['check', dir, '--format', 'json']);
    code = run.code;
    report = JSON.parse(run.stdout) as Report;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('fails with nan-weights (exit 1), not as unreadable input', () => {
    assert.equal(code, 1);
    const findings = report.experiments[0]!.checks.flatMap((c) => c.findings);
    const nan = findings.find((f) => f.rule === 'nan-weights');
    assert.ok(nan, JSON.stringify(findings.map((f) => f.rule)));
    assert.deepEqual(nan.data, { values: 48, weights: [{ weight: 'dense_1/kernel', count: 48 }] });
  });

  it('still runs the data checks, trains from a fresh start only, and skips what needs the saved weights', () => {
    const status = Object.fromEntries(report.experiments[0]!.checks.map((c) => [c.check, c.status]));
    assert.equal(status['class-balance'], 'pass');
    assert.equal(status['lint-data'], 'pass');
    assert.equal(status['overfit-one'], 'pass');
    assert.equal(status.prediction, 'skipped');
    const prediction = report.experiments[0]!.checks.find((c) => c.check === 'prediction')!;
    assert.match(prediction.reason ?? '', /NaN\/Inf saved weights \(see nan-weights\)/);
    const overfit = report.experiments[0]!.checks.find((c) => c.check === 'overfit-one')!;
    assert.deepEqual((overfit.data as { starts?: unknown }).starts, ['fresh']);
  });
});
