/**
 * A learning rate saved where a decay or ReduceLROnPlateau schedule ended (far below the usual rate) on a model that
 * fits its training rows: training checks use the usual rate and say why; a rate the user gives is kept.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../helpers/cli.js';
import type { Report } from '../../src/report/types.js';

const rules = (report: Report): string[] => [...new Set(report.experiments[0]!.checks.flatMap((c) => c.findings.map((f) => f.rule)))].sort();

describe('a saved learning rate where a schedule ended', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'nndoctor-schedule-end-'));
    cpSync('examples/healthy-iris', dir, { recursive: true });
    const model = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as { trainingConfig: { optimizer_config: { config: Record<string, number> } } };
    model.trainingConfig.optimizer_config.config.learning_rate = 1e-5;
    writeFileSync(join(dir, 'model.json'), JSON.stringify(model));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('check trains at the usual rate, says why, and passes the well-trained model', () => {
    const run = runCli(['check', dir, '--format', 'json']);
    const report = JSON.parse(run.stdout) as Report;
    assert.equal(run.code, 0, rules(report).join(', '));
    const lr = report.experiments[0]!.settings.learningRate!;
    assert.equal(lr.value, 0.001);
    assert.equal(lr.from, 'default');
    assert.match(lr.note ?? '', /the saved 0\.00001 is where a decay or ReduceLROnPlateau schedule ended \(the saved model fits 9\d(\.\d)?% of its training rows\)/);
  });

  it('lint-config alone judges the rate as saved, without starting the engine', () => {
    const report = JSON.parse(runCli(['lint-config', dir, '--format', 'json']).stdout) as Report;
    assert.deepEqual(rules(report), ['learning-rate-too-low']);
    assert.equal(report.backend, null);
  });

  it('keeps a rate the user gives, and a saved rate on a model that did not learn', () => {
    writeFileSync(join(dir, 'nndoctor.json'), JSON.stringify({ training: { learningRate: 1e-5 } }));
    try {
      const given = JSON.parse(runCli(['check', dir, '--format', 'json']).stdout) as Report;
      assert.ok(rules(given).includes('learning-rate-too-low'), rules(given).join(', '));
    } finally {
      rmSync(join(dir, 'nndoctor.json'));
    }
    const untrained = JSON.parse(runCli(['check', 'fixtures/experiments/lc-lr-too-low', '--format', 'json']).stdout) as Report;
    assert.ok(rules(untrained).includes('learning-rate-too-low'), rules(untrained).join(', '));
  });
});
