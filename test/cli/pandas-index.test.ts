/** CSVs saved by pandas' to_csv() without index=False carry an unnamed index column first: it is not a feature. */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../helpers/cli.js';
import type { Report } from '../../src/report/types.js';

/** Every check's status and fired rules, for comparing two runs. */
const verdicts = (report: Report): string[] => report.experiments[0]!.checks.map((c) => `${c.check}:${c.status}:${c.findings.map((f) => f.rule).join('+')}`);

describe('check on CSVs with a pandas index column', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'nndoctor-pandas-index-'));
    cpSync('examples/healthy-iris', dir, { recursive: true });
    for (const name of ['train.csv', 'test.csv']) {
      const lines = readFileSync(join(dir, name), 'utf8').trimEnd().split('\n');
      // The row ids a split leaves: distinct, not in order.
      writeFileSync(join(dir, name), `${lines.map((line, i) => (i === 0 ? `,${line}` : `${(i * 37) % 1000},${line}`)).join('\n')}\n`);
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the same verdicts as the same files without it', () => {
    const original = JSON.parse(runCli(['check', 'examples/healthy-iris', '--format', 'json']).stdout) as Report;
    const run = runCli(['check', dir, '--format', 'json']);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(verdicts(JSON.parse(run.stdout) as Report), verdicts(original));
  });

  it('names a round-tripped index ("Unnamed: 0") as the extra column the model cannot take', () => {
    const named = mkdtempSync(join(tmpdir(), 'nndoctor-pandas-unnamed-'));
    try {
      cpSync(dir, named, { recursive: true });
      for (const name of ['train.csv', 'test.csv']) {
        writeFileSync(join(named, name), readFileSync(join(named, name), 'utf8').replace(/^,/, 'Unnamed: 0,'));
      }
      const run = runCli(['check', named, '--format', 'json']);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /has 5 feature columns, but the model's input shape \[4\] needs 4\. Fix: the first column "Unnamed: 0" is a pandas index saved by to_csv\(\)/);
    } finally {
      rmSync(named, { recursive: true, force: true });
    }
  });

  it('class-balance streams the labels past it', () => {
    const run = runCli(['class-balance', '--data', join(dir, 'train.csv'), '--format', 'json']);
    assert.equal(run.code, 0, run.stderr);
  });
});
