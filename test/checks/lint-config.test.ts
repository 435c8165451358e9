/** lint-config on fixture experiments: each fault fixture fires exactly its rules, clean ones fire nothing. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { lintConfig } from '../../src/index.js';
import type { Report } from '../../src/report/types.js';

const dir = (name: string): string => `fixtures/experiments/${name}`;

function firedRules(report: Report): string[] {
  const rules = report.experiments.flatMap((e) => e.checks.flatMap((c) => c.findings.map((f) => f.rule)));
  return [...new Set(rules)].sort();
}

function check(report: Report) {
  const result = report.experiments[0]!.checks[0]!;
  assert.equal(result.check, 'lint-config');
  assert.notEqual(result.status, 'error', JSON.stringify(result.error));
  return result;
}

const EXPECTED: Record<string, string[]> = {
  'lc-clean-iris': [],
  'lc-clean-digits': [],
  'lc-clean-regression': [],
  'lc-clean-multilabel': [],
  'lc-clean-binary': [],
  'lc-softmax-single-unit': ['softmax-single-unit'],
  'lc-softmax-multilabel': ['softmax-multilabel-targets'],
  'lc-output-units-mismatch': ['output-units-mismatch'],
  'lc-sigmoid-negative-targets': ['activation-cannot-reach-targets'],
  'lc-relu-output': ['relu-output'],
  'lc-logits-crossentropy': ['loss-activation-mismatch'],
  'lc-lr-too-high': ['dying-relu-risk', 'learning-rate-too-high'],
  'lc-lr-too-low': ['learning-rate-too-low'],
  'lc-constant-initializer': ['constant-initializer'],
  'lc-constant-weights': ['constant-initializer'],
  'lc-missing-nonlinearity': ['missing-nonlinearity'],
  'lc-too-deep': ['too-deep'],
  'lc-dying-relu': ['dying-relu-risk'],
  'lc-dying-relu-saved': ['dying-relu-risk'],
  'lc-frozen-layers': ['frozen-layers'],
  'lc-dropout-after-softmax': ['layer-after-output'],
  // The probabilities are rescaled after the softmax: layer-after-output's finding, not loss-activation-mismatch's.
  'lc-batchnorm-after-softmax': ['layer-after-output'],
  'lc-high-dropout': ['high-dropout'],
  'lc-int-input': ['input-dtype'],
  'lc-output-bias-prior': ['output-bias-prior'],
};

describe('lint-config check on fixture experiments', () => {
  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(expected.length === 0 ? `does not flag ${name}` : `flags ${name} with exactly ${expected.join(', ')}`, async () => {
      const report = await lintConfig({ dir: dir(name) });
      const result = check(report);
      assert.deepEqual(firedRules(report), expected);
      if (expected.length === 0) assert.equal(result.status, 'pass');
      // Static rules never start TF.js.
      assert.equal(report.backend, null);
    });
  }

  it('summarises the model and the settings used', async () => {
    const report = await lintConfig({ dir: dir('lc-clean-iris') });
    const data = check(report).data as Record<string, unknown>;
    assert.deepEqual(
      { layers: data.layers, weightLayers: data.weightLayers, parameters: data.parameters, output: data.output },
      { layers: 2, weightLayers: 2, parameters: 4 * 8 + 8 + 8 * 3 + 3, output: { layer: (data.output as { layer: string }).layer, units: 3, activation: 'softmax' } },
    );
    assert.deepEqual(report.experiments[0]!.settings.learningRate, { value: 0.001, from: 'model.json' });
    assert.deepEqual(report.experiments[0]!.settings.loss, { value: 'sparseCategoricalCrossentropy', from: 'model.json' });
  });

  it('counts the parameters of a topology-only Dense chain', async () => {
    const data = check(await lintConfig({ dir: dir('lc-lr-too-high') })).data as Record<string, unknown>;
    assert.equal(data.hasWeights, false);
    assert.equal(data.parameters, 67);
  });
});

describe('lint-config judges settings wherever they come from', () => {
  const learningRateFinding = (report: Report) => check(report).findings.find((f) => f.rule === 'learning-rate-too-high');

  it('judges a learning rate given only in nndoctor.json', async () => {
    const finding = learningRateFinding(await lintConfig({ dir: dir('lc-lr-too-high') }));
    assert.ok(finding);
    assert.deepEqual({ learningRate: (finding.data as Record<string, unknown>).learningRate, from: (finding.data as Record<string, unknown>).from }, { learningRate: 0.5, from: 'nndoctor.json' });
  });

  it('judges a learning rate in the saved trainingConfig the same way', async () => {
    const report = await lintConfig({ dir: dir('lc-lr-too-low') });
    const finding = check(report).findings.find((f) => f.rule === 'learning-rate-too-low');
    assert.ok(finding);
    assert.equal((finding.data as Record<string, unknown>).from, 'model.json');
  });

  it('lets nndoctor.json override the saved trainingConfig', async () => {
    const report = await lintConfig({ model: dir('lc-clean-iris'), data: `${dir('lc-clean-iris')}/train.csv`, config: `${dir('lc-lr-too-high')}/nndoctor.json` });
    assert.deepEqual(firedRules(report), ['dying-relu-risk', 'learning-rate-too-high']);
  });

  it('lets flags override nndoctor.json', async () => {
    assert.deepEqual(firedRules(await lintConfig({ dir: dir('lc-lr-too-high'), training: { learningRate: 0.001 } })), []);
    const report = await lintConfig({ dir: dir('lc-clean-iris'), training: { optimizer: 'sgd', learningRate: 5 } });
    assert.deepEqual(firedRules(report), ['dying-relu-risk', 'learning-rate-too-high']);
    assert.equal((learningRateFinding(report)!.data as Record<string, unknown>).from, 'flag');
  });

  it('judges a loss given only in nndoctor.json', async () => {
    const report = await lintConfig({ dir: dir('lc-clean-multilabel') });
    assert.deepEqual(report.experiments[0]!.settings.loss, { value: 'binaryCrossentropy', from: 'nndoctor.json' });
    const flagged = await lintConfig({ dir: dir('lc-clean-multilabel'), training: { loss: 'categoricalCrossentropy' } });
    assert.deepEqual(firedRules(flagged), ['loss-activation-mismatch']);
  });
});

describe('lint-config without data', () => {
  it('skips the rules that need targets and still judges the model', async () => {
    const report = await lintConfig({ model: dir('lc-output-units-mismatch') });
    assert.deepEqual(firedRules(report), []);
    const faulty = await lintConfig({ model: `${dir('lc-softmax-single-unit')}/model.json` });
    assert.deepEqual(firedRules(faulty), ['softmax-single-unit']);
  });

  it('is skipped without a model', async () => {
    const report = await lintConfig({ data: `${dir('lc-clean-iris')}/train.csv` });
    assert.equal(report.experiments[0]!.checks[0]!.status, 'skipped');
  });

  it('takes severities and options from nndoctor.json rules', async () => {
    const config = join(mkdtempSync(join(tmpdir(), 'nndoctor-lc-')), 'nndoctor.json');
    writeFileSync(config, JSON.stringify({ rules: { 'learning-rate-too-high': 'off', 'dying-relu-risk': ['fail', { maxLrFactor: 1000 }], 'too-deep': 'fail' } }));
    const relaxed = await lintConfig({ dir: dir('lc-clean-iris'), config, training: { learningRate: 0.5 } });
    assert.deepEqual(firedRules(relaxed), []);
    const strict = await lintConfig({ dir: dir('lc-too-deep'), config });
    assert.equal(check(strict).status, 'fail');
    assert.deepEqual(check(strict).findings.map((f) => [f.rule, f.severity]), [['too-deep', 'fail']]);
  });

  it('applies rule options given by the caller (high-dropout maxRate 0.9)', async () => {
    const report = await lintConfig({ dir: dir('lc-high-dropout'), ruleOptions: { 'high-dropout': { maxRate: 0.9 } } });
    assert.deepEqual(firedRules(report), []);
  });
});
