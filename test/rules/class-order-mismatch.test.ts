import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bestRenaming, classOrderMismatch } from '../../src/rules/class-order-mismatch.js';
import { testRule } from '../helpers/rule-tester.js';
import { makePredictions, makeSplit } from '../helpers/prediction-builders.js';

/** Text labels sorted (high, low, medium) while the model was trained with low=0, medium=1, high=2. */
const sortedTextOrder = { ...makePredictions(makeSplit([[0, 0, 49], [50, 0, 0], [1, 48, 2]])), classLabels: ['high', 'low', 'medium'] };

testRule(classOrderMismatch, {
  valid: [
    { name: 'a good iris model', artifacts: { Predictions: makePredictions(makeSplit([[50, 0, 0], [0, 47, 3], [0, 2, 48]])) } },
    { name: 'a collapsed model (no renaming helps)', artifacts: { Predictions: makePredictions(makeSplit([[0, 50, 0], [0, 50, 0], [0, 50, 0]])) } },
    { name: 'a weak model near chance', artifacts: { Predictions: makePredictions(makeSplit([[20, 15, 15], [15, 20, 15], [15, 15, 20]])) } },
    { name: 'too few rows', artifacts: { Predictions: makePredictions(makeSplit([[0, 6, 0], [0, 0, 6], [6, 0, 0]])) } },
    {
      name: 'one class right and two swapped: exactly 1/3 accurate as labelled with maxAccuracy 1/3',
      artifacts: { Predictions: makePredictions(makeSplit([[50, 0, 0], [0, 0, 50], [0, 50, 0]])) },
      options: { maxAccuracy: 1 / 3, minRenamedAccuracy: 0.8 },
    },
    {
      name: 'renamed accuracy exactly minRenamedAccuracy (80 %)',
      artifacts: { Predictions: makePredictions(makeSplit([[0, 40, 10], [10, 0, 40], [40, 10, 0]])) },
      onThreshold: true,
    },
    { name: 'regression (not applicable)', artifacts: { Predictions: { ...makePredictions(), applicable: false, reason: 'regression' } } },
  ],
  invalid: [
    {
      name: 'text labels numbered in another order than at training',
      artifacts: { Predictions: sortedTextOrder },
      issues: [{
        message: /on the 150 train rows the model is 1\.3% accurate as labelled but 98\.0% accurate with its classes renamed \(output 0 \(high\) → low, output 1 \(low\) → medium, output 2 \(medium\) → high\)/,
        hint: /rows labelled low should be class 0.*\(text labels are numbered in sorted order\)/,
        data: { accuracy: 0.01333, renamedAccuracy: 0.98, renaming: [{ output: 0, outputLabel: 'high', label: 'low' }, { output: 1, outputLabel: 'low', label: 'medium' }, { output: 2, outputLabel: 'medium', label: 'high' }] },
      }],
    },
    {
      name: 'two swapped classes, and only on the test file',
      artifacts: { Predictions: makePredictions(makeSplit([[50, 0], [0, 50]]), makeSplit([[1, 29], [28, 2]], 'test')) },
      issues: [{ message: /on the 60 test rows the model is 5\.0% accurate as labelled but 95\.0% accurate/, data: { split: 'test' } }],
    },
  ],
});

describe('bestRenaming', () => {
  it('finds the permutation behind a rotated confusion matrix and counts the rows it matches', () => {
    assert.deepEqual(bestRenaming([[0, 0, 49], [50, 0, 0], [1, 48, 2]]), { mapping: [1, 2, 0], matched: 147 });
  });
  it('keeps the identity for a diagonal matrix, and leaves never-predicted outputs unmapped', () => {
    assert.deepEqual(bestRenaming([[5, 0], [0, 7]]), { mapping: [0, 1], matched: 12 });
    assert.deepEqual(bestRenaming([[0, 5, 0], [0, 7, 0], [0, 3, 0]]), { mapping: [-1, 1, -1], matched: 7 });
  });
});
