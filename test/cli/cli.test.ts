import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { assertOneLineError, ROOT, runCli, snapshot } from '../helpers/cli.js';

describe('nndoctor CLI', () => {
  it('passes a balanced experiment with exit 0 (snapshot)', () => snapshot('class-balance-pass', ['class-balance', 'fixtures/experiments/cb-balanced-iris']));
  it('fails an imbalanced experiment with exit 1 (snapshot)', () => snapshot('class-balance-fail', ['class-balance', '--data', 'fixtures/experiments/cb-imbalanced/train.csv']));
  it('warns without failing, unless --fail-on warn', () => {
    assert.equal(runCli(['class-balance', 'fixtures/experiments/cb-label-shift']).code, 0);
    assert.equal(runCli(['class-balance', 'fixtures/experiments/cb-label-shift', '--fail-on', 'warn']).code, 1);
  });
  it('--max-ratio tightens the imbalance threshold', () => {
    assert.equal(runCli(['class-balance', 'fixtures/experiments/cb-label-shift', '--max-ratio', '4']).code, 1);
  });
  it('prints a JSON report that parses, with the DESIGN shape', () => {
    const { code, stdout } = runCli(['class-balance', 'fixtures/experiments/cb-imbalanced', '--format', 'json']);
    assert.equal(code, 1);
    const report = JSON.parse(stdout);
    assert.equal(report.schemaVersion, 1);
    assert.equal(report.tool.name, 'nndoctor');
    assert.equal(report.status, 'fail');
    assert.equal(report.backend, null);
    assert.deepEqual(report.summary, { pass: 0, warn: 0, fail: 1, error: 0 });
    assert.equal(report.experiments[0].checks[0].findings[0].rule, 'class-imbalance');
  });
  it('writes --output to a file and nothing to stdout', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nndoctor-out-'));
    try {
      const out = join(dir, 'report.xml');
      const { code, stdout } = runCli(['class-balance', 'fixtures/experiments/cb-balanced-iris', '--format', 'junit', '--output', out]);
      assert.equal(code, 0);
      assert.equal(stdout, '');
      assert.match(readFileSync(out, 'utf8'), /<testsuites name="nndoctor" tests="1" failures="0"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('colours only when asked: FORCE_COLOR=1 yes, NO_COLOR wins, a pipe no', () => {
    const args = ['class-balance', 'fixtures/experiments/cb-imbalanced'];
    assert.doesNotMatch(runCli(args).stdout, /\x1b\[/);
    assert.match(runCli(args, { env: { FORCE_COLOR: '1' } }).stdout, /\x1b\[/);
    assert.doesNotMatch(runCli(args, { env: { FORCE_COLOR: '1', NO_COLOR: '1' } }).stdout, /\x1b\[/);
  });
  it('exits 2 with one line for a missing data file', () => {
    const { code, stdout, stderr } = runCli(['class-balance', '--data', 'no/such.csv']);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assertOneLineError(stderr, /^nndoctor: no\/such\.csv: cannot read the file \(ENOENT\)\. Fix: /);
  });
  it('exits 2 with one line for an unknown flag and for a bad flag value', () => {
    const unknown = runCli(['class-balance', '--max-ration', '3']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown option '--max-ration'/);
    const bad = runCli(['class-balance', '--data', 'x.csv', '--seed', 'abc']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /"abc" is not a whole number/);
  });
  it('exits 2 naming the key for an unknown key in nndoctor.json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nndoctor-cfg-'));
    try {
      copyFileSync(`${ROOT}fixtures/experiments/cb-balanced-iris/train.csv`, join(dir, 'train.csv'));
      writeFileSync(join(dir, 'nndoctor.json'), JSON.stringify({ training: { learningrate: 0.1 } }));
      const { code, stderr } = runCli(['class-balance', dir]);
      assert.equal(code, 2);
      assertOneLineError(stderr, /nndoctor\.json \(key training\.learningrate\): unknown key "learningrate"/);
      writeFileSync(join(dir, 'nndoctor.json'), JSON.stringify({ rules: { 'class-imbalance': ['fail', { maxRatio: 'ten' }] } }));
      assertOneLineError(runCli(['class-balance', dir]).stderr, /key rules\.class-imbalance\[1\]\.maxRatio/);
      writeFileSync(join(dir, 'nndoctor.json'), JSON.stringify({ rules: { 'class-imbalanse': 'off' } }));
      assertOneLineError(runCli(['class-balance', dir]).stderr, /unknown rule "class-imbalanse"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('prints the version and help with exit 0', () => {
    const version = runCli(['--version']);
    assert.equal(version.code, 0);
    assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
    const help = runCli(['class-balance', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--max-ratio/);
  });
  it('explains a rule, and rejects an unknown one with a suggestion', () => {
    const ok = runCli(['explain', 'class-imbalance']);
    assert.equal(ok.code, 0);
    assert.match(ok.stdout, /What: .*\n\nWhy: .*\n\nFix: /s);
    const bad = runCli(['explain', 'class-imbalanse']);
    assert.equal(bad.code, 2);
    assertOneLineError(bad.stderr, /did you mean class-imbalance\?/);
  });
});
