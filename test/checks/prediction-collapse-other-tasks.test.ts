/**
 * prediction-collapse beyond classes, end to end through the built binary: a multi-label model and a regression
 * model whose output is (nearly) the same for every row fail, and their healthy twins pass without a finding.
 * The twins share data and hidden layer; only the output layer's kernel and bias differ.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startEngine, type Tf } from '../../src/load/backend.js';
import { saveLayersModel, writeCsv } from '../../scripts/fixtures/save-model.js';
import { makeRng } from '../../scripts/fixtures/rng.js';
import { runCli } from '../helpers/cli.js';
import { predictionRenderer } from '../../src/report/formatters/prediction-text.js';
import type { CheckResult, Finding, Report } from '../../src/report/types.js';

const FEATURES = 6;
const NAMES = Array.from({ length: FEATURES }, (_, j) => `x${j}`);
const TRAIN_ROWS = 200;
const TEST_ROWS = 60;

let root: string;
let tf: Tf;

function features(seed: string, rows: number): number[][] {
  const rng = makeRng(seed);
  return Array.from({ length: rows }, () => Array.from({ length: FEATURES }, () => rng.normal()));
}

/**
 * Hidden units 2j and 2j+1 are relu(x_j) and relu(−x_j), so the output layer can rebuild x_j exactly:
 * a model that sees its inputs without any training.
 */
function hiddenWeights(): { kernel: number[][]; bias: number[] } {
  const kernel = Array.from({ length: FEATURES }, () => new Array<number>(2 * FEATURES).fill(0));
  for (let j = 0; j < FEATURES; j++) {
    kernel[j]![2 * j] = 1;
    kernel[j]![2 * j + 1] = -1;
  }
  return { kernel, bias: new Array<number>(2 * FEATURES).fill(0) };
}

/** Output unit k reads x_{sources[k]} (as relu(x) − relu(−x)) times `gain[k]`, plus `bias[k]`. */
async function saveModel(dir: string, activation: 'sigmoid' | 'linear', sources: number[][], gain: number, bias: number[], loss: string): Promise<void> {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [FEATURES], units: 2 * FEATURES, activation: 'relu' }),
      tf.layers.dense({ units: bias.length, activation }),
    ],
  });
  const hidden = hiddenWeights();
  const outKernel = Array.from({ length: 2 * FEATURES }, () => new Array<number>(bias.length).fill(0));
  sources.forEach((weights, k) => weights.forEach((w, j) => {
    outKernel[2 * j]![k] = w * gain;
    outKernel[2 * j + 1]![k] = -w * gain;
  }));
  model.layers[0]!.setWeights([tf.tensor2d(hidden.kernel), tf.tensor1d(hidden.bias)]);
  model.layers[1]!.setWeights([tf.tensor2d(outKernel), tf.tensor1d(bias)]);
  // The engine's namespace and the script's `typeof import('@tensorflow/tfjs')` are the same module, typed apart.
  await saveLayersModel(tf as unknown as Parameters<typeof saveLayersModel>[0], model, dir, { trainingConfig: { loss, optimizer_config: { class_name: 'Adam', config: { learning_rate: 0.01 } } } });
  model.dispose();
}

/** Labels: y_k = 1 when x_k > 0 (k = 0, 1, 2; about half the rows each); the other features are noise. */
async function multiLabel(name: string, collapsed: boolean): Promise<string> {
  const dir = join(root, name);
  const sources = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
  // Healthy: sigmoid(8·x_k), right on every row. Collapsed: the output bias at −12 swamps the inputs (a22).
  await saveModel(dir, 'sigmoid', sources, collapsed ? 0.01 : 8, collapsed ? [-12, -12, -12] : [0, 0, 0], 'binary_crossentropy');
  const header = [...NAMES, 'y0', 'y1', 'y2'];
  const rows = (x: number[][]): number[][] => x.map((r) => [...r, ...sources.map((_, k) => (r[k]! > 0 ? 1 : 0))]);
  writeFileSync(join(dir, 'nndoctor.json'), JSON.stringify({ label: 'y0,y1,y2' }));
  writeCsv(join(dir, 'train.csv'), header, rows(features('ml-train', TRAIN_ROWS)));
  writeCsv(join(dir, 'test.csv'), header, rows(features('ml-test', TEST_ROWS)));
  return dir;
}

/** Target: y = x0 + 0.5·x1 + noise of std 0.1 (std ≈ 1.1); the healthy model's MSE is the noise's 0.01. */
async function regression(name: string, collapsed: boolean): Promise<string> {
  const dir = join(root, name);
  const sources = [[1, 0.5]];
  // Healthy: exactly y. Collapsed: a kernel shrunk to 1e-4 and bias 0.53, "alive" but constant (a23b).
  await saveModel(dir, 'linear', sources, collapsed ? 1e-4 : 1, collapsed ? [0.53] : [0], 'mean_squared_error');
  const header = [...NAMES, 'y'];
  const noise = makeRng('reg-noise');
  const rows = (x: number[][]): number[][] => x.map((r) => [...r, r[0]! + 0.5 * r[1]! + 0.1 * noise.normal()]);
  writeCsv(join(dir, 'train.csv'), header, rows(features('reg-train', TRAIN_ROWS)));
  writeCsv(join(dir, 'test.csv'), header, rows(features('reg-test', TEST_ROWS)));
  return dir;
}

function check(dir: string): { code: number; report: Report; findings: Finding[]; stderr: string } {
  const result = runCli(['check', dir, '--format', 'json', '--jobs', '1']);
  const report = JSON.parse(result.stdout) as Report;
  const findings = report.experiments[0]!.checks.flatMap((c) => c.findings);
  return { code: result.code, report, findings, stderr: result.stderr };
}

describe('prediction-collapse on multi-label and regression models (built binary)', () => {
  const dirs: Record<string, string> = {};
  before(async () => {
    tf = (await startEngine('cpu')).tf;
    root = mkdtempSync(join(tmpdir(), 'nndoctor-collapse-'));
    dirs.mlCollapsed = await multiLabel('ml-collapsed', true);
    dirs.mlHealthy = await multiLabel('ml-healthy', false);
    dirs.regCollapsed = await regression('reg-collapsed', true);
    dirs.regHealthy = await regression('reg-healthy', false);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('fails a multi-label model that predicts no label for any row, and leads the verdict with it', () => {
    const { code, report, findings, stderr } = check(dirs.mlCollapsed!);
    assert.equal(code, 1, stderr);
    const collapse = findings.find((f) => f.rule === 'prediction-collapse');
    assert.ok(collapse, `fired: ${findings.map((f) => f.rule).join(', ')}`);
    assert.equal(collapse.severity, 'fail');
    assert.match(collapse.message, /^predicts no label as present for 100\.0% of the 200 train rows and 100\.0% of the 60 test rows, although \d+\.\d%–\d+\.\d% of the rows carry each label$/);
    assert.equal(report.experiments[0]!.diagnosis?.symptom, collapse.message);
    const prediction = report.experiments[0]!.checks.find((c) => c.check === 'prediction')!;
    const train = (prediction.data as { task: string; splits: Array<{ split: string; labels: Array<{ predictedShare: number; labelledShare: number }> }> });
    assert.equal(train.task, 'multi-label');
    assert.deepEqual(train.splits[0]!.labels.map((l) => l.predictedShare), [0, 0, 0]);
    assert.ok(train.splits[0]!.labels.every((l) => l.labelledShare > 0.4 && l.labelledShare < 0.6));
  });

  it('passes its healthy twin without a finding', () => {
    const { code, report, findings, stderr } = check(dirs.mlHealthy!);
    assert.deepEqual(findings.map((f) => `${f.rule}: ${f.message}`), []);
    assert.equal(code, 0, stderr);
    const prediction = report.experiments[0]!.checks.find((c) => c.check === 'prediction')!;
    const labels = (prediction.data as { splits: Array<{ labels: Array<{ predictedShare: number; labelledShare: number }> }> }).splits[0]!.labels;
    assert.deepEqual(labels.map((l) => l.predictedShare), labels.map((l) => l.labelledShare), 'sigmoid(8·x_k) is right on every row');
  });

  it('fails a regression model whose output barely moves, with the constant and the target spread', () => {
    const { code, findings, stderr } = check(dirs.regCollapsed!);
    assert.equal(code, 1, stderr);
    const collapse = findings.find((f) => f.rule === 'prediction-collapse');
    assert.ok(collapse, `fired: ${findings.map((f) => f.rule).join(', ')}`);
    assert.match(collapse.message, /^predicts nearly the same value \(0\.53 ± 0\.0001\d?\) for every one of the 200 train and 60 test rows, while the targets vary \(std 1\.\d+\)$/);
    assert.equal((collapse.data as { task: string }).task, 'regression');
  });

  it('passes its healthy twin without a finding, and gives the MSE in the text headline', () => {
    const { code, findings, stderr } = check(dirs.regHealthy!);
    assert.deepEqual(findings.map((f) => `${f.rule}: ${f.message}`), []);
    assert.equal(code, 0, stderr);
    const text = runCli(['check', dirs.regHealthy!, '--jobs', '1']);
    assert.match(text.stdout, /prediction {2}train MSE 0\.0\d+ \(target std 1\.\d+, 200 rows\), test MSE 0\.0\d+ \(target std [\d.]+, 60 rows\)/);
  });
});

describe('prediction text for multi-label and regression targets', () => {
  const result: CheckResult = { check: 'prediction', status: 'fail', durationMs: 1, findings: [], data: {} };
  it('headlines the predicted vs labelled share of multi-label rows, per split', () => {
    const labels = (pairs: Array<[number, number]>) => pairs.map(([labelledShare, predictedShare], i) => ({ column: `y${i}`, labelledShare, predictedShare, meanOutput: predictedShare }));
    const data = {
      task: 'multi-label', output: { units: 2, activation: 'sigmoid' }, layers: [],
      splits: [
        { split: 'train', file: 'train.csv', rows: 300, nonFiniteOutputs: 0, rowsNonePredicted: 300, rowsAllPredicted: 0, labels: labels([[0.3, 0], [0.36, 0]]) },
        { split: 'test', file: 'test.csv', rows: 100, nonFiniteOutputs: 0, rowsNonePredicted: 10, rowsAllPredicted: 0, labels: labels([[0.3, 0.32], [0.4, 0.4]]) },
      ],
    };
    assert.equal(predictionRenderer.headline(data, result), 'train: labels predicted present 0.0% vs 33.0% labelled (300 rows), test: labels predicted present 36.0% vs 35.0% labelled (100 rows)');
    const lines = predictionRenderer.lines!(data, result, false);
    assert.equal(lines[0], 'labels on train.csv (300 rows; 100.0% with no label predicted present):');
    assert.match(lines[2]!, /^ {2}y0 +·{20} +0\.0% +30\.0% {2}0$/);
  });

  it('headlines the MSE next to the target spread, and lists prediction vs target mean ± std', () => {
    const data = {
      task: 'regression', output: { units: 1, activation: 'linear' }, layers: [],
      splits: [{ split: 'train', file: 'train.csv', rows: 600, nonFiniteOutputs: 0, mse: 1.29704, targets: [{ column: 'y', targetMean: 0.0242218, targetStd: 1.02027, predictionMean: 0.53062, predictionStd: 0.000220703, mse: 1.29704 }] }],
    };
    assert.equal(predictionRenderer.headline(data, result), 'train MSE 1.3 (target std 1.02, 600 rows)');
    assert.deepEqual(predictionRenderer.lines!(data, result, false).slice(2), ['  y       0.531 ± 0.000221            0.0242 ± 1.02']);
  });
});
