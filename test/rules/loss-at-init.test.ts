import { testRule } from '../helpers/rule-tester.js';
import { lossAtInit } from '../../src/rules/loss-at-init.js';
import { makeOverfitRun, makeOverfitRuns } from '../helpers/overfit-builders.js';

const ln3 = Math.log(3);
const runs = [0, 1, 2].map((c) => makeOverfitRun({ class: c, start: 'fresh', losses: [1.1, 0.5], fittedAtStep: 1 }));
const measured = (losses: Array<number | null>, rows = 256) => makeOverfitRuns(runs, { initialLoss: { rows, seeds: losses.map((_, i) => 42 + 1000 * i), losses } });

testRule(lossAtInit, {
  valid: [
    { name: 'an initial loss near ln 3', artifacts: measured([1.0, 1.2, 1.1]) },
    { name: 'a median exactly 2.5 × ln 3', artifacts: measured([2.5 * ln3, 2.5 * ln3, 2.5 * ln3]), onThreshold: true },
    { name: 'one unlucky seed among healthy ones (the median is judged)', artifacts: measured([3.2, 1.2, 1.0]) },
    { name: 'no fresh initialisation was measured (saved weights only)', artifacts: measured([]) },
    { name: 'mostly non-finite losses (nan-loss reports those)', artifacts: measured([null, null, 9]) },
    { name: 'regression', artifacts: makeOverfitRuns(runs, { classes: null, loss: 'meanSquaredError', encoding: 'regression', initialLoss: { rows: 10, seeds: [42], losses: [9] } }) },
    { name: 'nothing measured', artifacts: makeOverfitRuns(runs, { initialLoss: null }) },
    {
      name: 'a fine-tuned model with frozen pretrained layers (only the head is fresh)',
      artifacts: makeOverfitRuns(runs.map((r) => ({ ...r, frozenParameters: 120 })), { initialLoss: { rows: 105, seeds: [42, 1042, 2042], losses: [3.2, 0.9, 3.3] } }),
    },
  ],
  invalid: [
    {
      name: 'a confidently wrong initialisation (unscaled inputs)',
      artifacts: measured([3.3, 2.9, 3.5], 150),
      issues: [{ message: /loss at a fresh initialisation is 3\.3, 3× −ln\(1\/3\) = 1\.1 \(median of 3 initialisations, each over 150 training rows\)/, hint: /standardise the inputs/, data: { initialLoss: 3.3, expected: 1.099, classes: 3, rows: 150, perSeed: [3.3, 2.9, 3.5] } }],
    },
    {
      name: 'binary cross-entropy against ln 2',
      artifacts: makeOverfitRuns(runs, { classes: 2, loss: 'binaryCrossentropy', encoding: 'binary', outputUnits: 1, initialLoss: { rows: 100, seeds: [42, 1042, 2042], losses: [8, 8, 8] } }),
      issues: [{ message: /−ln\(1\/2\) = 0\.693/, data: { expected: 0.6931 } }],
    },
  ],
});
