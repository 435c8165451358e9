import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startEngine } from '../../src/load/backend.js';
import { firedRules, runOn, withoutTimings } from '../helpers/experiments.js';
import { partialMatch } from '../helpers/rule-tester.js';
import type { CheckResult } from '../../src/report/types.js';

/** Each fixture is built by scripts/fixtures/prediction.ts, which verifies the fault is really there. */
const EXPECTED: Record<string, string[]> = {
  'pr-healthy-iris': [],
  'pr-healthy-tanh': [],
  'pr-imbalanced': ['prediction-collapse'],
  'pr-dead-relu': ['dead-units', 'prediction-collapse'],
  // Saturated units leave the model 18 % accurate, answering 4 of the 10 digits for 86 % of the rows: a collapse too.
  'pr-saturated': ['prediction-collapse', 'saturated-activations'],
  'pr-shuffled-labels': ['input-independent'],
  'pr-test-unscaled': ['prediction-collapse'],
};

async function tensorsNow(): Promise<number> {
  return (await startEngine()).tf.memory().numTensors;
}

function predictionCheck(report: Awaited<ReturnType<typeof runOn>>): CheckResult {
  return report.experiments[0]!.checks.find((c) => c.check === 'prediction')!;
}

describe('check prediction on fixtures', () => {
  for (const [name, rules] of Object.entries(EXPECTED)) {
    it(`${name} fires ${rules.length === 0 ? 'nothing' : rules.join(', ')}`, async () => {
      const before = await tensorsNow();
      const report = await runOn(['prediction'], name, { checkOptions: { quick: true } });
      assert.equal(await tensorsNow(), before, 'tensors leaked');
      assert.deepEqual(firedRules(report), rules);
      if (rules.length === 0) assert.equal(predictionCheck(report).status, 'pass');
    });
  }

  it('puts the confusion matrix and the predicted-class histogram in data', async () => {
    const report = await runOn(['prediction'], 'pr-dead-relu', { checkOptions: { quick: true } });
    const check = predictionCheck(report);
    partialMatch(check.data, { classes: ['0', '1', '2'], decision: 'argmax', output: { units: 3, activation: 'softmax' } });
    const split = (check.data as { splits: Array<{ predicted: number[]; labels: number[]; confusion: number[][]; rows: number }> }).splits[0]!;
    assert.deepEqual(split.labels, [50, 50, 50]);
    assert.equal(Math.max(...split.predicted), 150, 'one class takes every row');
    const collapsed = split.predicted.indexOf(150);
    assert.deepEqual(split.confusion.map((row) => row[collapsed]), [50, 50, 50]);
    const dead = check.findings.find((f) => f.rule === 'dead-units')!;
    partialMatch(dead.data, { units: 16, dead: 16, allDead: true });
  });

  it('reports a collapse that happens only on the test rows', async () => {
    const report = await runOn(['prediction'], 'pr-test-unscaled', { checkOptions: { quick: true } });
    const finding = predictionCheck(report).findings[0]!;
    assert.match(finding.message, /test rows.*while on the training rows it is/);
    assert.match(finding.hint ?? '', /preprocess the test data/);
  });

  it('learns clearly more from the real inputs than from zeros on a healthy model', async () => {
    const report = await runOn(['prediction'], 'pr-healthy-tanh', { checkOptions: { quick: true }, ruleOptions: { 'input-independent': { minImprovement: 0.5 } } });
    assert.deepEqual(firedRules(report), []);
  });

  it('gives the same report twice with the same seed', async () => {
    const a = await runOn(['prediction'], 'pr-shuffled-labels', { seed: 7, checkOptions: { quick: true } });
    const b = await runOn(['prediction'], 'pr-shuffled-labels', { seed: 7, checkOptions: { quick: true } });
    assert.deepEqual(withoutTimings(a), withoutTimings(b));
  });
});
