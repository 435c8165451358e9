import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../helpers/cli.js';
import type { Report } from '../../src/report/types.js';

/** The same CSV with its feature columns in reverse order (the label stays last). */
function reverseFeatures(file: string): void {
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n').map((line) => line.split(','));
  writeFileSync(file, `${lines.map((cells) => [...cells.slice(0, -1).reverse(), cells.at(-1)].join(',')).join('\n')}\n`);
}

describe('check on a healthy model fed its columns in another order', () => {
  let dir: string;
  let report: Report;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'nndoctor-columns-'));
    cpSync('examples/healthy-iris', dir, { recursive: true });
    reverseFeatures(join(dir, 'train.csv'));
    reverseFeatures(join(dir, 'test.csv'));
    report = JSON.parse(runCli(['check', dir, '--format', 'json']).stdout) as Report;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('fails with saved-model-mismatch', () => {
    const findings = report.experiments[0]!.checks.flatMap((c) => c.findings);
    const mismatch = findings.find((f) => f.rule === 'saved-model-mismatch');
    assert.ok(mismatch, JSON.stringify(findings.map((f) => f.rule)));
    const data = mismatch.data as { savedAccuracy: number; probeAccuracy: number };
    assert.ok(data.probeAccuracy - data.savedAccuracy > 0.3, JSON.stringify(data));
  });

  it('stays silent on the same model fed its columns as trained', () => {
    const clean = JSON.parse(runCli(['check', 'examples/healthy-iris', '--format', 'json']).stdout) as Report;
    assert.equal(clean.experiments[0]!.checks.flatMap((c) => c.findings).some((f) => f.rule === 'saved-model-mismatch'), false);
  });
});
