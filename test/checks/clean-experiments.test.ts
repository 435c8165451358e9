/**
 * The quality bar: every clean, well-built experiment must pass `check` (all checks, quick mode) without a failure,
 * and without a warning unless the warning is listed here with its reason.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkExperiments } from '../../src/index.js';
import { EXPERIMENTS, firedRules } from '../helpers/experiments.js';
import { ROOT } from '../helpers/cli.js';

/** Clean experiments and the warnings they may raise (none, unless a real, documented observation). */
const CLEAN: Record<string, string[]> = {
  [`${ROOT}examples/healthy-iris`]: [],
  [`${EXPERIMENTS}lc-clean-iris`]: [],
  [`${EXPERIMENTS}lc-clean-digits`]: [],
  [`${EXPERIMENTS}lc-clean-regression`]: [],
  [`${EXPERIMENTS}lc-clean-multilabel`]: [],
  [`${EXPERIMENTS}of-digits-cnn`]: [],
  [`${EXPERIMENTS}pr-healthy-iris`]: [],
  [`${EXPERIMENTS}pr-healthy-tanh`]: [],
  [`${EXPERIMENTS}clean-batchnorm-iris`]: [],
  [`${EXPERIMENTS}clean-batchnorm-raw-pixels`]: [],
  [`${EXPERIMENTS}clean-hinge-signed-labels`]: [],
  [`${EXPERIMENTS}clean-label-smoothing`]: [],
  // Raw 0–16 pixels make the untrained model's loss 4× −ln(1/10): a true observation, and a warning only.
  [`${EXPERIMENTS}clean-raw-digits`]: ['loss-at-init'],
};

describe('check on clean experiments', () => {
  it('never fails and warns only where listed', async () => {
    const report = await checkExperiments(Object.keys(CLEAN), { jobs: 1, seed: 42 });
    for (const experiment of report.experiments) {
      const single = { ...report, experiments: [experiment] };
      const allowed = CLEAN[experiment.path] ?? [];
      assert.notEqual(experiment.status, 'fail', `${experiment.path} failed: ${firedRules(single).join(', ')}`);
      assert.notEqual(experiment.status, 'error', `${experiment.path} could not run: ${JSON.stringify(experiment.checks.find((c) => c.error)?.error)}`);
      assert.deepEqual(firedRules(single), allowed, `${experiment.path} raised unexpected findings`);
      assert.ok(experiment.checks.some((c) => c.check === 'prediction' && c.status === 'pass'), `${experiment.path}: the prediction check must run and pass`);
    }
  });
});
