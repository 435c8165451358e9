/**
 * Property tests of the loaders on generated inputs: arbitrary bytes and manifests never crash or hang the CSV
 * readers or the model-manifest validation (only InputError escapes), and valid CSVs, quoted or not, read back to
 * the same numbers as csv-parse.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { parse as parseReference } from 'csv-parse/sync';
import { readCsvTable } from '../../src/load/csv.js';
import { scanLabels } from '../../src/load/label-stream.js';
import { parseWeightSpecs, readModelFiles } from '../../src/load/model-files.js';
import { InputError } from '../../src/errors.js';

const SEED = 20261127;
const dir = mkdtempSync(join(tmpdir(), 'nndoctor-props-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
function file(content: string | Uint8Array, name = `f${counter++}.csv`): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Runs `work`; success or an InputError are fine, anything else (a bug) fails the property. */
async function onlyInputErrors(work: () => unknown): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    assert.ok(error.toLine().length > 0 && !error.toLine().includes('\n'), 'one line');
  }
}

/** Bytes biased towards what breaks CSV readers: separators, quotes, line ends, BOM, invalid UTF-8, NUL. */
const csvishBytes = fc
  .array(
    fc.oneof(
      fc.constantFrom(',', '"', '\n', '\r', '\r\n', 'label', 'a', '1', '0', '.', '-', 'e', ' ', 'NaN', 'inf', '\uFEFF', '\u0000', 'é'),
      fc.integer({ min: 0, max: 255 }).map((b) => String.fromCharCode(b)),
    ),
    { maxLength: 120 },
  )
  .map((parts) => {
    // Strings with code points ≥ 0x80 from the byte branch become raw bytes (often invalid UTF-8).
    const bytes: number[] = [];
    for (const part of parts) {
      if (part.length === 1 && part.charCodeAt(0) < 256 && part !== 'é') bytes.push(part.charCodeAt(0));
      else bytes.push(...Buffer.from(part, 'utf8'));
    }
    return Uint8Array.from(bytes);
  });

describe('CSV readers on arbitrary bytes', () => {
  it('readCsvTable never crashes: it returns a table or throws InputError', async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(csvishBytes, fc.uint8Array({ maxLength: 200 })), async (bytes) => {
      const path = file(bytes);
      await onlyInputErrors(() => readCsvTable(path));
    }), { seed: SEED, numRuns: 200 });
  });

  it('scanLabels never crashes or hangs: it returns counts or throws InputError', async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(csvishBytes, fc.uint8Array({ maxLength: 200 })), fc.constantFrom<string[] | undefined>(undefined, ['label'], ['a', 'label']), async (bytes, label) => {
      const path = file(bytes);
      await onlyInputErrors(() => scanLabels(path, label));
    }), { seed: SEED, numRuns: 200, interruptAfterTimeLimit: 20_000 });
  });
});

/** A manifest built from plausible and hostile parts: escaping paths, huge or odd shapes, unknown dtypes. */
const hostileManifest = fc.array(
  fc.record({
    paths: fc.oneof(fc.array(fc.constantFrom('w.bin', '../w.bin', '/etc/passwd', 'sub/../w.bin', 'missing.bin', '', 'http://x/w.bin'), { maxLength: 3 }), fc.anything()),
    weights: fc.oneof(
      fc.array(
        fc.record({
          name: fc.oneof(fc.constantFrom('k', 'b', ''), fc.anything()),
          shape: fc.oneof(fc.array(fc.oneof(fc.integer({ min: -2, max: 8 }), fc.constantFrom(1e9, 2 ** 31, 1.5, NaN)), { maxLength: 4 }), fc.anything()),
          dtype: fc.constantFrom('float32', 'int32', 'bool', 'float64', 'string', 7),
        }, { requiredKeys: [] }),
        { maxLength: 3 },
      ),
      fc.anything(),
    ),
  }, { requiredKeys: [] }),
  { maxLength: 3 },
);

describe('model-manifest validation on arbitrary manifests', () => {
  it('parseWeightSpecs throws only InputError and bounds the declared size', async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(hostileManifest, fc.anything()), async (manifest) => {
      await onlyInputErrors(() => {
        const { totalBytes } = parseWeightSpecs(manifest, 'model.json');
        assert.ok(Number.isSafeInteger(totalBytes) && totalBytes <= 2 ** 30 * 4, `bounded: ${totalBytes}`);
      });
    }), { seed: SEED, numRuns: 400 });
  });

  it('readModelFiles on a folder with a random manifest and shard only returns consistent files or InputError', async () => {
    const topology = { class_name: 'Sequential', config: { name: 's', layers: [{ class_name: 'Dense', config: { units: 2, name: 'd' } }] } };
    await fc.assert(fc.asyncProperty(hostileManifest, fc.uint8Array({ maxLength: 64 }), async (manifest, shard) => {
      const folder = mkdtempSync(join(dir, 'model-'));
      writeFileSync(join(folder, 'w.bin'), shard);
      const path = join(folder, 'model.json');
      writeFileSync(path, JSON.stringify({ format: 'layers-model', modelTopology: topology, weightsManifest: manifest }) ?? 'null');
      await onlyInputErrors(() => {
        const files = readModelFiles(path);
        const declared = files.weightSpecs.reduce((sum, s) => sum + s.shape.reduce((a, b) => a * b, 1) * (s.dtype === 'bool' ? 1 : 4), 0);
        assert.equal(files.weightData?.byteLength ?? 0, declared);
      });
    }), { seed: SEED, numRuns: 200 });
  });

  it('readModelFiles on arbitrary model.json bytes only throws InputError', async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v) ?? ''))), async (bytes) => {
      const folder = mkdtempSync(join(dir, 'raw-'));
      const path = join(folder, 'model.json');
      writeFileSync(path, bytes);
      await onlyInputErrors(() => readModelFiles(path));
    }), { seed: SEED, numRuns: 200 });
  });
});

/** A valid numeric CSV: header, rows of finite numbers, each cell maybe quoted, LF or CRLF, maybe a BOM. */
const validCsv = fc
  .record({
    width: fc.integer({ min: 2, max: 5 }),
    rows: fc.integer({ min: 1, max: 12 }),
    crlf: fc.boolean(),
    bom: fc.boolean(),
    finalNewline: fc.boolean(),
  })
  .chain(({ width, rows, crlf, bom, finalNewline }) =>
    fc.record({
      cells: fc.array(
        fc.tuple(
          fc.array(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: -1000, max: 1000 })), { minLength: width - 1, maxLength: width - 1 }),
          fc.oneof(fc.integer({ min: 0, max: 4 }), fc.constantFrom(0.5, 2.25)),
        ),
        { minLength: rows, maxLength: rows },
      ),
      quoting: fc.array(fc.boolean(), { minLength: rows * width, maxLength: rows * width }),
      width: fc.constant(width),
      crlf: fc.constant(crlf),
      bom: fc.constant(bom),
      finalNewline: fc.constant(finalNewline),
    }),
  )
  .map(({ cells, quoting, width, crlf, bom, finalNewline }) => {
    const eol = crlf ? '\r\n' : '\n';
    const header = [...Array.from({ length: width - 1 }, (_, i) => `x${i}`), 'label'].join(',');
    const lines = cells.map(([features, label], r) =>
      [...features, label].map((value, c) => (quoting[r * width + c] ? `"${String(value)}"` : String(value))).join(','),
    );
    return (bom ? '\uFEFF' : '') + [header, ...lines].join(eol) + (finalNewline ? eol : '');
  });

describe('valid CSVs read back to the reference parser\'s numbers', () => {
  it('readCsvTable matches csv-parse cell by cell', async () => {
    await fc.assert(fc.asyncProperty(validCsv, async (text) => {
      const reference = parseReference(text, { bom: true }) as string[][];
      const table = readCsvTable(file(text));
      assert.deepEqual(table.header, reference[0]);
      assert.equal(table.rows, reference.length - 1);
      table.columns.forEach((column, c) => {
        for (let r = 0; r < table.rows; r++) assert.equal(column.values[r], Number(reference[r + 1]![c]), `row ${r} column ${c}`);
      });
    }), { seed: SEED, numRuns: 100 });
  });

  it('scanLabels counts the same labels as csv-parse', async () => {
    await fc.assert(fc.asyncProperty(validCsv, async (text) => {
      const reference = parseReference(text, { bom: true }) as string[][];
      const expected = new Map<string, number>();
      for (const row of reference.slice(1)) {
        const key = String(Number(row[row.length - 1]));
        expected.set(key, (expected.get(key) ?? 0) + 1);
      }
      const table = await scanLabels(file(text), undefined);
      assert.equal(table.rows, reference.length - 1);
      assert.deepEqual(new Map(table.classes.map((c) => [c.label, c.count])), expected);
    }), { seed: SEED, numRuns: 100 });
  });
});

describe('scanLabels across its 16 MB read chunks', () => {
  it('counts every row of a ~40 MB file whose lines straddle chunk boundaries, including a 20 MB line', async () => {
    const rng = fc.sample(fc.integer({ min: 0, max: 2 ** 30 }), { seed: SEED, numRuns: 1 })[0]!;
    let state = rng;
    const next = (): number => (state = (Math.imul(state, 1103515245) + 12345) >>> 0);
    const expected = new Map<string, number>();
    const parts: string[] = ['a,b,label\n'];
    let size = parts[0]!.length;
    let rows = 0;
    while (size < 40 * 1024 * 1024) {
      const label = String(next() % 7);
      // Row 1000 carries a 20 MB feature cell, so the reader must grow its buffer past one chunk.
      const width = rows === 1000 ? 20 * 1024 * 1024 : 1 + (next() % 300);
      const line = `${'9'.repeat(width)},${next() % 100},${label}${next() % 3 === 0 ? '\r\n' : '\n'}`;
      parts.push(line);
      size += line.length;
      rows += 1;
      expected.set(label, (expected.get(label) ?? 0) + 1);
    }
    const table = await scanLabels(file(parts.join('')), undefined);
    assert.equal(table.rows, rows);
    assert.deepEqual(new Map(table.classes.map((c) => [c.label, c.count])), expected);
  });
});
