/**
 * The in-memory reader and the training dataset: True/False cells (pandas ≥ 2 writes bool and get_dummies columns
 * so) are 1/0 in feature and multi-column target columns, while a single True/False label column keeps its text
 * classes and columns mixing booleans with numbers or other text stay non-numeric.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InputError } from '../../src/errors.js';
import { tempCsvWriter } from '../helpers/temp-csv.js';
import { booleanCell, readCsvTable } from '../../src/load/csv.js';
import { loadDataset } from '../../src/load/dataset.js';

const csv = tempCsvWriter('dataset');

function errorOf(run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof InputError, `expected an InputError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected an InputError');
}

describe('booleanCell', () => {
  it('reads true/false in any case as 1/0 and nothing else', () => {
    assert.deepEqual(['True', 'TRUE', 'true', 'tRuE', 'False', 'FALSE', 'false'].map(booleanCell), [1, 1, 1, 1, 0, 0, 0]);
    for (const cell of ['yes', 'no', 't', 'f', '1', '0', 'truth', 'falsey', '', 'True ']) assert.ok(Number.isNaN(booleanCell(cell)), cell);
  });
});

describe('readCsvTable with True/False columns', () => {
  it('reads an all-boolean column as 1/0, keeping its text and its empty cells', () => {
    const table = readCsvTable(csv('a,flag,label\n1,True,0\n2,false,1\n3,,0\n4,TRUE,1\n'));
    const flag = table.columns[1]!;
    assert.equal(flag.boolean, true);
    assert.deepEqual([...flag.values], [1, 0, NaN, 1]);
    assert.deepEqual([flag.nonNumeric, flag.missing], [0, 1]);
    assert.deepEqual(flag.nonNumericExamples, []);
    assert.deepEqual(flag.badCells, [{ row: 4, value: '' }]);
    assert.deepEqual(flag.strings, ['True', 'false', '', 'TRUE']);
  });
  it('reads quoted booleans (the csv-parse path) alike', () => {
    const flag = readCsvTable(csv('"a",flag,label\n1,"True",0\n2,"False",1\n')).columns[1]!;
    assert.equal(flag.boolean, true);
    assert.deepEqual([...flag.values], [1, 0]);
  });
  it('leaves columns mixing booleans with numbers, other text or missing markers as text', () => {
    const table = readCsvTable(csv('num,word,marker,label\nTrue,True,True,0\n1,yes,NA,1\nFalse,False,False,0\n'));
    for (const column of table.columns.slice(0, 3)) {
      assert.equal(column.boolean, undefined, column.name);
      assert.ok(column.nonNumeric >= 2, column.name);
      assert.ok(Number.isNaN(column.values[0]!), column.name);
    }
  });
});

describe('loadDataset with True/False columns', () => {
  it('feeds True/False feature columns as 1/0', () => {
    const data = loadDataset(csv('age,sex_male,embarked_S,label\n0.5,True,False,0\n-1.5,False,TRUE,1\n'), undefined);
    assert.deepEqual(data.featureNames, ['age', 'sex_male', 'embarked_S']);
    assert.deepEqual([...data.features], [0.5, 1, 0, -1.5, 0, 1]);
    assert.deepEqual([...data.targets], [0, 1]);
  });
  it('feeds True/False one-hot target columns as 1/0', () => {
    const data = loadDataset(csv('x,setosa,versicolor,virginica\n0.1,False,True,False\n0.2,True,False,False\n0.3,False,False,True\n'), ['setosa', 'versicolor', 'virginica']);
    assert.equal(data.textLabels, null);
    assert.deepEqual([...data.targets], [0, 1, 0, 1, 0, 0, 0, 0, 1]);
  });
  it('keeps a single True/False label column as the text classes False and True', () => {
    const data = loadDataset(csv('x,is_fraud\n0.1,False\n0.2,True\n0.3,False\n'), undefined);
    assert.deepEqual(data.textLabels, ['False', 'True']);
    assert.deepEqual([...data.targets], [0, 1, 0]);
    const empty = errorOf(() => loadDataset(csv('x,is_fraud\n0.1,False\n0.2,\n'), undefined));
    assert.match(empty.message, /label is empty/);
    assert.equal(empty.location.row, 3);
  });
  it('rejects a feature column mixing True/False with numbers, naming the cell', () => {
    const error = errorOf(() => loadDataset(csv('a,flag,label\n1,True,0\n2,0,1\n'), undefined));
    assert.match(error.message, /"True" is not a number/);
    assert.deepEqual([error.location.row, error.location.column], [2, 2]);
  });
  it('rejects an empty cell in a True/False feature column as missing', () => {
    const error = errorOf(() => loadDataset(csv('a,flag,label\n1,True,0\n2,,1\n'), undefined));
    assert.match(error.message, /is empty/);
    assert.match(error.fix, /impute or drop rows/);
    assert.equal(error.location.row, 3);
  });
});

describe('a pandas index column (DataFrame.to_csv without index=False)', () => {
  it('leaves out an unnamed first column of distinct non-negative integers, in any order', () => {
    const table = readCsvTable(csv(',a,b,label\n7,0.5,1,0\n2,0.25,2,1\n0,0.125,3,0\n'));
    assert.deepEqual(table.header, ['a', 'b', 'label']);
    assert.equal(table.droppedIndexColumn, true);
    const dataset = loadDataset(csv(',a,b,label\n0,0.5,1,0\n1,0.25,2,1\n2,0.125,3,0\n'), undefined);
    assert.deepEqual(dataset.featureNames, ['a', 'b']);
    assert.deepEqual([...dataset.features], [0.5, 1, 0.25, 2, 0.125, 3]);
  });

  it('refuses an unnamed first column that is not an index, and names file columns as the file counts them', () => {
    for (const text of [',a,label\n0.5,1,0\n1.5,2,1\n', ',a,label\n1,1,0\n1,2,1\n', ',a,label\n-1,1,0\n2,2,1\n', ',a,label\n,1,0\n2,2,1\n']) {
      const error = errorOf(() => readCsvTable(csv(text)));
      assert.match(error.message, /header cell 1 is empty/, text);
      assert.deepEqual([error.location.row, error.location.column], [1, 1]);
    }
    const error = errorOf(() => loadDataset(csv(',a,b,label\n0,1,x,0\n1,2,3,1\n'), undefined));
    assert.equal(error.location.column, 3);
  });
});
