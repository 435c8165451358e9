/**
 * A training check stopped by data that a data rule has already failed (empty cells, labels that are no class
 * index) is `skipped`, the folder `fail`s and the exit code is 1 — a diagnosed fault, not unreadable input (2).
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ROOT, runCli } from '../helpers/cli.js';
import { skipChecksBlockedByData } from '../../src/run/run-experiments.js';
import type { CheckResult, Report } from '../../src/report/types.js';

const dirs: string[] = [];
/** A copy of the healthy iris example whose train.csv is rewritten line by line (header is line 0). */
function healthyIrisWith(edit: (cells: string[], line: number) => string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'nndoctor-blocked-'));
  dirs.push(dir);
  cpSync(join(ROOT, 'examples/healthy-iris'), dir, { recursive: true });
  const lines = readFileSync(join(dir, 'train.csv'), 'utf8').trimEnd().split(/\r?\n/);
  writeFileSync(join(dir, 'train.csv'), lines.map((line, i) => (i === 0 ? line : edit(line.split(','), i).join(','))).join('\n') + '\n');
  return dir;
}

function statusOf(report: Report, check: string): CheckResult {
  return report.experiments[0]!.checks.find((c) => c.check === check)!;
}

describe('check on data that cannot be trained on', () => {
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('skips the training checks after nan-in-data fails, and exits 1', () => {
    const dir = healthyIrisWith((cells, line) => (line % 7 === 3 ? ['', ...cells.slice(1)] : cells));
    const result = runCli(['check', dir, '--format', 'json']);
    assert.equal(result.code, 1, result.stderr);
    const report = JSON.parse(result.stdout) as Report;
    assert.equal(report.experiments[0]!.status, 'fail');
    assert.ok(statusOf(report, 'lint-data').findings.some((f) => f.rule === 'nan-in-data' && f.severity === 'fail'));
    for (const check of ['overfit-one', 'learning-curve', 'prediction']) {
      const skipped = statusOf(report, check);
      assert.equal(skipped.status, 'skipped', `${check}: ${JSON.stringify(skipped)}`);
      assert.match(skipped.reason ?? '', /^cannot train on this data \(see nan-in-data\): .*train\.csv:\d+/);
      assert.equal(skipped.error, undefined);
    }
  });

  it('skips them after label-out-of-range fails (labels divided by 255)', () => {
    const dir = healthyIrisWith((cells) => [...cells.slice(0, -1), String(Number(cells.at(-1)) / 255)]);
    const result = runCli(['check', dir, '--format', 'json']);
    assert.equal(result.code, 1, result.stderr);
    const report = JSON.parse(result.stdout) as Report;
    assert.equal(statusOf(report, 'overfit-one').status, 'skipped');
    assert.match(statusOf(report, 'overfit-one').reason ?? '', /see label-out-of-range/);
    assert.ok(!statusOf(report, 'class-balance').findings.some((f) => f.rule === 'missing-class'), 'fractional labels are not "missing classes"');
  });
});

describe('skipChecksBlockedByData', () => {
  const failed = (rule: string): CheckResult => ({ check: 'lint-data', status: 'fail', durationMs: 1, findings: [{ rule: rule as never, severity: 'fail', message: 'm' }], data: {} });
  const errored = (file: string): CheckResult => ({ check: 'overfit-one', status: 'error', durationMs: 1, findings: [], data: {}, error: { message: 'is empty. Fix: impute', file, row: 3 } });

  it('turns an error on the data file into skipped only when a blocking data rule failed', () => {
    const blocked = [failed('nan-in-data'), errored('train.csv')];
    skipChecksBlockedByData(blocked, ['train.csv', undefined]);
    assert.equal(blocked[1]!.status, 'skipped');
    assert.equal(blocked[1]!.reason, 'cannot train on this data (see nan-in-data): train.csv:3: is empty');

    const otherRule = [failed('unscaled-inputs'), errored('train.csv')];
    skipChecksBlockedByData(otherRule, ['train.csv']);
    assert.equal(otherRule[1]!.status, 'error');

    const otherFile = [failed('nan-in-data'), errored('model.json')];
    skipChecksBlockedByData(otherFile, ['train.csv']);
    assert.equal(otherFile[1]!.status, 'error');
  });
});
