/** End to end: a healthy model checked against labels numbered in another order is caught by class-order-mismatch. */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ROOT, runCli } from '../helpers/cli.js';
import type { Report } from '../../src/report/types.js';

const dirs: string[] = [];
/** The healthy iris example with its label column rewritten in both CSVs. */
function healthyIrisRelabelled(relabel: (label: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'nndoctor-order-'));
  dirs.push(dir);
  cpSync(join(ROOT, 'examples/healthy-iris'), dir, { recursive: true });
  for (const name of ['train.csv', 'test.csv']) {
    const lines = readFileSync(join(dir, name), 'utf8').trimEnd().split(/\r?\n/);
    writeFileSync(join(dir, name), lines.map((line, i) => {
      if (i === 0) return line;
      const cells = line.split(',');
      return [...cells.slice(0, -1), relabel(cells.at(-1)!)].join(',');
    }).join('\n') + '\n');
  }
  return dir;
}

describe('check on labels in another class order', () => {
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('fails with class-order-mismatch and names the renaming when the species are text sorted differently', () => {
    // The model learned 0, 1, 2; as text "c", "a", "b" they sort to 2, 0, 1.
    const dir = healthyIrisRelabelled((label) => ({ 0: 'c', 1: 'a', 2: 'b' } as Record<string, string>)[label]!);
    const result = runCli(['check', dir, '--format', 'json']);
    assert.equal(result.code, 1, result.stderr);
    const report = JSON.parse(result.stdout) as Report;
    const finding = report.experiments[0]!.checks.flatMap((c) => c.findings).find((f) => f.rule === 'class-order-mismatch');
    assert.ok(finding, 'class-order-mismatch fires');
    const data = finding.data as { renamedAccuracy: number; accuracy: number; renaming: Array<{ output: number; label: string }> };
    assert.ok(data.accuracy < 0.1 && data.renamedAccuracy > 0.9, JSON.stringify(data));
    assert.deepEqual(data.renaming.map((r) => [r.output, r.label]), [[0, 'c'], [1, 'a'], [2, 'b']]);
  });

  it('stays silent on the same labels as integers in the model\'s order', () => {
    const result = runCli(['check', healthyIrisRelabelled((label) => label), '--format', 'json']);
    assert.equal(result.code, 0, result.stdout);
  });
});
