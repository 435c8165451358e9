import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintData, runChecks } from '../../src/index.js';
import { EXPERIMENTS, firedRules, runOn, withoutTimings } from '../helpers/experiments.js';
import { partialMatch } from '../helpers/rule-tester.js';

/** Each fault fixture fires exactly its rule; the clean twins fire nothing (publint-style sets). */
const EXPECTED: Record<string, string[]> = {
  'ld-clean-iris': [],
  'ld-clean-digits': [],
  'ld-clean-regression': [],
  'ld-clean-digits-standardised': [],
  'ld-nan': ['nan-in-data'],
  'ld-text-column': ['non-numeric-column'],
  'ld-unscaled-pixels': ['unscaled-inputs'],
  'ld-unscaled-areas': ['unscaled-inputs'],
  'ld-constant': ['constant-feature'],
  'ld-preprocessing-iris': ['preprocessing-mismatch'],
  'ld-preprocessing-digits': ['preprocessing-mismatch'],
  'ld-overlap': ['train-test-overlap'],
  'ld-conflicting': ['conflicting-labels'],
  'ld-label-shift': ['label-shift'],
};

describe('check lint-data on fixtures', () => {
  for (const [name, rules] of Object.entries(EXPECTED)) {
    it(`${name} fires ${rules.length === 0 ? 'nothing' : rules.join(', ')}`, async () => {
      const report = await runOn(['lint-data'], name);
      const check = report.experiments[0]!.checks[0]!;
      assert.equal(check.status === 'error' ? check.error?.message : check.check, 'lint-data');
      assert.deepEqual(firedRules(report), rules);
      if (rules.length === 0) assert.equal(check.status, 'pass', 'a clean experiment must neither fail nor warn');
      assert.equal(report.backend, null, 'lint-data must not start a TF.js backend');
    });
  }

  it('names the spoiled cells of ld-nan by line and column', async () => {
    const report = await runOn(['lint-data'], 'ld-nan');
    const finding = report.experiments[0]!.checks[0]!.findings[0]!;
    partialMatch(finding.data, { cells: 6 });
    assert.match(finding.message, /first at 5:sepal_length "", 19:petal_length "NaN", 42:sepal_width "", 60:petal_width "inf", 79:sepal_length "NA"/);
  });

  it('suggests one-hot encoding for the text column of ld-text-column', async () => {
    const finding = (await runOn(['lint-data'], 'ld-text-column')).experiments[0]!.checks[0]!.findings[0]!;
    partialMatch(finding.data, { column: 'site', kind: 'categorical', distinct: 4 });
    assert.match(finding.hint ?? '', /pd\.get_dummies\(df, columns=\["site"\]\)/);
  });

  it('reads ld-unscaled-pixels as 0–255 pixels to divide by 255', async () => {
    const finding = (await runOn(['lint-data'], 'ld-unscaled-pixels')).experiments[0]!.checks[0]!.findings[0]!;
    assert.match(finding.hint ?? '', /x \/ 255/);
  });

  it('lists the all-zero border pixels of clean digits in its summary without flagging them', async () => {
    const report = await runOn(['lint-data'], 'ld-clean-digits');
    const data = report.experiments[0]!.checks[0]!.data as { constantColumns: Array<{ name: string; value: number }>; train: { rows: number; features: number } };
    assert.ok(data.constantColumns.some((c) => c.name === 'pixel0' && c.value === 0));
    partialMatch(data, { train: { rows: 1438, features: 64 }, test: { rows: 359 } });
  });

  it('works from explicit --data/--test paths without a folder', async () => {
    const outcome = await runChecks(['lint-data'], { data: `${EXPERIMENTS}ld-preprocessing-iris/train.csv`, test: `${EXPERIMENTS}ld-preprocessing-iris/test.csv` });
    assert.deepEqual(firedRules(outcome.report), ['preprocessing-mismatch']);
  });

  it('is exported as the library function lintData', async () => {
    const report = await lintData({ dir: `${EXPERIMENTS}ld-nan` });
    assert.equal(report.status, 'fail');
    assert.deepEqual(firedRules(report), ['nan-in-data']);
  });

  it('is skipped without training data', async () => {
    const outcome = await runChecks(['lint-data'], { model: `${EXPERIMENTS}ld-clean-iris/model.json` });
    assert.equal(outcome.report.experiments[0]!.checks[0]!.status, 'skipped');
  });

  it('gives the same report twice (apart from timings)', async () => {
    const a = await runOn(['lint-data'], 'ld-conflicting');
    const b = await runOn(['lint-data'], 'ld-conflicting');
    assert.deepEqual(withoutTimings(a), withoutTimings(b));
  });
});
