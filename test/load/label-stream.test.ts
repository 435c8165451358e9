import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { scanLabels } from '../../src/load/label-stream.js';
import { InputError } from '../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'nndoctor-labels-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function csv(text: string | Buffer): string {
  const file = join(dir, `f${n++}.csv`);
  writeFileSync(file, text);
  return file;
}

function counts(table: Awaited<ReturnType<typeof scanLabels>>): Record<string, number> {
  return Object.fromEntries(table.classes.map((c) => [c.label, c.count]));
}

describe('scanLabels', () => {
  const plain = 'a,b,label\n1,2,0\n3,4,1\n5,6,1\n';
  it('counts the conventional label column', async () => {
    assert.deepEqual(counts(await scanLabels(csv(plain), undefined)), { 0: 1, 1: 2 });
  });
  it('gives the same counts with CRLF, a BOM, no final newline, and quotes (csv-parse path)', async () => {
    const expected = { 0: 1, 1: 2 };
    assert.deepEqual(counts(await scanLabels(csv(plain.replace(/\n/g, '\r\n')), undefined)), expected);
    assert.deepEqual(counts(await scanLabels(csv('\uFEFF' + plain), undefined)), expected);
    assert.deepEqual(counts(await scanLabels(csv(plain.trimEnd()), undefined)), expected);
    assert.deepEqual(counts(await scanLabels(csv('a,b,label\n"1,5",2,0\n3,4,"1"\n5,6,1\n'), undefined)), expected);
  });
  it('finds a label in the first, middle or last column, from --label', async () => {
    const text = 'y,m,z\n0,a,9\n1,b,9\n1,a,8\n';
    assert.deepEqual(counts(await scanLabels(csv(text), ['y'])), { 0: 1, 1: 2 });
    assert.deepEqual(counts(await scanLabels(csv(text), ['m'])), { a: 2, b: 1 });
    assert.deepEqual(counts(await scanLabels(csv(text), ['z'])), { 8: 1, 9: 2 });
  });
  it('falls back to the last column when no conventional name exists', async () => {
    const table = await scanLabels(csv('x1,x2,species\n1,2,setosa\n1,2,virginica\n'), undefined);
    assert.deepEqual(table.columns, ['species']);
    assert.equal(table.numeric, false);
  });
  it('treats "1.0" and "1" as the same class and records fractions', async () => {
    const table = await scanLabels(csv('x,label\n1,1.0\n2,1\n3,0.5\n'), undefined);
    assert.deepEqual(counts(table), { '0.5': 1, 1: 2 });
    assert.equal(table.nonInteger, 1);
  });
  it('counts empty labels as missing', async () => {
    const table = await scanLabels(csv('x,label\n1,\n2,1\n3,NaN\n'), undefined);
    assert.equal(table.missing, 2);
    assert.equal(table.rows, 3);
  });
  it('counts positives per column for multi-column targets', async () => {
    const table = await scanLabels(csv('x,y0,y1\n1,1,0\n2,0,1\n3,1,1\n'), ['y0', 'y1']);
    assert.equal(table.kind, 'multi');
    assert.deepEqual(counts(table), { y0: 2, y1: 2 });
    assert.deepEqual(table.rowSums, { min: 1, max: 2, notOne: 1 });
  });
  it('reads labels across chunk boundaries (a 40 MB file)', async () => {
    const rows: string[] = ['a,b,label'];
    for (let i = 0; i < 2_000_000; i++) rows.push(`0.125,${i % 7},${i % 3 === 0 ? 2 : i % 2}`);
    const table = await scanLabels(csv(rows.join('\n') + '\n'), undefined);
    assert.equal(table.rows, 2_000_000);
    const expected = { 0: 0, 1: 0, 2: 0 } as Record<string, number>;
    for (let i = 0; i < 2_000_000; i++) expected[i % 3 === 0 ? 2 : i % 2]! += 1;
    assert.deepEqual(counts(table), expected);
  });
  for (const [name, text, row] of [
    ['an empty file', '', undefined],
    ['a header without rows', 'a,label\n', 2],
    ['a ragged row', 'a,b,label\n1,2,0\n3\n', 3],
  ] as const) {
    it(`rejects ${name} with an InputError naming the row`, async () => {
      await assert.rejects(scanLabels(csv(text), undefined), (error: unknown) => {
        assert.ok(error instanceof InputError);
        assert.equal(error.location.row, row);
        assert.ok(error.location.file?.endsWith('.csv'));
        assert.ok(error.fix.length > 0);
        return true;
      });
    });
  }
  it('rejects an unknown --label naming the column', async () => {
    await assert.rejects(scanLabels(csv(plain), ['target']), /no label column "target"/);
  });
});
