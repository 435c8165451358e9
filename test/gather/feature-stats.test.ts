import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCsvTable } from '../../src/load/csv.js';
import { tableStats } from '../../src/gather/feature-stats.js';
import { findRowDuplicates } from '../../src/gather/row-duplicates.js';

function withCsv(text: string, run: (file: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'nndoctor-fs-'));
  try {
    const file = join(dir, 'train.csv');
    writeFileSync(file, text);
    run(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('FeatureStats robust statistics', () => {
  it('computes quartiles, zeros, off-median rows and the 99th-percentile magnitude of non-zero cells', () => {
    const rows = ['a,b,label', ...Array.from({ length: 101 }, (_, i) => `${i},${i % 2 === 0 ? 0 : -(i % 7)},0`)];
    withCsv(rows.join('\n') + '\n', (file) => {
      const [a, b] = tableStats(readCsvTable(file), undefined).columns;
      assert.deepEqual([a!.min, a!.q1, a!.median, a!.q3, a!.max], [0, 25, 50, 75, 100]);
      assert.equal(a!.zeros, 1);
      assert.equal(a!.offMedian, 100);
      assert.equal(a!.distinct, 101);
      // 100 non-zero magnitudes 1..100: the 99th percentile interpolates between 99 and 100.
      assert.equal(a!.magnitude, 99.01);
      assert.equal(b!.zeros, 51 + 7, 'even rows are 0, and odd multiples of 7 give -0');
      assert.equal(b!.median, 0);
      assert.equal(b!.magnitude, 6, 'magnitudes of negative cells are absolute values');
    });
  });

  it('counts text cells by value, most frequent first, and keeps all-zero columns without a magnitude', () => {
    withCsv('site,z,label\nnorth,0,1\nsouth,0,0\nnorth,0,1\n?,0,0\n', (file) => {
      const [site, z] = tableStats(readCsvTable(file), undefined).columns;
      assert.deepEqual(site!.textValues, [{ value: 'north', count: 2 }, { value: 'south', count: 1 }, { value: '?', count: 1 }]);
      assert.equal(site!.textDistinct, 3);
      assert.equal(site!.median, null);
      assert.equal(z!.magnitude, null);
      assert.equal(z!.distinct, 1);
    });
  });
});

describe('FeatureStats of True/False columns', () => {
  it('counts a pandas bool column as numeric 1/0 with no text values, and a yes/no or mixed column as text', () => {
    withCsv('flag,word,mixed,label\nTrue,yes,True,0\nfalse,no,1,1\nTRUE,no,False,0\n,yes,0,1\n', (file) => {
      const [flag, word, mixed] = tableStats(readCsvTable(file), undefined).columns;
      assert.deepEqual([flag!.numeric, flag!.missing, flag!.nonNumeric, flag!.min, flag!.max, flag!.mean, flag!.zeros], [3, 1, 0, 0, 1, 2 / 3, 1]);
      assert.deepEqual(flag!.textValues, []);
      assert.equal(flag!.textDistinct, 0);
      assert.deepEqual(flag!.badCells, [{ row: 5, value: '' }], 'only the empty cell is a bad cell');
      assert.equal(word!.nonNumeric, 4);
      assert.deepEqual(word!.textValues, [{ value: 'yes', count: 2 }, { value: 'no', count: 2 }]);
      assert.deepEqual([mixed!.numeric, mixed!.nonNumeric], [2, 2]);
      assert.deepEqual(mixed!.textValues, [{ value: 'True', count: 1 }, { value: 'False', count: 1 }]);
    });
  });
});

describe('RowDuplicates', () => {
  it('counts training rows that repeat inside training, whatever their labels', () => {
    withCsv('a,b,label\n1,2,0\n1,2,0\n3,4,1\n3,4,0\n5,6,1\n', (file) => {
      const table = readCsvTable(file);
      const result = findRowDuplicates(table, null, undefined);
      assert.equal(result.trainRows, 5);
      assert.equal(result.duplicateTrainRows, 4);
      assert.equal(result.conflictingRows, 2);
      assert.deepEqual(result.conflictExamples, [{ rows: [4, 5], labels: ['1', '0'] }]);
    });
  });
});
