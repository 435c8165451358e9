import { nonNumericColumn } from '../../src/rules/non-numeric-column.js';
import { testRule } from '../helpers/rule-tester.js';
import { makeFeatureStats } from '../helpers/data-builders.js';

const numbers = [1, 2, 3, 4, 5, 6];
const sites = ['north', 'south', 'east', 'north', 'west', 'south'];

testRule(nonNumericColumn, {
  valid: [
    { name: 'numeric columns', artifacts: { FeatureStats: makeFeatureStats({ a: numbers, b: numbers }, { a: numbers, b: numbers }) } },
    { name: 'missing markers only ("?", "NA": nan-in-data reports them)', artifacts: { FeatureStats: makeFeatureStats({ a: [1, '?', 3, 'NA', 'n/a'] }) } },
    { name: 'one stray text cell at maxCells 1', artifacts: { FeatureStats: makeFeatureStats({ a: [1, '1,234', 3] }) }, options: { maxCells: 1 }, onThreshold: true },
  ],
  invalid: [
    {
      name: 'a categorical text column, with one-hot hint',
      artifacts: { FeatureStats: makeFeatureStats({ length: numbers, site: sites }) },
      issues: [{
        message: /train\.csv: column "site" holds text, not numbers \(4 distinct values in 6 cells: "north" ×2, "south" ×2, "east" ×1, "west" ×1\)/,
        hint: /one-hot encode it: replace "site" by 4 0\/1 columns \(site=north, site=south, site=east, site=west\); pandas: pd\.get_dummies\(df, columns=\["site"\]\)/,
        data: { column: 'site', kind: 'categorical', textCells: 6, distinct: 4, examples: ['north', 'south', 'east', 'west'] },
      }],
    },
    {
      name: 'stray text in a numeric column, with its line',
      artifacts: { FeatureStats: makeFeatureStats({ weight: [1.5, 2, '12kg', 3, 4, 5] }) },
      issues: [{ message: /column "weight" is numeric but 1 cell is text .*"12kg" ×1 at line 4/, hint: /clean those cells/, data: { kind: 'stray-text', firstRow: 4 } }],
    },
    {
      name: 'an identifier-like text column (many distinct values)',
      artifacts: { FeatureStats: makeFeatureStats({ id: Array.from({ length: 60 }, (_, i) => `user${i}`) }) },
      issues: [{ hint: /identifier or free text: drop the column/, data: { distinct: 60 } }],
    },
    {
      name: 'a yes/no column, with a 0/1 mapping',
      artifacts: { FeatureStats: makeFeatureStats({ smoker: ['yes', 'no', 'no', 'yes', 'no'] }) },
      issues: [{ hint: /map it to one 0\/1 column \(e\.g\. "no" → 0, "yes" → 1\); pandas: df\["smoker"\] = df\["smoker"\]\.map\(\{"no": 0, "yes": 1\}\)$/, data: { kind: 'boolean' } }],
    },
    {
      name: 'a date column, with a conversion hint',
      artifacts: { FeatureStats: makeFeatureStats({ day: ['2024-01-05', '2024-01-06', '2024-02-11T10:00:00Z', '05/03/2024'] }) },
      issues: [{ message: /column "day" holds dates or times, not numbers \(4 distinct values/, hint: /days since the earliest date/, data: { kind: 'date' } }],
    },
    {
      name: 'a text column only in test',
      artifacts: { FeatureStats: makeFeatureStats({ a: numbers }, { a: ['x', 'y', 'x'] }) },
      issues: [{ message: /^test\.csv: column "a" holds text/ }],
    },
  ],
});
