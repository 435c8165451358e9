import { testRule } from '../helpers/rule-tester.js';
import { vanishingGradients } from '../../src/rules/vanishing-gradients.js';
import { descending, healthyRun, makeOverfitRun, makeOverfitRuns } from '../helpers/overfit-builders.js';

const withNorms = (norms: number[], fitted = true) => makeOverfitRun({ losses: descending(1.1, 0.2, 20), fittedAtStep: fitted ? 20 : null, layerNorms: new Array(21).fill(norms) });

testRule(vanishingGradients, {
  valid: [
    { name: 'comparable layer norms', artifacts: makeOverfitRuns([withNorms([0.3, 1])]) },
    { name: 'a ratio of exactly 1e-4', artifacts: makeOverfitRuns([withNorms([1e-4, 1])]), onThreshold: true },
    { name: 'zero gradients once the target is already reached (step 0)', artifacts: makeOverfitRuns([makeOverfitRun({ losses: [0.001], fittedAtStep: 0, zero: [[[1, 1], [1, 1]]] })]) },
    { name: 'some zero values in a ReLU layer', artifacts: makeOverfitRuns([makeOverfitRun({ losses: descending(1.1, 0.2, 20), fittedAtStep: 20, zero: new Array(21).fill([[0.4, 0.4], [0, 0]]) })]) },
    { name: 'healthy', artifacts: makeOverfitRuns([healthyRun(0), healthyRun(1, 'saved')]) },
    {
      name: 'one fresh seed leaves every ReLU off for the example, the next seed learns it',
      artifacts: makeOverfitRuns([
        makeOverfitRun({ class: 2, losses: new Array(41).fill(1.1), zero: new Array(41).fill([[1, 1], [0, 0]]), layerNorms: new Array(41).fill([0, 0.3]) }),
        makeOverfitRun({ class: 2, repeat: 1, losses: descending(1.1, 0.2, 30), fittedAtStep: 30 }),
      ]),
    },
  ],
  invalid: [
    {
      name: 'a deep sigmoid stack',
      artifacts: makeOverfitRuns([withNorms([3e-12, 0.5])]),
      issues: [{ message: /gradient norm of layer dense_1 is 6\.00e-12× that of dense_2 in 1 of 1 fits/, hint: /ReLU with He initialisation/, data: { kind: 'ratio', weakest: 'dense_1', strongest: 'dense_2' } }],
    },
    {
      name: 'a dead ReLU layer from the saved weights',
      artifacts: makeOverfitRuns([makeOverfitRun({ start: 'saved', losses: descending(1.1, 1, 40), zero: new Array(41).fill([[1, 1], [1, 0]]), layerNorms: new Array(41).fill([0, 0.2]) }), healthyRun(0)]),
      issues: [{ message: /gradients are exactly zero in dense_1 \(relu\) at every step in 1 of 2 fits from the saved weights/, hint: /dead ReLU units/, data: { kind: 'zero', layers: ['dense_1'] } }],
    },
    {
      name: 'the same layer dead in both seeds of a fresh start',
      artifacts: makeOverfitRuns([
        makeOverfitRun({ class: 1, losses: new Array(41).fill(1.1), zero: new Array(41).fill([[1, 1], [0, 0]]), layerNorms: new Array(41).fill([0, 0.3]) }),
        makeOverfitRun({ class: 1, repeat: 1, losses: new Array(41).fill(1.1), zero: new Array(41).fill([[1, 1], [0, 0]]), layerNorms: new Array(41).fill([0, 0.3]) }),
      ]),
      issues: [{ message: /gradients are exactly zero in dense_1 .* in 2 of 2 fits from a fresh initialisation/, data: { kind: 'zero', layers: ['dense_1'], runs: 2 } }],
    },
    {
      name: 'no gradient in any layer under a 3-unit softmax: a saturated output',
      artifacts: makeOverfitRuns([makeOverfitRun({ losses: new Array(17).fill(15.9), zero: new Array(17).fill([[1, 1], [1, 1]]), layerNorms: new Array(17).fill([0, 0]) })]),
      issues: [{ message: /gradients are exactly zero in every layer/, hint: /the output is saturated.*kernels initialised far too large.*see unscaled-inputs, learning-rate-too-high, loss-at-init, exploding-gradients/ }],
    },
    {
      name: 'no gradient in any layer under a softmax over one unit',
      artifacts: makeOverfitRuns([makeOverfitRun({ losses: new Array(17).fill(0), zero: new Array(17).fill([[1, 1], [1, 1]]), layerNorms: new Array(17).fill([0, 0]) })], { outputUnits: 1, classes: 2 }),
      issues: [{ message: /gradients are exactly zero in every layer/, hint: /softmax over one unit outputs exactly 1 .* see softmax-single-unit/ }],
    },
  ],
});
