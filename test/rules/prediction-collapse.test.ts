import { predictionCollapse } from '../../src/rules/prediction-collapse.js';
import { testRule } from '../helpers/rule-tester.js';
import { makePredictions, makeSplit } from '../helpers/prediction-builders.js';

testRule(predictionCollapse, {
  valid: [
    { name: 'a good iris model', artifacts: { Predictions: makePredictions(makeSplit([[50, 0, 0], [0, 47, 3], [0, 2, 48]])) } },
    { name: 'a good model on 95:5 labels (predicts the majority 95 % of the time)', artifacts: { Predictions: makePredictions(makeSplit([[940, 10], [10, 40]])) } },
    {
      name: 'exactly 90 % of predictions on one class (maxShare 0.9)',
      artifacts: { Predictions: makePredictions(makeSplit([[10, 0], [80, 10]])) },
      onThreshold: true,
    },
    {
      name: 'exactly half of the other rows absorbed (maxAbsorbed 0.5)',
      artifacts: { Predictions: makePredictions(makeSplit([[190, 0], [5, 5]])) },
      onThreshold: true,
    },
    { name: 'labels that are all one class', artifacts: { Predictions: makePredictions(makeSplit([[100, 0], [0, 0]])) } },
    { name: 'too few rows to tell (9 rows all predicted as class 1)', artifacts: { Predictions: makePredictions(makeSplit([[0, 3, 0], [0, 3, 0], [0, 3, 0]])) } },
    {
      name: 'one kept row when 899 were left out (labels that are no class index)',
      artifacts: { Predictions: makePredictions({ ...makeSplit([[0, 0, 0], [0, 0, 0], [0, 40, 0]]), skippedRows: 899 }) },
    },
    { name: 'regression targets', artifacts: { Predictions: { ...makePredictions(), applicable: false, reason: 'regression' } } },
  ],
  invalid: [
    {
      name: 'a model that always predicts class 1 on balanced iris',
      artifacts: { Predictions: makePredictions(makeSplit([[0, 50, 0], [0, 50, 0], [0, 50, 0]])) },
      issues: [{ message: /always predicts class 1 for 100\.0% of the 150 train rows, although only 33\.3% are labelled 1/, data: { class: '1', classIndex: 1, maxShare: 0.9, maxAbsorbed: 0.5 } }],
    },
    {
      name: 'a collapse onto the majority of 97:3 labels',
      artifacts: { Predictions: makePredictions(makeSplit([[970, 0], [30, 0]])) },
      issues: [{ message: /always predicts class 0 .* only 97\.0% are labelled 0/ }],
    },
    {
      name: 'a collapse only on the test rows (preprocessing forgotten at test time)',
      artifacts: { Predictions: makePredictions(makeSplit([[50, 0, 0], [0, 48, 2], [0, 1, 49]]), makeSplit([[0, 0, 15], [0, 0, 15], [0, 1, 14]], 'test')) },
      issues: [{ message: /test rows.*while on the training rows it is 98\.0% accurate/, hint: /preprocess the test data/, data: { class: '2' } }],
    },
    {
      name: '95 % of predictions with a looser maxShare 0.8 and strict maxAbsorbed',
      options: { maxShare: 0.8, maxAbsorbed: 0.2 },
      artifacts: { Predictions: makePredictions(makeSplit([[40, 5], [50, 5]])) },
      issues: [{ data: { maxShare: 0.8 } }],
    },
  ],
});
