import { nanWeights } from '../../src/rules/nan-weights.js';
import { testRule } from '../helpers/rule-tester.js';
import { mlp } from '../helpers/model-builders.js';

const model = mlp(4, [{ units: 8, activation: 'relu' }, { units: 3, activation: 'softmax' }]);

testRule(nanWeights, {
  noThreshold: true,
  valid: [
    { name: 'finite saved weights', artifacts: { Topology: { ...model, nonFiniteWeights: [] } } },
    { name: 'an artifact recorded before the field existed', artifacts: { Topology: model } },
  ],
  invalid: [
    {
      name: 'a model that diverged before it was saved',
      artifacts: { Topology: { ...model, nonFiniteWeights: [{ weight: 'dense_1/kernel', count: 32 }, { weight: 'dense_1/bias', count: 8 }] } },
      issues: [{ message: /the saved weights hold 40 NaN\/Inf values in 2 weights \(dense_1\/kernel 32, dense_1\/bias 8\): the model diverged before it was saved/, hint: /gradient clipping/, data: { values: 40, weights: [{ weight: 'dense_1/kernel', count: 32 }, { weight: 'dense_1/bias', count: 8 }] } }],
    },
  ],
});
