import assert from 'node:assert/strict';
import { describe, it, before } from 'node:test';
import { firedRules, runOn, withoutTimings } from '../helpers/experiments.js';
import { partialMatch } from '../helpers/rule-tester.js';
import { startEngine } from '../../src/load/backend.js';
import type { CheckOptions } from '../../src/run/context.js';
import type { Json, Report } from '../../src/report/types.js';

type Obj = Record<string, Json>;

function overfitOn(name: string, checkOptions: CheckOptions = {}, seed = 42): Promise<Report> {
  return runOn(['overfit-one'], name, { seed, backend: 'cpu', checkOptions });
}

function checkData(report: Report): Obj {
  const check = report.experiments[0]!.checks[0]!;
  assert.equal(check.check, 'overfit-one');
  assert.notEqual(check.status, 'error', JSON.stringify(check.error));
  return check.data as Obj;
}

/** Fault fixtures and the exact set of rules each must fire; budgets are trimmed where the verdict stays the same. */
const FAULTS: Array<{ name: string; rules: string[]; options?: CheckOptions }> = [
  { name: 'of-zero-init', rules: ['overfit-one', 'vanishing-gradients'] },
  { name: 'of-lr-too-low', rules: ['loss-not-decreasing', 'overfit-one'], options: { maxSteps: 150, repeats: 2 } },
  { name: 'of-lr-too-high', rules: ['exploding-gradients', 'nan-loss', 'overfit-one'], options: { repeats: 2 } },
  { name: 'of-softmax-one-unit', rules: ['loss-at-init', 'loss-not-decreasing', 'overfit-one', 'vanishing-gradients'], options: { repeats: 2 } },
  { name: 'of-dead-relu', rules: ['overfit-one', 'vanishing-gradients'] },
  { name: 'of-sigmoid-deep', rules: ['vanishing-gradients'], options: { classesToFit: [0] } },
  { name: 'of-frozen', rules: ['overfit-one'], options: { repeats: 1 } },
];

describe('overfit-one check', () => {
  let tf: Awaited<ReturnType<typeof startEngine>>['tf'];
  before(async () => {
    tf = (await startEngine('cpu')).tf;
  });

  it('passes the healthy iris MLP from both starts, deterministically, without leaking tensors', async () => {
    const tensors = tf.memory().numTensors;
    const first = await overfitOn('of-iris-healthy', {}, 7);
    assert.equal(tf.memory().numTensors, tensors, 'overfit-one leaked tensors');
    assert.deepEqual(firedRules(first), []);
    assert.equal(first.status, 'pass');
    const data = checkData(first);
    partialMatch(data, { classes: 3, starts: ['saved', 'fresh'], fitted: 3, fittedPerStart: { saved: 3, fresh: 3 }, maxSteps: 400 });
    assert.ok(Math.abs(Number(data.initialLoss) - Math.log(3)) < 0.3, `loss at init ${data.initialLoss}`);
    const second = await overfitOn('of-iris-healthy', {}, 7);
    assert.deepEqual(withoutTimings(second), withoutTimings(first), 'same seed, different report');
  });

  it('passes the healthy digits CNN (64 columns reshaped to 8×8×1): all 10 classes from both starts', async () => {
    const report = await overfitOn('of-digits-cnn');
    assert.deepEqual(firedRules(report), []);
    partialMatch(checkData(report), { classes: 10, fittedPerStart: { saved: 10, fresh: 10 } });
  });

  for (const fault of FAULTS) {
    it(`${fault.name} fires ${fault.rules.join(', ')}`, async () => {
      const report = await overfitOn(fault.name, fault.options ?? {});
      assert.deepEqual(firedRules(report), fault.rules);
      assert.equal(report.status, 'fail');
    });
  }

  it('says that training damaged the saved weights when only a fresh init fits', async () => {
    const report = await overfitOn('of-dead-relu', { classesToFit: [1] });
    const finding = report.experiments[0]!.checks[0]!.findings.find((f) => f.rule === 'overfit-one')!;
    assert.match(finding.message, /class 1 was not learned from the saved weights.*only by biases.*from a fresh initialisation it was learned in \d+ steps/);
    assert.match(finding.hint ?? '', /training damaged the weights/);
    partialMatch(finding.data, { class: 1, cause: 'bias-only' });
  });

  it('fits only the classes asked for, from the start asked for', async () => {
    const report = await overfitOn('of-iris-healthy', { classesToFit: [2], start: 'fresh' });
    const data = checkData(report);
    assert.deepEqual((data.examples as Obj[]).map((e) => e.class), [2]);
    assert.deepEqual(data.starts, ['fresh']);
  });

  it('uses a shorter budget in check\'s quick mode and still fails the frozen model', async () => {
    const report = await overfitOn('of-frozen', { quick: true });
    partialMatch(checkData(report), { quick: true, maxSteps: 300, repeats: 2 });
    assert.deepEqual(firedRules(report), ['overfit-one']);
  });

  it('reports a class index the model does not have as an input error', async () => {
    const report = await overfitOn('of-iris-healthy', { classesToFit: [5] });
    const check = report.experiments[0]!.checks[0]!;
    assert.equal(check.status, 'error');
    assert.match(check.error!.message, /class 5 is not one of the model's classes 0…2/);
    assert.equal(check.error!.key, 'classesToFit');
  });
});
