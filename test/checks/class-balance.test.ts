import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runChecks } from '../../src/index.js';
import { EXPERIMENTS, firedRules, runOn } from '../helpers/experiments.js';
import { partialMatch } from '../helpers/rule-tester.js';

const EXPECTED: Record<string, string[]> = {
  'cb-balanced-iris': [],
  'cb-balanced-digits': [],
  'cb-text-labels': [],
  'cb-imbalanced': ['class-imbalance'],
  'cb-label-shift': ['label-shift'],
  'cb-label-fractions': ['label-out-of-range'],
  'cb-missing-class': ['missing-class'],
};

describe('check class-balance on fixtures', () => {
  for (const [name, rules] of Object.entries(EXPECTED)) {
    it(`${name} fires ${rules.length === 0 ? 'nothing' : rules.join(', ')}`, async () => {
      const report = await runOn(['class-balance'], name);
      assert.deepEqual(firedRules(report), rules);
      assert.equal(report.backend, null, 'class-balance must not start a TF.js backend');
    });
  }

  it('reports balanced class weights as scikit-learn computes them', async () => {
    // cb-imbalanced: 178 zeros and 8 ones → 186 / (2 × 178) and 186 / (2 × 8).
    const report = await runOn(['class-balance'], 'cb-imbalanced');
    const data = report.experiments[0]!.checks[0]!.data;
    partialMatch(data, { classWeight: { 0: 0.522472, 1: 11.625 }, train: { rows: 186, imbalanceRatio: 22.25 } });
  });

  it('maps text labels to sorted class indices', async () => {
    const report = await runOn(['class-balance'], 'cb-text-labels');
    partialMatch(report.experiments[0]!.checks[0]!.data, { classIndex: { setosa: 0, versicolor: 1, virginica: 2 }, classWeight: { 0: 1, 1: 1, 2: 1 } });
  });

  it('honours a stricter maxRatio from the caller', async () => {
    const report = await runOn(['class-balance'], 'cb-label-shift', { ruleOptions: { 'class-imbalance': { maxRatio: 4 } } });
    assert.deepEqual(firedRules(report), ['class-imbalance', 'label-shift']);
  });

  it('honours "off" and options from an nndoctor.json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nndoctor-cb-'));
    try {
      copyFileSync(`${EXPERIMENTS}cb-imbalanced/train.csv`, join(dir, 'train.csv'));
      writeFileSync(join(dir, 'nndoctor.json'), JSON.stringify({ rules: { 'class-imbalance': 'off' } }));
      assert.equal((await runChecks(['class-balance'], { dir })).report.status, 'pass');
      writeFileSync(join(dir, 'nndoctor.json'), JSON.stringify({ rules: { 'class-imbalance': ['warn', { maxRatio: 25 }] } }));
      assert.equal((await runChecks(['class-balance'], { dir })).report.status, 'pass');
      writeFileSync(join(dir, 'nndoctor.json'), JSON.stringify({ rules: { 'class-imbalance': ['warn', { maxRatio: 20 }] } }));
      const report = (await runChecks(['class-balance'], { dir })).report;
      assert.equal(report.status, 'warn');
      assert.equal(report.experiments[0]!.checks[0]!.findings[0]!.severity, 'warn');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
