import { predictionCollapse } from '../../src/rules/prediction-collapse.js';
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { judge, testRule } from '../helpers/rule-tester.js';
import { makeMultiLabelSplit, makeOtherPredictions, makePredictions, makeRegressionSplit, makeSplit } from '../helpers/prediction-builders.js';

testRule(predictionCollapse, {
  valid: [
    { name: 'a good iris model', artifacts: { Predictions: makePredictions(makeSplit([[50, 0, 0], [0, 47, 3], [0, 2, 48]])) } },
    { name: 'a good model on 95:5 labels (predicts the majority 95 % of the time)', artifacts: { Predictions: makePredictions(makeSplit([[940, 10], [10, 40]])) } },
    {
      name: 'exactly 80 % of predictions on one class (maxShare 0.8)',
      artifacts: { Predictions: makePredictions(makeSplit([[20, 0], [60, 20]])) },
      onThreshold: true,
    },
    { name: 'a good model on 85:15 labels (predicts the majority 86 % of the time, absorbs few other rows)', artifacts: { Predictions: makePredictions(makeSplit([[845, 5], [15, 135]])) } },
    {
      name: 'exactly half of the other rows absorbed (maxAbsorbed 0.5)',
      artifacts: { Predictions: makePredictions(makeSplit([[190, 0], [5, 5]])) },
      onThreshold: true,
    },
    {
      name: 'a good 10-class model on labels dominated by two classes (40 % + 40 %)',
      artifacts: { Predictions: makePredictions(makeSplit(Array.from({ length: 10 }, (_, label) => Array.from({ length: 10 }, (_, p) => (label < 2 ? (p === label ? 380 : p === 2 ? 20 : 0) : p === label ? 22 : p === 0 ? 3 : 0))))) },
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
      issues: [{ message: /always predicts class 1 for 100\.0% of the 150 train rows, although only 33\.3% are labelled 1/, data: { class: '1', classIndex: 1, maxShare: 0.8, maxAbsorbed: 0.5 } }],
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
      name: '95 % of predictions with a looser maxShare 0.7 and strict maxAbsorbed',
      options: { maxShare: 0.7, maxAbsorbed: 0.2 },
      artifacts: { Predictions: makePredictions(makeSplit([[40, 5], [50, 5]])) },
      issues: [{ data: { maxShare: 0.7 } }],
    },
    {
      name: 'a 10-class model that only ever answers 3 or 7',
      artifacts: { Predictions: makePredictions(makeSplit(Array.from({ length: 10 }, (_, label) => Array.from({ length: 10 }, (_, p) => (p === 3 ? (label % 2 === 0 ? 100 : 30) : p === 7 ? (label % 2 === 0 ? 0 : 70) : 0))))) },
      issues: [{ message: /only ever predicts classes 3, 7 for 100\.0% of the 1000 train rows, although only 20\.0% are labelled with them/, data: { classIndex: 3 } }],
    },
    {
      name: 'an almost untrained 10-class model putting 82 % of its rows into class 8',
      artifacts: { Predictions: makePredictions(makeSplit(Array.from({ length: 10 }, (_, label) => Array.from({ length: 10 }, (_, p) => (label === 8 ? (p === 8 ? 135 : 0) : p === 8 ? 110 : p === label ? 25 : 0))))) },
      issues: [{ message: /predicts class 8 for 83\.3% of the 1350 train rows, although only 10\.0% are labelled 8 \(81\.5% of the other classes' rows go to it\)/ }],
    },
  ],
});

/** Measured on the clean red-team multi-label folder a3 (train): predicted shares track labelled shares. */
const HEALTHY_LABELS: Array<[number, number]> = [[0.499, 0.499], [0.425, 0.425], [0.505, 0.507]];

testRule(predictionCollapse, {
  valid: [
    { name: 'a healthy multi-label model', artifacts: { Predictions: makeOtherPredictions('multi-label', makeMultiLabelSplit(HEALTHY_LABELS), makeMultiLabelSplit(HEALTHY_LABELS, { split: 'test', rows: 100 })) } },
    {
      name: 'a rare label (3 %) that is never predicted, the others healthy',
      artifacts: { Predictions: makeOtherPredictions('multi-label', makeMultiLabelSplit([[0.5, 0.5], [0.4, 0.41], [0.03, 0]])) },
    },
    {
      name: 'only rare labels that are never predicted (nothing to judge)',
      artifacts: { Predictions: makeOtherPredictions('multi-label', makeMultiLabelSplit([[0.02, 0], [0.04, 0]])) },
    },
    {
      name: '2 of 3 labels stuck (0.67 ≤ maxConstantLabels 0.75)',
      artifacts: { Predictions: makeOtherPredictions('multi-label', makeMultiLabelSplit([[0.3, 0], [0.4, 0], [0.5, 0.5]])) },
    },
    {
      name: 'exactly 3 of 4 labels stuck (maxConstantLabels 0.75)',
      artifacts: { Predictions: makeOtherPredictions('multi-label', makeMultiLabelSplit([[0.3, 0], [0.4, 0], [0.5, 0], [0.5, 0.5]])) },
      onThreshold: true,
    },
    {
      name: 'every label predicted on exactly 1 % of the rows (minLabelPredicted 0.01)',
      artifacts: { Predictions: makeOtherPredictions('multi-label', makeMultiLabelSplit([[0.3, 0.01], [0.4, 0.01]])) },
      onThreshold: true,
    },
    {
      name: 'a multi-label collapse on 9 rows (too few to tell)',
      artifacts: { Predictions: makeOtherPredictions('multi-label', makeMultiLabelSplit([[0.33, 0], [0.33, 0]], { rows: 9 })) },
    },
    { name: 'a healthy regression model (a1: prediction std 1.01 vs target std 1.02)', artifacts: { Predictions: makeOtherPredictions('regression', makeRegressionSplit([[1.02, 1.01]]), makeRegressionSplit([[0.933, 0.926]], { split: 'test', rows: 100 })) } },
    { name: 'a weak regression model (R² ≈ 0.04: spread 0.2 of the targets\')', artifacts: { Predictions: makeOtherPredictions('regression', makeRegressionSplit([[1, 0.2]])) } },
    {
      name: 'a prediction spread of exactly 5 % of the targets\' (minSpreadRatio 0.05)',
      artifacts: { Predictions: makeOtherPredictions('regression', makeRegressionSplit([[2, 0.1]])) },
      onThreshold: true,
    },
    { name: 'a constant target predicted as a constant', artifacts: { Predictions: makeOtherPredictions('regression', makeRegressionSplit([[0, 0]])) } },
    {
      name: 'outputs that are all NaN (the NaN rules\' finding, no spread to compare)',
      artifacts: { Predictions: makeOtherPredictions('regression', { ...makeRegressionSplit([[1, 0]]), targets: [{ column: 'y', targetMean: 0, targetStd: 1, predictionMean: null, predictionStd: null, mse: null }], mse: null }) },
    },
    { name: 'a constant regression output on 9 rows (too few to tell)', artifacts: { Predictions: makeOtherPredictions('regression', makeRegressionSplit([[1, 0.0001]], { rows: 9 })) } },
  ],
  invalid: [
    {
      name: 'a multi-label model whose output biases are −12 (a22: no label ever predicted)',
      artifacts: { Predictions: makeOtherPredictions('multi-label', makeMultiLabelSplit([[0.3, 0], [0.35, 0], [0.32, 0]]), makeMultiLabelSplit([[0.31, 0], [0.33, 0], [0.3, 0]], { split: 'test', rows: 100 })) },
      issues: [{
        message: /^predicts no label as present for 100\.0% of the 300 train rows and 100\.0% of the 100 test rows, although 30\.0%–35\.0% of the rows carry each label$/,
        hint: /likely causes are ranked/,
        data: { task: 'multi-label', maxConstantLabels: 0.75, minLabelPredicted: 0.01, minLabelled: 0.05 },
      }],
    },
    {
      name: 'a multi-label model that predicts every label present',
      artifacts: { Predictions: makeOtherPredictions('multi-label', makeMultiLabelSplit([[0.3, 1], [0.35, 0.995]], { all: 0.99 })) },
      issues: [{ message: /^predicts every label as present for 99\.0% of the 300 train rows, although only 30\.0%–35\.0% of the rows carry each label$/ }],
    },
    {
      name: 'labels stuck in both directions, a rare label not counted',
      artifacts: { Predictions: makeOtherPredictions('multi-label', makeMultiLabelSplit([[0.3, 0], [0.4, 1], [0.5, 0.005], [0.02, 0]])) },
      issues: [{ message: /gives the same answer for 3 of 3 labels on \(nearly\) all of the 300 train rows \(never y0, y2, always y1\)/ }],
    },
    {
      name: 'a multi-label collapse only on the test rows',
      artifacts: { Predictions: makeOtherPredictions('multi-label', makeMultiLabelSplit(HEALTHY_LABELS), makeMultiLabelSplit([[0.5, 0], [0.45, 0], [0.5, 0]], { split: 'test', rows: 100 })) },
      issues: [{ message: /^predicts no label as present for 100\.0% of the 100 test rows,/, hint: /preprocess the test data/ }],
    },
    {
      name: '2 of 3 labels stuck with a stricter maxConstantLabels 0.5',
      options: { maxConstantLabels: 0.5 },
      artifacts: { Predictions: makeOtherPredictions('multi-label', makeMultiLabelSplit([[0.3, 0], [0.4, 0], [0.5, 0.5]])) },
      issues: [{ message: /2 of 3 labels.*never y0, y1/, data: { maxConstantLabels: 0.5 } }],
    },
    {
      name: 'a regression model that outputs 0.5 ± 0.00022 (a23b)',
      artifacts: { Predictions: makeOtherPredictions('regression', makeRegressionSplit([[1.02, 0.00022]]), makeRegressionSplit([[0.933, 0.000205]], { split: 'test', rows: 100 })) },
      issues: [{
        message: /^predicts nearly the same value \(0\.5 ± 0\.00022\) for every one of the 300 train and 100 test rows, while the targets vary \(std 1\.02\)$/,
        data: { task: 'regression', minSpreadRatio: 0.05 },
      }],
    },
    {
      name: 'one of two regression targets collapsed',
      artifacts: { Predictions: makeOtherPredictions('regression', makeRegressionSplit([[0.98, 0.96], [0.98, 0.01]])) },
      issues: [{ message: /^predicts nearly the same value for target y1 \(0\.5 ± 0\.01\) for every one of the 300 train rows, while the targets vary \(std 0\.98\)$/ }],
    },
    {
      name: 'a weak regression model with a stricter minSpreadRatio 0.3',
      options: { minSpreadRatio: 0.3 },
      artifacts: { Predictions: makeOtherPredictions('regression', makeRegressionSplit([[1, 0.2]])) },
      issues: [{ data: { minSpreadRatio: 0.3 } }],
    },
  ],
});

it('prediction-collapse keeps the collapsed splits and columns in data, with the split names diagnosis reads', () => {
  const ml = judge(predictionCollapse, { Predictions: makeOtherPredictions('multi-label', makeMultiLabelSplit([[0.3, 0], [0.35, 0], [0.5, 0.5]], { none: 0.4 }), makeMultiLabelSplit([[0.3, 0], [0.35, 0], [0.32, 0]], { split: 'test', rows: 100 })) }, { maxConstantLabels: 0.5 });
  const mlSplits = (ml[0]!.data as { splits: Array<{ split: string; constantLabels: number; countedLabels: number; labels: Array<{ column: string }> }> }).splits;
  assert.deepEqual(mlSplits.map((s) => [s.split, s.constantLabels, s.countedLabels, s.labels.map((l) => l.column).join()]), [['train', 2, 3, 'y0,y1'], ['test', 3, 3, 'y0,y1,y2']]);
  const reg = judge(predictionCollapse, { Predictions: makeOtherPredictions('regression', makeRegressionSplit([[1.02, 0.00022]]), makeRegressionSplit([[0.933, 0.5]], { split: 'test', rows: 100 })) });
  const regSplits = (reg[0]!.data as { splits: Array<{ split: string; targets: Array<{ column: string; spreadRatio: number }> }> }).splits;
  assert.deepEqual(regSplits.map((s) => [s.split, s.targets.map((t) => [t.column, t.spreadRatio])]), [['train', [['y', 0.0002157]]]]);
  assert.equal((reg[0]!.data as Record<string, unknown>).class, undefined, 'no class to compare with class-imbalance\'s majority');
});
