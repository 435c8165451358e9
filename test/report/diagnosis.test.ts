import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnose, withDiagnoses } from '../../src/report/diagnosis.js';
import type { CheckId, ExperimentResult, Finding } from '../../src/report/types.js';
import { formatText } from '../../src/report/formatters/text.js';
import { formatMarkdown } from '../../src/report/formatters/markdown.js';
import type { Report } from '../../src/report/types.js';

function experiment(findings: Array<[CheckId, Finding]>): ExperimentResult {
  const checks = [...new Set(findings.map(([c]) => c))].map((check) => {
    const own = findings.filter(([c]) => c === check).map(([, f]) => f);
    return { check, status: own.some((f) => f.severity === 'fail') ? 'fail' as const : 'warn' as const, durationMs: 1, findings: own, data: {} };
  });
  return { path: 'runs/a', status: 'fail', settings: {}, checks };
}

const collapse = (data: Finding['data'] = { class: '0', classIndex: 0, splits: [{ split: 'train' }] }): [CheckId, Finding] =>
  ['prediction', { rule: 'prediction-collapse', severity: 'fail', message: 'always predicts class 0 for 100.0% of the 150 train rows', data }];
const imbalance: [CheckId, Finding] = ['class-balance', { rule: 'class-imbalance', severity: 'fail', message: 'class 0 has 33× the rows of class 1', hint: 'weight the loss', data: { majority: { label: '0' } } }];
const lrHigh: [CheckId, Finding] = ['lint-config', { rule: 'learning-rate-too-high', severity: 'fail', message: 'learning rate 1 is 100× the usual', hint: 'use 0.01' }];
const dead: [CheckId, Finding] = ['prediction', { rule: 'dead-units', severity: 'fail', message: 'all 16 units of dense_1 are dead', hint: 'lower the learning rate' }];
const softmaxOne: [CheckId, Finding] = ['lint-config', { rule: 'softmax-single-unit', severity: 'fail', message: 'softmax on 1 unit', hint: 'use sigmoid' }];
const mismatch: [CheckId, Finding] = ['lint-data', { rule: 'preprocessing-mismatch', severity: 'warn', message: 'test is scaled differently', hint: 'scale test like train' }];

describe('diagnose', () => {
  it('gives no diagnosis when the model does not collapse', () => {
    assert.equal(diagnose(experiment([imbalance, lrHigh])), undefined);
  });

  it('ranks dead units above the learning rate that killed them, and uses the top hint as the fix', () => {
    const d = diagnose(experiment([lrHigh, collapse(), dead]))!;
    assert.equal(d.symptom, 'always predicts class 0 for 100.0% of the 150 train rows');
    assert.deepEqual(d.causes.map((c) => c.rule), ['dead-units', 'learning-rate-too-high']);
    assert.equal(d.fix, 'lower the learning rate');
    assert.match(d.causes[0]!.because, /outputs zeros for every row/);
  });

  it('puts a softmax over one unit first, whatever else fired', () => {
    const d = diagnose(experiment([imbalance, lrHigh, softmaxOne, collapse()]))!;
    assert.equal(d.causes[0]!.rule, 'softmax-single-unit');
  });

  it('prefers imbalance whose majority is the collapsed class', () => {
    const d = diagnose(experiment([lrHigh, imbalance, collapse()]))!;
    assert.deepEqual(d.causes.map((c) => c.rule), ['class-imbalance', 'learning-rate-too-high']);
  });

  it('ranks imbalance below a setup fault when the model cannot even fit single examples', () => {
    const overfit: [CheckId, Finding] = ['overfit-one', { rule: 'overfit-one', severity: 'fail', message: 'class 1 was not learned', hint: 'lower the learning rate' }];
    const d = diagnose(experiment([imbalance, lrHigh, overfit, collapse()]))!;
    assert.deepEqual(d.causes.map((c) => c.rule).slice(0, 2), ['learning-rate-too-high', 'class-imbalance']);
  });

  it('puts real-valued inputs truncated by an int32 input first', () => {
    const dtype: [CheckId, Finding] = ['lint-config', { rule: 'input-dtype', severity: 'fail', message: '6 of 6 feature columns are truncated to integers', hint: 'declare the input float32' }];
    const vanishing: [CheckId, Finding] = ['overfit-one', { rule: 'vanishing-gradients', severity: 'fail', message: 'gradients are exactly zero', hint: 'dead ReLU units' }];
    const d = diagnose(experiment([vanishing, dtype, collapse()]))!;
    assert.equal(d.causes[0]!.rule, 'input-dtype');
  });

  it('ranks a fault inside the model below label-shift when only the test rows collapse', () => {
    const testOnly = collapse({ class: '2', splits: [{ split: 'test' }] });
    const shift: [CheckId, Finding] = ['class-balance', { rule: 'label-shift', severity: 'warn', message: 'test targets sit on another scale', hint: 'same units' }];
    const d = diagnose(experiment([dead, shift, testOnly]))!;
    assert.deepEqual(d.causes.map((c) => c.rule), ['label-shift', 'dead-units']);
  });

  it('puts preprocessing-mismatch first when only the test rows collapse', () => {
    const testOnly = collapse({ class: '2', splits: [{ split: 'test' }] });
    const d = diagnose(experiment([lrHigh, mismatch, testOnly]))!;
    assert.equal(d.causes[0]!.rule, 'preprocessing-mismatch');
  });

  it('ranks input-independent (a symptom) below a rule that explains how the input is lost, and first when alone', () => {
    const inputIndependent: [CheckId, Finding] = ['prediction', { rule: 'input-independent', severity: 'fail', message: 'zeroed inputs do as well', hint: 'check that labels are aligned' }];
    const vanishing: [CheckId, Finding] = ['overfit-one', { rule: 'vanishing-gradients', severity: 'fail', message: 'gradient of s1 is 3e-7× that of out', hint: 'use ReLU' }];
    const explained = diagnose(experiment([inputIndependent, vanishing, collapse()]))!;
    assert.deepEqual(explained.causes.map((c) => c.rule), ['vanishing-gradients', 'input-independent']);
    assert.equal(explained.fix, 'use ReLU');
    const alone = diagnose(experiment([inputIndependent, collapse(), mismatch]))!;
    assert.equal(alone.causes[0]!.rule, 'input-independent');
  });

  it('ranks nan-loss below the loss/output mismatch that causes it', () => {
    const nanLoss: [CheckId, Finding] = ['overfit-one', { rule: 'nan-loss', severity: 'fail', message: 'NaN at step 0', hint: 'lower the learning rate' }];
    const mismatchLoss: [CheckId, Finding] = ['lint-config', { rule: 'loss-activation-mismatch', severity: 'fail', message: 'relu output under cross-entropy', hint: 'use softmax' }];
    const d = diagnose(experiment([nanLoss, mismatchLoss, collapse()]))!;
    assert.equal(d.causes[0]!.rule, 'loss-activation-mismatch');
    assert.equal(d.fix, 'use softmax');
  });

  it('says what to run next when no other rule found a cause', () => {
    const d = diagnose(experiment([collapse()]))!;
    assert.deepEqual(d.causes, []);
    assert.match(d.fix, /overfit-one/);
  });

  it('lists each rule once and keeps the input unchanged (pure)', () => {
    const input = experiment([collapse(), dead, dead]);
    const before = JSON.stringify(input);
    const [out] = withDiagnoses([input]);
    assert.equal(JSON.stringify(input), before);
    assert.deepEqual(out!.diagnosis!.causes.map((c) => c.rule), ['dead-units']);
  });

  it('is rendered first under the experiment in text and markdown', () => {
    const [e] = withDiagnoses([experiment([lrHigh, collapse(), dead])]);
    const report: Report = {
      schemaVersion: 1, tool: { name: 'nndoctor', version: '0' }, backend: 'wasm', seed: 42, status: 'fail', warnings: [],
      experiments: [e!], summary: { pass: 0, warn: 0, fail: 2, error: 0 },
    };
    const text = formatText(report, { color: false, verbose: false }).split('\n');
    assert.match(text[0]!, /^runs\/a {2}✗ fail/);
    assert.match(text[1]!, /symptom {2}always predicts class 0/);
    assert.match(text[2]!, /cause {4}dead-units: all 16 units/);
    assert.ok(text.some((l) => /fix {6}lower the learning rate/.test(l)));
    const markdown = formatMarkdown(report, { color: false, verbose: false });
    assert.match(markdown, /> \*\*Symptom:\*\* always predicts class 0[\s\S]*> \*\*Likely cause:\*\* `dead-units`/);
  });
});
