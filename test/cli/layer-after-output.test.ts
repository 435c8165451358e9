/** A layer without units after the softmax (BatchNormalization): every check runs on the model's real output width. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli } from '../helpers/cli.js';
import type { Report } from '../../src/report/types.js';

describe('check on a model with BatchNormalization after its softmax', () => {
  it('runs every check without error and blames layer-after-output, not the loss or the activation', () => {
    const run = runCli(['check', 'fixtures/experiments/lc-batchnorm-after-softmax', '--format', 'json']);
    assert.equal(run.code, 1, run.stderr);
    const report = JSON.parse(run.stdout) as Report;
    const checks = report.experiments[0]!.checks;
    assert.deepEqual(checks.filter((c) => c.status === 'error').map((c) => `${c.check}: ${JSON.stringify(c.error)}`), []);
    const rules = new Set(checks.flatMap((c) => c.findings.map((f) => f.rule)));
    assert.ok(rules.has('layer-after-output'), [...rules].join(', '));
    assert.ok(!rules.has('loss-activation-mismatch'), [...rules].join(', '));
  });
});
