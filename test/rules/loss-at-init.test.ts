import { testRule } from '../helpers/rule-tester.js';
import { lossAtInit } from '../../src/rules/loss-at-init.js';
import { makeOverfitRun, makeOverfitRuns } from '../helpers/overfit-builders.js';

const ln3 = Math.log(3);
const starting = (losses: number[], start: 'saved' | 'fresh' = 'fresh') => losses.map((l, c) => makeOverfitRun({ class: c, start, losses: [l, l * 0.5], fittedAtStep: 1 }));

testRule(lossAtInit, {
  valid: [
    { name: 'an initial loss near ln 3', artifacts: makeOverfitRuns(starting([1.0, 1.2, 1.1])) },
    { name: 'an initial loss exactly 2 × ln 3', artifacts: makeOverfitRuns(starting([2 * ln3, 2 * ln3, 2 * ln3])), onThreshold: true },
    { name: 'a high loss on a subset of the classes', artifacts: makeOverfitRuns(starting([9])) },
    { name: 'a noisy but healthy init (1.68 × ln 3)', artifacts: makeOverfitRuns(starting([2.33, 2.09, 1.1])) },
    { name: 'a high loss from the saved weights only', artifacts: makeOverfitRuns(starting([9, 9, 9], 'saved')) },
    { name: 'regression', artifacts: makeOverfitRuns(starting([9, 9, 9]), { classes: null, loss: 'meanSquaredError', encoding: 'regression' }) },
  ],
  invalid: [
    {
      name: 'a confidently wrong initialisation (unscaled inputs)',
      artifacts: makeOverfitRuns(starting([3.3, 1.9, 2.8])),
      issues: [{ message: /loss at a fresh initialisation is 2\.67, 2\.43× −ln\(1\/3\) = 1\.1 \(mean over 3 examples\)/, hint: /standardise the inputs/, data: { initialLoss: 2.667, expected: 1.099, classes: 3 } }],
    },
    {
      name: 'binary cross-entropy against ln 2',
      artifacts: makeOverfitRuns(starting([15.9, 0.01]), { classes: 2, loss: 'binaryCrossentropy', encoding: 'binary', outputUnits: 1 }),
      issues: [{ message: /−ln\(1\/2\) = 0\.693/, data: { expected: 0.6931 } }],
    },
  ],
});
