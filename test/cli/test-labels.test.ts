/** The test file's labels are the training file's label column, by name: never a guess at its last column. */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ROOT, assertOneLineError, runCli } from '../helpers/cli.js';
import type { Report } from '../../src/report/types.js';

const dirs: string[] = [];

describe('a test.csv without the label column (Kaggle style)', () => {
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  /** A copy of the healthy example whose test.csv lost its label column. */
  function kaggleFolder(): string {
    const dir = mkdtempSync(join(tmpdir(), 'nndoctor-testlabels-'));
    dirs.push(dir);
    cpSync(join(ROOT, 'examples/healthy-iris'), dir, { recursive: true });
    const lines = readFileSync(join(dir, 'test.csv'), 'utf8').trimEnd().split(/\r?\n/);
    const labelAt = lines[0]!.split(',').indexOf('label');
    assert.ok(labelAt >= 0, `no label column in ${lines[0]}`);
    writeFileSync(join(dir, 'test.csv'), lines.map((l) => l.split(',').filter((_, i) => i !== labelAt).join(',')).join('\n') + '\n');
    return dir;
  }

  it('found by its name in a folder: the checks run on the training data alone, and a note says so', () => {
    const dir = kaggleFolder();
    const result = runCli(['check', dir, '--format', 'json']);
    assert.equal(result.code, 0, result.stderr);
    const experiment = (JSON.parse(result.stdout) as Report).experiments[0]!;
    assert.match(experiment.notes?.[0] ?? '', /test\.csv has no label column "label" \(a features-only test file\): the checks ran on the training data alone/);
    assert.match(runCli(['check', dir]).stdout, /note: .*test\.csv has no label column "label"/);
  });

  it('named by --test: one input error naming it and the missing label column (exit 2)', () => {
    const dir = kaggleFolder();
    const result = runCli(['check', dir, '--test', join(dir, 'test.csv')]);
    assert.equal(result.code, 2);
    assertOneLineError(result.stderr, /test\.csv:1 \(column label\): has no label column "label"\. Fix: every CSV needs the label column/);
  });
});
