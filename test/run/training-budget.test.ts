/** check's quick mode bounds each training check's time: past its budget the check stops, skipped with the reason. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExperimentContext } from '../../src/run/context.js';
import { QuickBudgetExceeded } from '../../src/errors.js';
import type { ExperimentInputs } from '../../src/load/experiment-folder.js';

const context = (quick: boolean): ExperimentContext =>
  new ExperimentContext({ path: 'x', config: {} } as unknown as ExperimentInputs, { seed: 1, training: {}, checkOptions: { quick } }, {});

function busy(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) { /* a slow training step */ }
}

describe('trainingBudget', () => {
  it('stops a quick-mode check that trains past its budget, naming the command for the full check', () => {
    const budget = context(true).trainingBudget('overfit-one', 0.05);
    budget();
    busy(80);
    assert.throws(budget, (error: unknown) => error instanceof QuickBudgetExceeded && /overfit-one trained for more than 0\.05 s .* run `nndoctor overfit-one` for the full check/.test(error.reason));
  });

  it('never stops the commands that run one check in full', () => {
    const budget = context(false).trainingBudget('overfit-one', 0.05);
    busy(80);
    assert.doesNotThrow(budget);
  });
});
