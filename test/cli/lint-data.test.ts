import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertOneLineError, runCli, snapshot } from '../helpers/cli.js';
import { ruleIds } from '../../src/rules/index.js';

const FAULT = 'fixtures/experiments/ld-preprocessing-iris';

describe('nndoctor lint-data', () => {
  it('passes clean iris with exit 0 (snapshot)', () => snapshot('lint-data-pass', ['lint-data', 'fixtures/experiments/ld-clean-iris']));
  it('fails a preprocessing mismatch with exit 1 (snapshot)', () => snapshot('lint-data-fail', ['lint-data', FAULT]));
  it('runs on explicit --data/--test paths', () => {
    const { code, stdout } = runCli(['lint-data', '--data', `${FAULT}/train.csv`, '--test', `${FAULT}/test.csv`, '--format', 'json']);
    assert.equal(code, 1);
    const report = JSON.parse(stdout);
    assert.deepEqual(report.experiments[0].checks[0].findings.map((f: { rule: string }) => f.rule), ['preprocessing-mismatch']);
    assert.equal(report.experiments[0].checks[0].data.test.rows, 30);
  });
  it('renders every --format', () => {
    const expectations: Record<string, RegExp> = {
      text: /✗ preprocessing-mismatch {2}3 of 4 feature columns in test\.csv/,
      json: /"rule": "preprocessing-mismatch"/,
      junit: /<failure message="[^"]*preprocessing-mismatch/,
      github: /^::error title=preprocessing-mismatch::fixtures\/experiments\/ld-preprocessing-iris: 3 of 4/m,
      markdown: /\| ✗ \| `preprocessing-mismatch` \|/,
    };
    for (const [format, pattern] of Object.entries(expectations)) {
      const { code, stdout, stderr } = runCli(['lint-data', FAULT, '--format', format]);
      assert.equal(code, 1, `${format}: ${stderr}`);
      assert.match(stdout, pattern, format);
      if (format === 'json') assert.equal(JSON.parse(stdout).status, 'fail');
    }
  });
  it('exits 0 on a warning unless --fail-on warn', () => {
    assert.equal(runCli(['lint-data', 'fixtures/experiments/ld-constant']).code, 0);
    assert.equal(runCli(['lint-data', 'fixtures/experiments/ld-constant', '--fail-on', 'warn']).code, 1);
  });
  it('exits 2 with one line for a missing file', () => {
    const { code, stderr } = runCli(['lint-data', '--data', 'fixtures/experiments/nope/train.csv']);
    assert.equal(code, 2);
    assertOneLineError(stderr, /^nndoctor: fixtures\/experiments\/nope\/train\.csv: cannot read the file/);
  });
  it('has no --model flag (it needs no model)', () => {
    assert.equal(runCli(['lint-data', FAULT, '--model', 'model.json']).code, 2);
  });
});

describe('nndoctor explain', () => {
  it('prints what, why and fix of a rule', () => {
    const { code, stdout } = runCli(['explain', 'unscaled-inputs']);
    assert.equal(code, 0);
    assert.match(stdout, /^unscaled-inputs {2}\(data, default severity: fail\)\n/);
    assert.match(stdout, /\nWhat: .*\n\nWhy: .*maxMagnitude.*\n\nFix: /s);
    assert.match(stdout, /Options \(defaults\): maxMagnitude=50, minMagnitude=0\.001/);
  });
  it('lists every registered rule without an argument', () => {
    const { code, stdout } = runCli(['explain']);
    assert.equal(code, 0);
    const listed = stdout.split('\n').map((line) => line.split(/\s+/)[0]).filter(Boolean);
    for (const id of ruleIds()) assert.ok(listed.includes(id), `${id} missing from \`nndoctor explain\``);
  });
  it('exits 2 with one line for an unknown rule, suggesting the closest id', () => {
    const { code, stdout, stderr } = runCli(['explain', 'nan-in-dat']);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assertOneLineError(stderr, /^nndoctor: unknown rule "nan-in-dat" — did you mean nan-in-data\?/);
  });
});
