/** A model with two inputs cannot be fed from one CSV row: every training and prediction check says so, the same way. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startEngine } from '../../src/load/backend.js';
import { saveLayersModel, writeCsv } from '../../scripts/fixtures/save-model.js';
import { runCli } from '../helpers/cli.js';
import type { Report } from '../../src/report/types.js';

describe('check on a two-input model', () => {
  let dir: string;
  before(async () => {
    const { tf } = await startEngine();
    dir = mkdtempSync(join(tmpdir(), 'nndoctor-two-inputs-'));
    const numbers = tf.input({ shape: [4] });
    const flags = tf.input({ shape: [2] });
    const merged = tf.layers.concatenate().apply([numbers, flags]) as never;
    const output = tf.layers.dense({ units: 2, activation: 'softmax' }).apply(merged) as never;
    await saveLayersModel(tf, tf.model({ inputs: [numbers, flags], outputs: output }), dir);
    const rows = Array.from({ length: 40 }, (_, r) => [...[0, 1, 2, 3].map((j) => ((r * 7 + j * 3) % 11) / 11), r % 2, (r >> 1) % 2, r % 2]);
    writeCsv(join(dir, 'train.csv'), ['a', 'b', 'c', 'd', 'f1', 'f2', 'label'], rows);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('marks overfit-one, learning-curve and prediction as unusable input with one reason (exit 2), and runs the data checks', () => {
    const run = runCli(['check', dir, '--format', 'json']);
    assert.equal(run.code, 2, run.stderr);
    const checks = (JSON.parse(run.stdout) as Report).experiments[0]!.checks;
    const errors = checks.filter((c) => c.status === 'error');
    assert.deepEqual(errors.map((c) => c.check).sort(), ['learning-curve', 'overfit-one', 'prediction']);
    for (const c of errors) assert.match(c.error!.message, /the model has 2 inputs; one CSV row can only feed a single-input model/, c.check);
    assert.equal(checks.find((c) => c.check === 'class-balance')!.status, 'pass');
  });
});
