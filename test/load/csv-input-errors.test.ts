/**
 * The in-memory CSV reader and the streaming label scanner must describe one bad input in the same words and at
 * the same line, so `check` (whose checks use either) prints it once. Also: a repeated --label column, and absolute
 * paths in nndoctor.json.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { InputError } from '../../src/errors.js';
import { tempCsvWriter } from '../helpers/temp-csv.js';
import { readCsvTable } from '../../src/load/csv.js';
import { scanLabels } from '../../src/load/label-stream.js';
import { resolveLabelColumns } from '../../src/load/label-columns.js';
import { resolveExperimentInputs } from '../../src/load/experiment-folder.js';

const csv = tempCsvWriter('csv-errors');

async function errorOf(run: () => unknown): Promise<InputError> {
  try {
    await run();
  } catch (error) {
    assert.ok(error instanceof InputError, `expected an InputError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected an InputError');
}

const rows = (eol: string, count = 6): string => Array.from({ length: count }, (_, i) => `${i / 10},${i % 2}`).join(eol) + eol;

describe('bad CSV rows are described alike by both readers', () => {
  for (const [name, text, line] of [
    ['plain', `a,label\n${rows('\n')}0.7,1,9\n`, 8],
    ['quoted header, CRLF (csv-parse)', `"a, cm",label\r\n${rows('\r\n')}0.7,1,9\r\n`, 8],
    ['quoted cell spanning lines before the ragged row', `"a",label\n"0\n.5",1\n${rows('\n')}0.7,1,9\n`, 10],
  ] as const) {
    it(`a ragged row (${name}): same message, line ${line}`, async () => {
      const file = csv(text);
      const table = await errorOf(() => readCsvTable(file));
      const labels = await errorOf(() => scanLabels(file, undefined));
      assert.equal(table.message, labels.message);
      assert.equal(table.location.row, line);
      assert.equal(labels.location.row, line);
      assert.match(table.message, /has 3 cells but the header has 2/);
    });
  }

  for (const [name, text] of [
    ['quoted header with a stray \\r (label\\r\\r\\n)', `"a, cm",label\r\r\n${rows('\r\n')}`],
    ['quoted header, bare \\r line ends', `"a, cm",label\r${rows('\r')}`],
    ['plain header with a stray \\r', `a,label\r\r\n${rows('\r\n')}`],
  ] as const) {
    it(`${name}: bare carriage returns on line 1 from both readers`, async () => {
      const file = csv(text);
      const table = await errorOf(() => readCsvTable(file));
      const labels = await errorOf(() => scanLabels(file, undefined));
      assert.equal(table.message, labels.message);
      assert.match(table.message, /uses bare carriage returns/);
      assert.equal(table.location.row, 1);
      assert.equal(labels.location.row, 1);
    });
  }

  it('a \\r inside a quoted header cell is data, not a line end', async () => {
    const file = csv(`"a\rb",label\r\n${rows('\r\n')}`);
    assert.deepEqual(readCsvTable(file).header, ['a\rb', 'label']);
    assert.equal((await scanLabels(file, undefined)).rows, 6);
  });

  it('CRLF with a quoted header loads (control)', async () => {
    const file = csv(`"a, cm",label\r\n${rows('\r\n')}`);
    assert.equal(readCsvTable(file).rows, 6);
    assert.equal((await scanLabels(file, undefined)).rows, 6);
  });
});

describe('--label', () => {
  it('a column named twice is an InputError naming it', async () => {
    const error = await errorOf(() => resolveLabelColumns(['x', 'y0', 'y1'], ['y0', 'y0', 'y1'], 'train.csv'));
    assert.match(error.message, /label column "y0" is listed more than once/);
    assert.equal(error.location.column, 'y0');
  });
  it('distinct columns resolve in the order given', () => {
    assert.deepEqual(resolveLabelColumns(['x', 'y0', 'y1'], ['y1', 'y0'], 'train.csv'), [2, 1]);
  });
});

describe('nndoctor.json paths', () => {
  it('an absolute path is used as given; a relative one is relative to the folder', () => {
    const folder = mkdtempSync(join(tmpdir(), 'nndoctor-config-paths-'));
    after(() => rmSync(folder, { recursive: true, force: true }));
    writeFileSync(join(folder, 'nndoctor.json'), JSON.stringify({ model: '/etc/passwd', data: 'data/x.csv' }));
    const inputs = resolveExperimentInputs(folder, {});
    assert.equal(inputs.model, '/etc/passwd');
    assert.equal(inputs.data, join(folder, 'data/x.csv'));
  });
});
