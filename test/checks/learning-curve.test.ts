import assert from 'node:assert/strict';
import { describe, it, before } from 'node:test';
import { EXPERIMENTS, firedRules, runOn, withoutTimings } from '../helpers/experiments.js';
import { runChecks } from '../../src/index.js';
import { startEngine } from '../../src/load/backend.js';
import type { CheckOptions } from '../../src/run/context.js';
import type { CommandOptions } from '../../src/index.js';
import type { Json, Report } from '../../src/report/types.js';

type Obj = Record<string, Json>;

/** Small curves keep CI fast: few sizes, one seed, a 10-epoch budget (≥ 400 steps per size still). */
function curveOn(name: string, checkOptions: CheckOptions, extra: CommandOptions = {}): Promise<Report> {
  return runOn(['learning-curve'], name, { seed: 42, checkOptions, training: { epochs: 10 }, ...extra });
}

function curveData(report: Report): Obj {
  const check = report.experiments[0]!.checks.find((c) => c.check === 'learning-curve')!;
  assert.notEqual(check.status, 'error', JSON.stringify(check.error));
  return check.data as Obj;
}

function points(report: Report): Obj[] {
  return (curveData(report).points as Obj[]);
}

const mean = (value: Json | undefined): number => Number((value as Obj).mean);

describe('learning-curve check', () => {
  let tf: Awaited<ReturnType<typeof startEngine>>['tf'];
  before(async () => {
    tf = (await startEngine()).tf;
  });

  it('passes a healthy digits MLP: tiny sets fitted, train and test error meet, no tensor leaked', async () => {
    const tensors = tf.memory().numTensors;
    const report = await curveOn('lcv-healthy', { sizes: [1, 3, 0.5, 1346], repeats: 1 });
    assert.equal(tf.memory().numTensors, tensors, 'learning-curve leaked tensors');
    assert.deepEqual(firedRules(report), []);
    assert.equal(report.status, 'pass');
    const p = points(report);
    assert.deepEqual(p.map((x) => x.size), [1, 3, 673, 1346]);
    assert.equal(mean(p[0]!.trainError), 0);
    assert.equal(mean(p[1]!.trainError), 0);
    const last = p[p.length - 1]!;
    assert.ok(mean(last.trainError) < 0.1, `train error ${mean(last.trainError)}`);
    assert.ok(mean(last.testError) - mean(last.trainError) < 0.1, 'train and test error should be close at full size');
    assert.ok(mean(p[0]!.testError) > mean(last.testError) + 0.5, 'test error must fall as rows are added');
    assert.equal(curveData(report).testFrom, 'test-file');
  });

  it('flags high bias (only) on a 2-unit bottleneck, with a capacity estimate', async () => {
    const report = await curveOn('lcv-high-bias', { sizes: [1, 3, 8, 1346], repeats: 1 });
    assert.deepEqual(firedRules(report), ['high-bias']);
    assert.equal(report.status, 'warn');
    const capacity = curveData(report).capacity as Obj;
    assert.ok(typeof capacity.size === 'number' && capacity.size <= 1346 && capacity.size > 3, `capacity ${JSON.stringify(capacity)}`);
  });

  it('flags high variance (only) on a wide MLP trained on 60 rows', async () => {
    const report = await curveOn('lcv-high-variance', { sizes: [1, 3, 30, 60], repeats: 1 });
    assert.deepEqual(firedRules(report), ['high-variance']);
    const finding = report.experiments[0]!.checks[0]!.findings[0]!;
    assert.ok(Number((finding.data as Obj).gap) > 0.1);
  });

  it('fails cannot-fit-tiny when the learning rate in nndoctor.json is far too high', async () => {
    const report = await curveOn('lcv-cannot-fit', { sizes: [1, 2, 3, 300], repeats: 1 });
    assert.deepEqual(firedRules(report), ['cannot-fit-tiny']);
    assert.equal(report.status, 'fail');
    const finding = report.experiments[0]!.checks[0]!.findings[0]!;
    assert.match(finding.hint ?? '', /sgd, learning rate 1000/);
  });

  it('holds out a seeded stratified 20 % when there is no test file, and is deterministic for a seed', async () => {
    const folder = `${EXPERIMENTS}lcv-high-variance/`;
    const run = async (): Promise<Report> => {
      const outcome = await runChecks(['learning-curve'], { model: `${folder}model.json`, data: `${folder}train.csv`, seed: 7, checkOptions: { sizes: [1, 10, 48], repeats: 2 }, training: { epochs: 5 } });
      return outcome.report;
    };
    const [a, b] = [await run(), await run()];
    assert.deepEqual(withoutTimings(a), withoutTimings(b));
    const data = curveData(a);
    assert.equal(data.testFrom, 'holdout');
    // 6 rows per class: round(0.2 × 6) = 1 held out of each of the 10 classes.
    assert.equal(data.testRows, 10);
    assert.equal(data.poolRows, 50);
    assert.equal(data.repeats, 2);
  });

  it('runs a quick mode for `check`: the tiny sets only, one seed', async () => {
    const report = await runOn(['learning-curve'], 'lcv-healthy', { seed: 42, checkOptions: { quick: true } });
    const data = curveData(report);
    assert.deepEqual(points(report).map((x) => x.size), [1, 3]);
    assert.equal(data.repeats, 1);
    assert.equal(data.quick, true);
    assert.deepEqual(firedRules(report), []);
  });

  it('reports a size beyond the training set as an input error', async () => {
    const report = await curveOn('lcv-high-variance', { sizes: [1, 5000] });
    const check = report.experiments[0]!.checks[0]!;
    assert.equal(check.status, 'error');
    assert.match(check.error!.message, /size 5000 exceeds the 60 training rows/);
    assert.equal(check.error!.key, 'sizes');
  });
});
