import { testRule } from '../helpers/rule-tester.js';
import { explodingGradients } from '../../src/rules/exploding-gradients.js';
import { descending, healthyRun, makeOverfitRun, makeOverfitRuns } from '../helpers/overfit-builders.js';

const withNorms = (norms: number[][], fittedAtStep: number | null = null) => makeOverfitRun({ losses: descending(1.1, 0.2, norms.length - 1), fittedAtStep, layerNorms: norms });

testRule(explodingGradients, {
  valid: [
    { name: 'healthy norms', artifacts: makeOverfitRuns([healthyRun(0)]) },
    { name: 'a norm of exactly 1000', artifacts: makeOverfitRuns([withNorms([[1000, 1], [1, 1]])]), onThreshold: true },
    {
      name: 'a squared-error regression on prices around 140: gradients of 5000 are the residual, not an explosion',
      artifacts: makeOverfitRuns([withNorms([[5000, 1], [1, 1]])], { taskKind: 'regression', encoding: 'regression', loss: 'meanSquaredError', targetScale: 140, classes: null }),
    },
    { name: 'a large norm only after the target was reached', artifacts: makeOverfitRuns([withNorms([[1, 1], [1, 1], [1e6, 1]], 2)]) },
  ],
  invalid: [
    {
      name: 'growing gradients',
      artifacts: makeOverfitRuns([withNorms([[1, 1], [50, 3], [5e4, 20]])], { learningRate: 10, optimizer: 'sgd' }),
      issues: [{ message: /gradient norm reached 50000 in layer dense_1 at step 2 \(over 1000\) in 1 of 1 fits/, hint: /10 → 1/, data: { layer: 'dense_1', step: 2, maxNorm: 1000 } }],
    },
    {
      name: 'the same gradients on standardised targets',
      artifacts: makeOverfitRuns([withNorms([[5000, 1], [1, 1]])], { taskKind: 'regression', encoding: 'regression', loss: 'meanSquaredError', targetScale: 1, classes: null }),
      issues: [{ data: { maxNorm: 1000 } }],
    },
    {
      name: 'a squared-error regression on prices whose gradients grow beyond their scale',
      artifacts: makeOverfitRuns([withNorms([[1e6, 1], [1, 1]])], { taskKind: 'regression', encoding: 'regression', loss: 'meanSquaredError', targetScale: 140, classes: null }),
      issues: [{ message: /over 1\.40e\+5/, data: { maxNorm: 140000, targetScale: 140 } }],
    },
    {
      name: 'a NaN gradient',
      artifacts: makeOverfitRuns([{ ...withNorms([[1, 1], [1, 1]]), gradNorms: [[1, 1, 1, 1], [null, 1, 1, 1]], nonFiniteGradStep: 1 }]),
      issues: [{ message: /reached Inf\/NaN in layer dense_1 at step 1/, data: { largest: null } }],
    },
  ],
});
