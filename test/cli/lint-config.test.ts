/** `nndoctor lint-config` through the built binary: exit codes, every format, folder and explicit paths. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { assertOneLineError, runCli } from '../helpers/cli.js';

const FAULT = 'fixtures/experiments/lc-sigmoid-negative-targets';
const CLEAN = 'fixtures/experiments/lc-clean-iris';

describe('nndoctor lint-config', () => {
  it('passes a clean experiment folder with exit 0', () => {
    const { code, stdout } = runCli(['lint-config', CLEAN]);
    assert.equal(code, 0, stdout);
    assert.match(stdout, /✓ lint-config {2}2 layers \(2 with kernels\), 67 parameters, output 3 × softmax, adam lr 0\.001, loss sparseCategoricalCrossentropy/);
  });

  it('fails a fault given as explicit --model/--data with exit 1', () => {
    const { code, stdout } = runCli(['lint-config', '--model', `${FAULT}/model.json`, '--data', `${FAULT}/train.csv`, '--format', 'json']);
    assert.equal(code, 1);
    const report = JSON.parse(stdout);
    assert.deepEqual(report.experiments[0].checks[0].findings.map((f: { rule: string }) => f.rule), ['activation-cannot-reach-targets']);
    assert.equal(report.backend, null);
  });

  it('renders every --format', () => {
    const expectations: Record<string, RegExp> = {
      text: /✗ activation-cannot-reach-targets {2}targets in .* range -3\.48\.\.3\.74 but the sigmoid output of dense_2 can only produce \[0, 1\]/,
      json: /"rule": "activation-cannot-reach-targets"/,
      junit: /<failure message="activation-cannot-reach-targets: /,
      github: /^::error title=activation-cannot-reach-targets::/m,
      markdown: /\| ✗ \| `activation-cannot-reach-targets` \|/,
    };
    for (const [format, pattern] of Object.entries(expectations)) {
      const { code, stdout } = runCli(['lint-config', FAULT, '--format', format]);
      assert.equal(code, 1, format);
      assert.match(stdout, pattern, format);
    }
  });

  it('takes training flags over the saved model (exit 1), and warnings exit 1 only with --fail-on warn', () => {
    assert.equal(runCli(['lint-config', CLEAN, '--lr', '0.9']).code, 1);
    assert.equal(runCli(['lint-config', 'fixtures/experiments/lc-too-deep']).code, 0);
    assert.equal(runCli(['lint-config', 'fixtures/experiments/lc-too-deep', '--fail-on', 'warn']).code, 1);
  });

  it('exits 2 with one line for a loss or optimizer name TF.js does not have, typed as a flag or in nndoctor.json', () => {
    // Before: lint-config passed them (exit 0) while overfit-one refused them.
    const loss = runCli(['lint-config', CLEAN, '--loss', 'categorical_crossentropyy']);
    assert.equal(loss.code, 2);
    assertOneLineError(loss.stderr, /key training\.loss: loss "categoricalCrossentropyy" is not a TF\.js loss \(from flag\)\. Fix: use one of /);
    const optimizer = runCli(['lint-config', CLEAN, '--optimizer', 'adagradd']);
    assert.equal(optimizer.code, 2);
    assertOneLineError(optimizer.stderr, /optimizer "adagradd" is not available in TF\.js \(from flag\)/);
    const dir = mkdtempSync(join(tmpdir(), 'nndoctor-lint-names-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    const config = join(dir, 'nndoctor.json');
    writeFileSync(config, JSON.stringify({ training: { loss: 'sparse_categorical_crossentropy_' } }));
    const fromFile = runCli(['lint-config', CLEAN, '--config', config]);
    assert.equal(fromFile.code, 2);
    assertOneLineError(fromFile.stderr, /is not a TF\.js loss \(from nndoctor\.json\)/);
    // Keras spellings of real names still pass.
    assert.equal(runCli(['lint-config', CLEAN, '--loss', 'sparse_categorical_crossentropy', '--optimizer', 'Adam']).code, 0);
  });

  it('exits 2 with one line for a missing model', () => {
    const { code, stderr } = runCli(['lint-config', '--model', 'no-such-model.json']);
    assert.equal(code, 2);
    assert.match(stderr.trim(), /^nndoctor: no-such-model\.json: does not exist\. Fix: /);
  });
});
