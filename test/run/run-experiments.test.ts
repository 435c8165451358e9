import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { dropRepeatedFindings } from '../../src/run/run-experiments.js';
import { runChecks } from '../../src/index.js';
import type { CheckResult } from '../../src/report/types.js';
import { ROOT } from '../helpers/cli.js';

const shift = { rule: 'label-shift' as const, severity: 'warn' as const, message: 'train and test label shares differ by 0.3' };

describe('runExperiment', () => {
  it('reports a finding shared by two checks once, and recomputes the later check', () => {
    const results: CheckResult[] = [
      { check: 'class-balance', status: 'warn', durationMs: 1, findings: [shift], data: {} },
      { check: 'lint-data', status: 'warn', durationMs: 1, findings: [{ ...shift }], data: {} },
      { check: 'lint-config', status: 'fail', durationMs: 1, findings: [{ ...shift, rule: 'learning-rate-too-high', severity: 'fail' }], data: {} },
    ];
    dropRepeatedFindings(results);
    assert.deepEqual(results.map((r) => [r.check, r.status, r.findings.length]), [['class-balance', 'warn', 1], ['lint-data', 'pass', 0], ['lint-config', 'fail', 1]]);
  });

  it('marks the checks that read a corrupt model as error, naming the file, and leaves data-only checks alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nndoctor-corrupt-model-'));
    try {
      copyFileSync(`${ROOT}examples/healthy-iris/train.csv`, join(dir, 'train.csv'));
      writeFileSync(join(dir, 'model.json'), '{"modelTopology": ');
      const { report } = await runChecks(['lint-data', 'lint-config'], { dir, label: ['label'] });
      const [lintData, lintConfig] = report.experiments[0]!.checks;
      // lint-data infers the task from the model when there is one; an unreadable model is an input error there too.
      assert.ok(lintData!.status === 'pass' || lintData!.error?.file === join(dir, 'model.json'));
      assert.equal(lintConfig!.status, 'error');
      assert.match(lintConfig!.error!.message, /not valid JSON/);
      assert.equal(lintConfig!.error!.file, join(dir, 'model.json'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
