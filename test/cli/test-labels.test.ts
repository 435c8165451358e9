/** The test file's labels are the training file's label column, by name: never a guess at its last column. */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ROOT, assertOneLineError, runCli } from '../helpers/cli.js';

const dirs: string[] = [];

describe('a test.csv without the label column (Kaggle style)', () => {
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('is one input error naming test.csv and the missing label column (exit 2)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nndoctor-testlabels-'));
    dirs.push(dir);
    cpSync(join(ROOT, 'examples/healthy-iris'), dir, { recursive: true });
    const lines = readFileSync(join(dir, 'test.csv'), 'utf8').trimEnd().split(/\r?\n/);
    const labelAt = lines[0]!.split(',').indexOf('label');
    assert.ok(labelAt >= 0, `no label column in ${lines[0]}`);
    writeFileSync(join(dir, 'test.csv'), lines.map((l) => l.split(',').filter((_, i) => i !== labelAt).join(',')).join('\n') + '\n');
    const result = runCli(['check', dir]);
    assert.equal(result.code, 2);
    assertOneLineError(result.stderr, /test\.csv:1 \(column label\): has no label column "label"\. Fix: every CSV needs the label column/);
  });
});
