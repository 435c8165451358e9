import { nanInData } from '../../src/rules/nan-in-data.js';
import { testRule } from '../helpers/rule-tester.js';
import { makeFeatureStats } from '../helpers/data-builders.js';
import { makeLabelCounts, makeLabelTable } from '../helpers/builders.js';

const regression = (missing: number) => ({ ...makeLabelCounts({ '0.5': 3, '1.5': 3 }, { task: { kind: 'regression', classes: null } }), train: makeLabelTable({ '0.5': 3, '1.5': 3 }, { missing, columns: ['y'] }) });

const clean = [5.1, 4.9, 4.7, 4.6, 5.0, 5.4];

testRule(nanInData, {
  valid: [
    { name: 'a clean numeric table', artifacts: { FeatureStats: makeFeatureStats({ a: clean, b: clean }, { a: clean, b: clean }) } },
    { name: 'no bad cell at maxCells 0', artifacts: { FeatureStats: makeFeatureStats({ a: clean }) }, options: { maxCells: 0 }, onThreshold: true },
    { name: 'two bad cells at maxCells 2', artifacts: { FeatureStats: makeFeatureStats({ a: [1, '', 3, 'NaN', 5] }) }, options: { maxCells: 2 }, onThreshold: true },
    { name: 'a regression target without empty cells', artifacts: { FeatureStats: makeFeatureStats({ a: clean }), LabelCounts: regression(0) } },
    { name: 'an empty class label (label-out-of-range reports it)', artifacts: { FeatureStats: makeFeatureStats({ a: clean }), LabelCounts: { ...makeLabelCounts({ 0: 3, 1: 3 }), train: makeLabelTable({ 0: 3, 1: 3 }, { missing: 1 }) } } },
    { name: 'text cells (non-numeric-column reports those)', artifacts: { FeatureStats: makeFeatureStats({ color: ['red', 'blue', 'red'] }) } },
  ],
  invalid: [
    {
      name: 'empty, NaN and Inf cells in train, with row:column',
      artifacts: { FeatureStats: makeFeatureStats({ a: [1, '', 3, 4], b: [1, 2, 'NaN', '-Inf'] }) },
      issues: [{ message: /train\.csv: 3 empty\/NaN\/Inf cells .* in 2 columns .*first at 3:a "", 4:b "NaN", 5:b "-Inf"/, hint: /fillna/, data: { file: 'train.csv', cells: 3, maxCells: 0, first: [{ row: 3, column: 'a', value: '' }, { row: 4, column: 'b', value: 'NaN' }, { row: 5, column: 'b', value: '-Inf' }] } }],
    },
    {
      name: 'missing markers ("?", "NA") count as missing',
      artifacts: { FeatureStats: makeFeatureStats({ a: [1, '?', 3, 'NA', 5] }) },
      issues: [{ data: { cells: 2, columns: [{ name: 'a', cells: 2, empty: 0, nonFinite: 0, markers: 2 }] } }],
    },
    {
      name: 'a NaN regression target',
      artifacts: { FeatureStats: makeFeatureStats({ a: clean }), LabelCounts: regression(2) },
      issues: [{ message: /^2 rows of train\.csv have an empty or NaN target \(y\)/, hint: /drop those rows/, data: { targetRows: 2, targetColumns: ['y'] } }],
    },
    {
      name: 'a NaN in the test file only',
      artifacts: { FeatureStats: makeFeatureStats({ a: clean }, { a: [1, 'nan', 3] }) },
      issues: [{ message: /^test\.csv: 1 empty\/NaN\/Inf cell /, data: { file: 'test.csv', cells: 1 } }],
    },
    {
      name: 'a number beyond float range (1e400 overflows to Infinity)',
      artifacts: { FeatureStats: makeFeatureStats({ a: [1, '1e400', 3] }) },
      issues: [{ data: { cells: 1, columns: [{ name: 'a', cells: 1, empty: 0, nonFinite: 1, markers: 0 }] } }],
    },
    {
      name: 'three bad cells over maxCells 2',
      artifacts: { FeatureStats: makeFeatureStats({ a: [1, '', '', 'inf', 5] }) },
      options: { maxCells: 2 },
      issues: [{ data: { cells: 3 } }],
    },
  ],
});
