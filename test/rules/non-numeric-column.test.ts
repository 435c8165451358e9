import { nonNumericColumn } from '../../src/rules/non-numeric-column.js';
import { testRule } from '../helpers/rule-tester.js';
import { makeFeatureStats } from '../helpers/data-builders.js';

const numbers = [1, 2, 3, 4, 5, 6];
const sites = ['north', 'south', 'east', 'north', 'west', 'south'];

testRule(nonNumericColumn, {
  valid: [
    { name: 'numeric columns', artifacts: { FeatureStats: makeFeatureStats({ a: numbers, b: numbers }, { a: numbers, b: numbers }) } },
    { name: 'missing markers only ("?", "NA": nan-in-data reports them)', artifacts: { FeatureStats: makeFeatureStats({ a: [1, '?', 3, 'NA', 'n/a'] }) } },
    { name: 'True/False columns (pandas bool, get_dummies) in train and test are 1/0', artifacts: { FeatureStats: makeFeatureStats({ sex_male: ['True', 'False', 'False', 'True'], q: ['false', 'TRUE', 'False', 'true'] }, { sex_male: ['False', 'True', 'True', 'False'], q: ['True', 'False', 'False', 'True'] }) } },
    { name: 'a True/False column with empty and NaN cells (nan-in-data reports those)', artifacts: { FeatureStats: makeFeatureStats({ member: ['True', '', 'False', 'NaN', 'True'] }) } },
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
      name: 'a t/f column (not True/False) is still text, with a 0/1 mapping',
      artifacts: { FeatureStats: makeFeatureStats({ member: ['t', 'f', 'f', 't'] }) },
      issues: [{ hint: /"t" → 1, "f" → 0/, data: { kind: 'boolean', textCells: 4 } }],
    },
    {
      name: 'True/False mixed with yes/no words is text',
      artifacts: { FeatureStats: makeFeatureStats({ smoker: ['True', 'no', 'False', 'yes'] }) },
      issues: [{ message: /column "smoker" holds text, not numbers \(yes\/no values in 4 cells/, data: { kind: 'boolean', textCells: 4 } }],
    },
    {
      name: 'True/False mixed with numbers is not read as 1/0',
      artifacts: { FeatureStats: makeFeatureStats({ member: ['True', 'False', 'True', 1, 'False'] }) },
      issues: [{ message: /column "member" mixes True\/False \("True" ×2, "False" ×2\) with 1 number, so it is not read as 1\/0/, hint: /write the column one way: every cell 1\/0, or every cell True\/False/, data: { kind: 'boolean', textCells: 4 } }],
    },
    {
      name: 'True/False with a missing marker is not read as 1/0, and the hint says to leave such cells empty',
      artifacts: { FeatureStats: makeFeatureStats({ member: ['True', 'NA', 'False', 'True'] }) },
      issues: [{ message: /mixes True\/False .* with the missing marker "NA" ×1/, hint: /leave missing cells empty/, data: { kind: 'boolean', textCells: 3 } }],
    },
    {
      name: 'a few True cells in a 0/1 column are stray text',
      artifacts: { FeatureStats: makeFeatureStats({ member: [0, 1, 1, 0, 'True', 0, 1] }) },
      issues: [{ message: /column "member" is numeric but 1 cell is text .*"True" ×1 at line 6/, hint: /write those True\/False cells as 1\/0/, data: { kind: 'stray-text' } }],
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
