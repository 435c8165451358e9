import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
  it('reads True/False one-hot targets (pandas get_dummies) as 1/0, in any case', async () => {
    const table = await scanLabels(csv('x,a,b,c\n1,True,False,False\n2,false,TRUE,false\n3,False,False,True\n4,False,True,False\n'), ['a', 'b', 'c']);
    assert.deepEqual(counts(table), { a: 1, b: 2, c: 1 });
    assert.equal(table.numeric, true);
    assert.equal(table.missing, 0);
    assert.deepEqual([table.min, table.max], [0, 1]);
    assert.deepEqual(table.rowSums, { min: 1, max: 1, notOne: 0 });
    // A True/False column beside a 0/1 column: each column is one kind, so the table is numeric.
    const both = await scanLabels(csv('x,a,b\n1,True,0\n2,False,1\n'), ['a', 'b']);
    assert.equal(both.numeric, true);
    assert.deepEqual(counts(both), { a: 1, b: 1 });
  });
  it('keeps targets mixing True/False with numbers in one column, or with other text, non-numeric', async () => {
    const mixed = await scanLabels(csv('x,a,b\n1,True,0\n2,0,1\n'), ['a', 'b']);
    assert.equal(mixed.numeric, false);
    const words = await scanLabels(csv('x,a,b\n1,True,no\n2,False,yes\n'), ['a', 'b']);
    assert.equal(words.numeric, false);
    assert.equal(words.missing, 2);
  });
  it('keeps a single True/False label column as the text classes False and True', async () => {
    const table = await scanLabels(csv('x,label\n1,False\n2,True\n3,False\n'), undefined);
    assert.deepEqual(table.classes, [{ label: 'False', count: 2 }, { label: 'True', count: 1 }]);
    assert.equal(table.numeric, false);
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
  it('reports a bad row before a later quote or invalid UTF-8 byte, whatever the read size', async () => {
    // The scanner reads 2 MB at a time; the first problem in the file wins even when all sit in one read.
    await assert.rejects(scanLabels(csv('a,label\n1,0\n1,2,3\n"q",1\n'), undefined), (error: unknown) => error instanceof InputError && error.location.row === 3 && /has 3 cells/.test(error.message));
    const bytes = Buffer.concat([Buffer.from('a,label\n1,0\n1\n'), Buffer.from([0x31, 0x2c, 0xff, 0x0a])]);
    await assert.rejects(scanLabels(csv(bytes), undefined), (error: unknown) => error instanceof InputError && error.location.row === 3 && /has 1 cells/.test(error.message));
    const utf8First = Buffer.concat([Buffer.from('a,label\n1,0\n'), Buffer.from([0x31, 0x2c, 0xff, 0x0a]), Buffer.from('1,2,3\n')]);
    await assert.rejects(scanLabels(csv(utf8First), undefined), (error: unknown) => error instanceof InputError && error.location.row === 3 && /not valid UTF-8/.test(error.message));
    // Rows after a quote go to csv-parse, which reads the quoted cell properly.
    assert.deepEqual(counts(await scanLabels(csv('a,label\n1,0\n"1,5",1\n'), undefined)), { 0: 1, 1: 1 });
  });
  it('reads a header longer than one read (1 MB of column names)', async () => {
    const names = Array.from({ length: 100_000 }, (_, i) => `feature_${i}`);
    const table = await scanLabels(csv(`${names.join(',')},label\n${'1,'.repeat(names.length)}2\n`), undefined);
    assert.deepEqual(counts(table), { 2: 1 });
  });
  it('counts the same as csv-parse whichever rows the wasm row scanner takes or hands back', async () => {
    // A quoted header sends the same rows through csv-parse: the reference.
    const cells = ['0', '1', '2', '7', '007', '65535', '65536', '999999', '1234567', ' 3', '', 'NaN', '1.5', '-1', 'cat'];
    let state = 12345;
    const next = (): number => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 8;
    for (let file = 0; file < 12; file++) {
      // Some files only numbers (no text/number mix), some with text labels only.
      const pool = file % 3 === 0 ? cells.slice(0, 14) : file % 3 === 1 ? cells.slice(0, 10) : ['cat', 'dog', '', 'emu'];
      const lines: string[] = [];
      for (let row = 0; row < 400; row++) lines.push(`${next() % 100},${pool[next() % pool.length]}${next() % 4 === 0 ? '\r\n' : '\n'}`);
      const body = lines.join('');
      const fast = await scanLabels(csv(`x,label\n${body}`), undefined);
      const reference = await scanLabels(csv(`"x",label\n${body}`), undefined);
      assert.deepEqual({ ...fast, file: '' }, { ...reference, file: '' }, `file ${file}`);
    }
  });
  it('names the right row after long runs taken by the wasm row scanner', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `${i},${i % 5}`);
    const at = async (bad: string, index: number): Promise<InputError> => {
      const copy = [...rows];
      copy[index] = bad;
      try {
        await scanLabels(csv(`x,label\n${copy.join('\n')}\n`), undefined);
      } catch (error) {
        assert.ok(error instanceof InputError);
        return error;
      }
      assert.fail('no error');
    };
    assert.equal((await at('1,2,3', 4321)).location.row, 4323);
    assert.equal((await at('1,Infinity', 4999)).location.row, 5001);
    const mixed = await at('1,cat', 3000);
    assert.equal(mixed.location.row, 3002);
    assert.match(mixed.message, /label "cat" is not a number/);
    // The wasm scanner stops at a line with a byte ≥ 0x80 or a quote in the middle of a run it would take.
    const invalid = Buffer.from(`x,label\n${rows.slice(0, 4321).join('\n')}\n1\xff,2\n${rows.slice(4322).join('\n')}\n`, 'latin1');
    await assert.rejects(scanLabels(csv(invalid), undefined), (error: unknown) => error instanceof InputError && error.location.row === 4323 && /not valid UTF-8/.test(error.message));
    const accented = [...rows];
    accented[4321] = '\u00e9t\u00e9,3';
    assert.deepEqual(counts(await scanLabels(csv(`x,label\n${accented.join('\n')}\n`), undefined)), { 0: 1000, 1: 999, 2: 1000, 3: 1001, 4: 1000 });
    const quoted = [...rows];
    quoted[4321] = '"1,5",2';
    assert.deepEqual(counts(await scanLabels(csv(`x,label\n${quoted.join('\n')}\n`), undefined)), { 0: 1000, 1: 999, 2: 1001, 3: 1000, 4: 1000 });
  });
  it('keeps counting and numbering rows across a line longer than the reader\'s carry-over area', async () => {
    // Lines cross 2 MB reads; a 600 kB line cannot be carried into the next half and switches to the serial reader.
    const rows: string[] = [];
    for (let i = 0; i < 120_000; i++) rows.push(i === 80_000 ? `${'7'.repeat(600_000)},1` : `${'3'.repeat(i % 90)},${i % 4}`);
    const text = `x,label\n${rows.join('\n')}\n`;
    assert.deepEqual(counts(await scanLabels(csv(text), undefined)), { 0: 29_999, 1: 30_001, 2: 30_000, 3: 30_000 });
    rows[110_000] = '1,2,3';
    await assert.rejects(scanLabels(csv(`x,label\n${rows.join('\n')}\n`), undefined), (error: unknown) => error instanceof InputError && error.location.row === 110_002);
  });
  it('gives the same counts when two scans run at once (they cannot share the wasm buffer)', async () => {
    const a = csv(`x,label\n${Array.from({ length: 300_000 }, (_, i) => `${i},${i % 3}`).join('\n')}\n`);
    const b = csv(`x,label\n${Array.from({ length: 200_000 }, (_, i) => `${i},${i % 5 === 0 ? 'cat' : 'dog'}`).join('\n')}\n`);
    const [one, two] = await Promise.all([scanLabels(a, undefined), scanLabels(b, undefined)]);
    assert.deepEqual(one, await scanLabels(a, undefined));
    assert.deepEqual(two, await scanLabels(b, undefined));
    assert.deepEqual(counts(two), { cat: 40_000, dog: 160_000 });
  });
  it('rejects an unknown --label naming the column', async () => {
    await assert.rejects(scanLabels(csv(plain), ['target']), /no label column "target"/);
  });
});

// The command line runs with one libuv pool thread and two reads queued (READS_IN_FLIGHT); this process has the
// default pool and one read. Every test above runs again the CLI's way.
if (process.env.UV_THREADPOOL_SIZE !== '1') {
  describe('scanLabels with one pool thread and two reads queued', () => {
    it('passes every scanLabels test above', () => {
      const self = fileURLToPath(import.meta.url);
      // Without NODE_TEST_CONTEXT, which would make the child report to this runner instead of running the tests.
      const { NODE_TEST_CONTEXT: _, ...env } = process.env;
      const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=tap', self], {
        cwd: join(dirname(self), '..', '..'), encoding: 'utf8', env: { ...env, UV_THREADPOOL_SIZE: '1' }, timeout: 120_000,
      });
      assert.equal(result.status, 0, result.stdout.slice(-2000) + result.stderr.slice(-2000));
      const passed = Number(/^# pass (\d+)$/m.exec(result.stdout)?.[1]);
      assert.ok(passed >= 20, `the tests ran (${passed} passed)`);
      assert.match(result.stdout, /^# fail 0$/m);
    });
  });
}
