/**
 * End to end: an experiment whose CSV holds pandas ≥ 2 booleans (True/False) in a feature column and in its
 * multi-label target columns checks exactly like the same experiment written with 1/0. Built in a temp dir from
 * lc-clean-multilabel: its targets rewritten as True/False and a True/False feature column added, which the model
 * takes through a zero kernel row, so the saved model's predictions are unchanged.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ROOT, runCli } from '../helpers/cli.js';
import type { Report } from '../../src/report/types.js';

const SOURCE = join(ROOT, 'fixtures/experiments/lc-clean-multilabel');
let dir = '';

/** Writes the fixture with True/False targets (a few in other cases) and a True/False feature `member` after x4. */
function buildBooleanCopy(target: string): void {
  const [header, ...rows] = readFileSync(join(SOURCE, 'train.csv'), 'utf8').trim().split('\n');
  const names = header!.split(',');
  const features = names.indexOf('y0');
  const truth = (cell: string, r: number): string => {
    const text = cell === '1' ? 'True' : cell === '0' ? 'False' : assert.fail(`unexpected target ${cell}`);
    return r % 50 === 0 ? text.toUpperCase() : r % 70 === 0 ? text.toLowerCase() : text;
  };
  const lines = [[...names.slice(0, features), 'member', ...names.slice(features)].join(',')];
  rows.forEach((row, r) => {
    const cells = row.split(',');
    lines.push([...cells.slice(0, features), r % 3 === 0 ? 'True' : 'False', ...cells.slice(features).map((c) => truth(c, r))].join(','));
  });
  writeFileSync(join(target, 'train.csv'), lines.join('\n') + '\n');
  copyFileSync(join(SOURCE, 'nndoctor.json'), join(target, 'nndoctor.json'));

  const model = JSON.parse(readFileSync(join(SOURCE, 'model.json'), 'utf8')) as {
    modelTopology: { config: { layers: Array<{ config: { batch_input_shape?: number[] } }> } };
    weightsManifest: Array<{ weights: Array<{ name: string; shape: number[] }> }>;
  };
  const first = model.modelTopology.config.layers[0]!.config;
  assert.deepEqual(first.batch_input_shape, [null, features]);
  first.batch_input_shape = [null as unknown as number, features + 1];
  const kernel = model.weightsManifest[0]!.weights[0]!;
  assert.equal(kernel.name, 'dense_1/kernel');
  const units = kernel.shape[1]!;
  kernel.shape = [features + 1, units];
  writeFileSync(join(target, 'model.json'), JSON.stringify(model));
  // The kernel is stored first, row-major [inputs, units]: the new input's row of zeros goes right after it.
  const weights = readFileSync(join(SOURCE, 'group1-shard1of1.bin'));
  const at = features * units * 4;
  writeFileSync(join(target, 'group1-shard1of1.bin'), Buffer.concat([weights.subarray(0, at), Buffer.alloc(units * 4), weights.subarray(at)]));
}

function check(folder: string): { code: number; report: Report; stderr: string } {
  const { code, stdout, stderr } = runCli(['check', folder, '--format', 'json']);
  return { code, report: JSON.parse(stdout) as Report, stderr };
}

function checkData(report: Report, name: string): Record<string, unknown> {
  const found = report.experiments[0]!.checks.find((c) => c.check === name);
  assert.ok(found, `no ${name} check`);
  return found.data as Record<string, unknown>;
}

/** A check's data with the file paths (which differ between the two folders) left out. */
function withoutFiles(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (key, v: unknown) => (key === 'file' ? undefined : v)));
}

describe('check on True/False feature and target columns', () => {
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'nndoctor-bool-'));
    buildBooleanCopy(dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('passes every check, with the label counts and predictions of the 1/0 original', () => {
    const bool = check(dir);
    const plain = check(SOURCE);
    assert.equal(plain.code, 0, plain.stderr);
    assert.equal(bool.code, 0, bool.stderr);
    const experiment = bool.report.experiments[0]!;
    assert.equal(experiment.status, 'pass');
    for (const c of experiment.checks) {
      assert.equal(c.status, 'pass', `${c.check}: ${JSON.stringify(c.findings)}`);
      assert.deepEqual(c.findings, [], c.check);
    }
    const labels = withoutFiles(checkData(bool.report, 'class-balance')) as { train: { classes: Array<{ label: string; count: number }> } };
    assert.deepEqual(labels, withoutFiles(checkData(plain.report, 'class-balance')));
    assert.ok(labels.train.classes.every((c) => c.count > 0), 'every target column has positives');
    assert.deepEqual(withoutFiles(checkData(bool.report, 'prediction')), withoutFiles(checkData(plain.report, 'prediction')));
  });
});
