/**
 * Streams the label column(s) of a CSV and counts labels in O(classes) memory. A byte scanner handles plain
 * files (2 MB reads; rows found and their commas counted by a SIMD scanner); a file with a quote character is
 * re-read with csv-parse. (Splitting a large file between two worker threads was measured slower here: two
 * threads reading halves of a cached 1 GB file took 0.45 s against 0.30 s for one.)
 */
import { isUtf8 } from 'node:buffer';
import { createRequire } from 'node:module';
import { closeSync, createReadStream, fstatSync, openSync, read, readSync } from 'node:fs';
import type { Transform, TransformCallback } from 'node:stream';
import { InputError } from '../errors.js';
import type { LabelTable } from '../gather/artifacts.js';
import { assertNoBareCarriageReturn, assertRegularFile, booleanCell, checkHeader, mixedLabelError, parseCell, raggedRowError } from './csv.js';
import { countCommas, simdCommaCounter, wordView, type SimdCommaCounter } from './comma-count.js';
import { resolveLabelColumns } from './label-columns.js';

/**
 * Reads of 2 MB: 6-9 ms per GB faster than 4 MB (half the fresh buffer to fault in, and fresh pages cost ~3 ms per
 * MB on the 2-core bench VM) and faster than 1 MB (twice the round trips to libuv's thread pool).
 */
const CHUNK_BYTES = 2 * 1024 * 1024;
/**
 * Reads queued at once. With a single libuv pool thread (the CLI sets UV_THREADPOOL_SIZE=1, bin/nndoctor.js), a
 * second queued read keeps it busy: handing each read to an idle thread cost ~70 µs of the scanning thread's time
 * on the bench VM (its wake-up), ~35 ms per GB in 2 MB reads. With several pool threads, two reads would run at
 * once and compete with the scan for the cores, so one is queued.
 */
const READS_IN_FLIGHT = process.env.UV_THREADPOOL_SIZE === '1' ? 2 : 1;
const MAX_HEADER_BYTES = 16 * 1024 * 1024;
const MAX_LINE_BYTES = 64 * 1024 * 1024;
const NEWLINE = 10;
const COMMA = 44;
const QUOTE = 34;
const CR = 13;

/** Accumulates label statistics; the same code serves the fast and the csv-parse path. */
class LabelAccumulator {
  private readonly smallInts: number[] = [];
  private readonly others = new Map<string, number>();
  private readonly positives: number[];
  /** multi: columns where a number cell, and where a True/False cell, was seen. */
  private readonly numberColumns: boolean[];
  private readonly booleanColumns: boolean[];
  rows = 0;
  missing = 0;
  nonNumericSeen = false;
  nonInteger = 0;
  readonly nonIntegerExamples: string[] = [];
  min = Infinity;
  max = -Infinity;
  rowSumMin = Infinity;
  rowSumMax = -Infinity;
  rowSumNotOne = 0;
  /** First file line holding a text label, and first holding a numeric one: a column mixing both is corrupt. */
  firstTextLine = 0;
  firstTextCell = '';
  firstNumberLine = 0;

  constructor(readonly width: number) {
    this.positives = new Array<number>(width).fill(0);
    this.numberColumns = new Array<boolean>(width).fill(false);
    this.booleanColumns = new Array<boolean>(width).fill(false);
  }

  addSmallInt(value: number, line = 0): void {
    this.rows += 1;
    if (this.firstNumberLine === 0) this.firstNumberLine = line;
    this.smallInts[value] = (this.smallInts[value] ?? 0) + 1;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }

  /** Adds rows counted by the wasm scanner: histogram[v] rows labelled v, the first of them on file line `firstLine`. */
  addHistogram(histogram: Int32Array, firstLine: number): void {
    let total = 0;
    for (let value = 0; value < histogram.length; value++) {
      const count = histogram[value]!;
      if (count === 0) continue;
      total += count;
      this.smallInts[value] = (this.smallInts[value] ?? 0) + count;
      if (value < this.min) this.min = value;
      if (value > this.max) this.max = value;
    }
    if (total === 0) return;
    this.rows += total;
    if (this.firstNumberLine === 0 || firstLine < this.firstNumberLine) this.firstNumberLine = firstLine;
  }

  addCell(raw: string, line: number, file: string): void {
    this.rows += 1;
    const cell = raw.trim();
    const { kind, value } = parseCell(cell);
    if (kind === 'missing' || (kind === 'non-finite' && Number.isNaN(value))) {
      this.missing += 1;
      return;
    }
    if (kind === 'non-finite') {
      // ±Infinity is neither a class nor a usable regression target; NaN/empty stay countable as "missing".
      throw new InputError(`label "${cell}" is not a finite number`, { file, row: line }, 'fix or drop that row');
    }
    if (kind === 'text') {
      this.nonNumericSeen = true;
      if (this.firstTextLine === 0) {
        this.firstTextLine = line;
        this.firstTextCell = cell;
      }
      this.others.set(cell, (this.others.get(cell) ?? 0) + 1);
      return;
    }
    if (this.firstNumberLine === 0) this.firstNumberLine = line;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    if (Number.isInteger(value) && value >= 0 && value < 1_000_000) {
      this.smallInts[value] = (this.smallInts[value] ?? 0) + 1;
      return;
    }
    if (!Number.isInteger(value)) {
      this.nonInteger += 1;
      if (this.nonIntegerExamples.length < 5 && !this.nonIntegerExamples.includes(cell)) this.nonIntegerExamples.push(cell);
    }
    const key = String(value);
    this.others.set(key, (this.others.get(key) ?? 0) + 1);
  }

  /**
   * One row of several target columns. True/False cells (pandas writes get_dummies one-hot targets so) count as
   * 1/0, as readCsvTable reads a column of them; a column holding both booleans and numbers makes the table
   * non-numeric, as the dataset loader then rejects that column.
   */
  addMultiRow(cells: readonly string[]): void {
    this.rows += 1;
    let sum = 0;
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i]!.trim();
      let { kind, value } = parseCell(cell);
      if (kind === 'number') this.numberColumns[i] = true;
      else if (kind === 'text') {
        const truth = booleanCell(cell);
        if (!Number.isNaN(truth)) {
          kind = 'number';
          value = truth;
          this.booleanColumns[i] = true;
        }
      }
      if (kind !== 'number') {
        this.missing += 1;
        if (kind === 'text') this.nonNumericSeen = true;
        return;
      }
      sum += value;
      if (value < this.min) this.min = value;
      if (value > this.max) this.max = value;
      if (!Number.isInteger(value)) this.nonInteger += 1;
      if (value > 0.5) this.positives[i]! += 1;
    }
    if (sum < this.rowSumMin) this.rowSumMin = sum;
    if (sum > this.rowSumMax) this.rowSumMax = sum;
    if (Math.abs(sum - 1) > 1e-3) this.rowSumNotOne += 1;
  }

  toTable(file: string, columns: string[]): LabelTable {
    const hasNumbers = this.min !== Infinity;
    if (columns.length > 1) {
      const mixed = this.booleanColumns.some((seen, i) => seen && this.numberColumns[i]);
      return {
        file, rows: this.rows, columns, kind: 'multi',
        classes: columns.map((label, i) => ({ label, count: this.positives[i]! })),
        missing: this.missing, numeric: !this.nonNumericSeen && !mixed, nonInteger: this.nonInteger, nonIntegerExamples: [],
        min: hasNumbers ? this.min : null, max: hasNumbers ? this.max : null,
        rowSums: { min: this.rowSumMin === Infinity ? 0 : this.rowSumMin, max: this.rowSumMax === -Infinity ? 0 : this.rowSumMax, notOne: this.rowSumNotOne },
      };
    }
    if (this.firstTextLine > 0 && this.firstNumberLine > 0) {
      throw mixedLabelError(file, this.firstTextLine, this.firstTextCell, columns[0]!);
    }
    const numericClasses: Array<{ label: string; count: number; value: number }> = [];
    this.smallInts.forEach((count, value) => {
      if (count) numericClasses.push({ label: String(value), count, value });
    });
    const textClasses: Array<{ label: string; count: number }> = [];
    for (const [label, count] of this.others) {
      const { kind, value } = parseCell(label);
      if (kind === 'number') numericClasses.push({ label, count, value });
      else textClasses.push({ label, count });
    }
    numericClasses.sort((a, b) => a.value - b.value);
    textClasses.sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
    return {
      file, rows: this.rows, columns, kind: 'single',
      classes: [...numericClasses.map(({ label, count }) => ({ label, count })), ...textClasses],
      missing: this.missing, numeric: !this.nonNumericSeen, nonInteger: this.nonInteger, nonIntegerExamples: this.nonIntegerExamples,
      min: hasNumbers ? this.min : null, max: hasNumbers ? this.max : null,
    };
  }
}

/** Counts the labels of a CSV file. `labelSpec` follows DESIGN (--label), undefined picks the conventional column. */
export async function scanLabels(file: string, labelSpec: readonly string[] | undefined): Promise<LabelTable> {
  assertRegularFile(file);
  const fast = await scanLabelsFast(file, labelSpec);
  if (fast) return fast;
  return scanLabelsWithCsvParse(file, labelSpec);
}

function parseHeaderLine(line: string, file: string): string[] {
  if (line.includes('\r')) throw new InputError('uses bare carriage returns (\\r) as line ends', { file, row: 1 }, "convert the line ends to \\n or \\r\\n (e.g. `tr '\\r' '\\n'`)");
  if (line.trim() === '') throw new InputError('the header row is empty', { file, row: 1 }, 'put the column names on the first line');
  // Only a header without quote characters comes here, and such a line's cells are exactly its comma-separated parts.
  const header = line.split(',').map((h) => h.trim());
  checkHeader(header, file);
  return header;
}

/** The header's cells and the byte offset of the first data line; null when the header needs csv-parse (quotes). */
function readHeader(fd: number, file: string): { header: string[]; dataStart: number } | null {
  let buffer = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, 64 * 1024));
  let filled = 0;
  let end = -1;
  for (;;) {
    const n = readAt(fd, buffer, filled, buffer.length - filled, filled);
    filled += n;
    end = buffer.indexOf(NEWLINE);
    if (end !== -1 && end < filled) break;
    end = -1;
    if (filled < buffer.length) break; // the file ends inside the header
    if (buffer.length >= MAX_HEADER_BYTES) throw new InputError(`the header line is longer than ${MAX_HEADER_BYTES / 1024 / 1024} MB`, { file, row: 1 }, 'check that this is a CSV file');
    const bigger = Buffer.allocUnsafe(buffer.length * 4);
    buffer.copy(bigger, 0, 0, filled);
    buffer = bigger;
  }
  if (filled === 0) throw new InputError('is empty', { file }, 'give a CSV with a header row and data rows');
  const bom = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
  const headerEnd = end === -1 ? filled : end;
  const headerBytes = buffer.subarray(bom, Math.max(bom, headerEnd));
  if (!isUtf8(headerBytes)) throw invalidUtf8(file, 1);
  if (headerBytes.includes(QUOTE)) {
    // Before csv-parse sees it: it would take a stray \r as the record delimiter and report rows at twice their line.
    assertNoBareCarriageReturn(headerBytes.toString('utf8'), file);
    return null;
  }
  return { header: parseHeaderLine(headerBytes.toString('utf8').replace(/\r$/, ''), file), dataStart: headerEnd + 1 };
}

/** Returns null when the file needs the full CSV parser (quotes, or several label columns). */
async function scanLabelsFast(file: string, labelSpec: readonly string[] | undefined): Promise<LabelTable | null> {
  const fd = openForReading(file);
  try {
    const head = readHeader(fd, file);
    if (!head) return null;
    const { header, dataStart } = head;
    const labelIndices = resolveLabelColumns(header, labelSpec, file);
    if (labelIndices.length !== 1) return null;
    const range: RangeSpec = { file, from: dataStart, to: fstatSync(fd).size, width: header.length, labelIndex: labelIndices[0]! };
    const acc = new LabelAccumulator(1);
    if ((await scanRange(fd, range, acc)) === null) return null;
    if (acc.rows === 0) throw new InputError('has a header but no data rows', { file, row: 2 }, 'add data rows');
    return acc.toTable(file, [header[range.labelIndex]!]);
  } finally {
    closeSync(fd);
  }
}

interface RangeSpec {
  file: string;
  /** Byte range of whole lines: `from` is a line start, `to` the file end. */
  from: number;
  to: number;
  width: number;
  labelIndex: number;
}

/** Where a scan stands between blocks of lines. */
interface ScanState {
  /** File line of the last line handled (the header is line 1). */
  line: number;
  /** File line of the first row counted by the wasm `rows` (0: none yet). */
  firstCountedLine: number;
  /** Rows to hand to the per-row code before trying `rows` again, after it took none (e.g. text labels). */
  perRowFor: number;
}

/** Bytes before each slot of the wasm buffer where the partial line carried over from the previous slot is put. */
const CARRY_BYTES = 256 * 1024;
/** The wasm buffer is shared by every scan in the process; a scan that finds it in use takes the JavaScript path. */
let wasmBufferInUse = false;

/**
 * Scans the rows in [range.from, range.to) into `acc`. Returns null at a quote character (the file needs
 * csv-parse). With the wasm scanner the file is read into the next slots of its buffer while one slot is being
 * scanned, so the kernel's copy (on a libuv thread) and the scan overlap: measured 0.23 s against 0.29 s per GB
 * for read-then-scan when a second core is free, for ~25 % more CPU time (no faster when both cores are busy).
 */
async function scanRange(fd: number, range: RangeSpec, acc: LabelAccumulator): Promise<number | null> {
  const state: ScanState = { line: 1, firstCountedLine: 0, perRowFor: 0 };
  const slot = CARRY_BYTES + CHUNK_BYTES;
  const slots = READS_IN_FLIGHT + 1;
  const simd = wasmBufferInUse ? null : simdCommaCounter(slots * slot);
  if (!simd) return scanRangeSerially(fd, range, acc, state, range.from, Buffer.allocUnsafe(CHUNK_BYTES), 0);
  wasmBufferInUse = true;
  const counter = range.labelIndex === range.width - 1 ? simd : null;
  counter?.clearHistogram();
  const { buffer } = simd;
  // Reads land in the slots in turn; each slot is read into again only after its carry was copied out.
  const inFlight: Array<Promise<number>> = [];
  let issued = range.from;
  let nextSlot = 0;
  const issueRead = (): void => {
    const length = Math.min(CHUNK_BYTES, range.to - issued);
    inFlight.push(readAsync(fd, buffer, nextSlot * slot + CARRY_BYTES, length, issued));
    issued += length;
    nextSlot = (nextSlot + 1) % slots;
  };
  try {
    let position = range.from;
    let current = 0;
    let carryFrom = 0;
    let carryLength = 0;
    issueRead();
    while (inFlight.length < READS_IN_FLIGHT && issued < range.to) issueRead();
    for (;;) {
      const n = await inFlight.shift()!;
      const dataAt = current * slot + CARRY_BYTES;
      position += n;
      const eof = position >= range.to || n < CHUNK_BYTES;
      if (carryLength > CARRY_BYTES) {
        // A line longer than the carry area: finish the file with the growing serial reader.
        const joined = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, 2 * (carryLength + n)));
        buffer.copy(joined, 0, carryFrom, carryFrom + carryLength);
        buffer.copy(joined, carryLength, dataAt, dataAt + n);
        const line = scanRangeSerially(fd, range, acc, state, position, joined, carryLength + n);
        if (line !== null && counter) acc.addHistogram(counter.histogram.subarray(0, counter.histogramUsed()), state.firstCountedLine);
        return line;
      }
      // The partial line left over from the previous slot goes just before the new data, so lines stay contiguous.
      const start = dataAt - carryLength;
      buffer.copy(buffer, start, carryFrom, carryFrom + carryLength);
      const dataEnd = dataAt + n;
      // The next read goes into the previous slot (its carry has just been copied out) while this one is scanned.
      if (!eof && issued < range.to) issueRead();
      const limit = eof ? dataEnd : Math.max(start, buffer.lastIndexOf(NEWLINE, dataEnd - 1) + 1);
      const pos = scanLines(buffer, simd, null, start, limit, range, acc, state, counter !== null);
      if (pos === null) return null;
      if (eof) {
        if (counter) acc.addHistogram(counter.histogram.subarray(0, counter.histogramUsed()), state.firstCountedLine);
        return state.line;
      }
      carryFrom = pos;
      carryLength = dataEnd - pos;
      current = (current + 1) % slots;
    }
  } finally {
    // Reads still in flight write into the shared buffer (and use fd): let them land before anyone reuses them.
    await Promise.allSettled(inFlight);
    wasmBufferInUse = false;
  }
}

/**
 * The reader without the wasm buffer: whole lines from `buffer` (holding `filled` bytes, the file continuing at
 * `position`), growing it for a very long line. Returns the file line of the last line, or null at a quote.
 */
function scanRangeSerially(fd: number, range: RangeSpec, acc: LabelAccumulator, state: ScanState, position: number, buffer: Buffer, filled: number): number | null {
  let words = wordView(buffer);
  const read = (at: number): number => {
    const n = readAt(fd, buffer, at, Math.min(buffer.length - at, range.to - position), position);
    position += n;
    return n;
  };
  filled += read(filled);
  let eof = position >= range.to || filled < buffer.length;
  let pos = 0;
  for (;;) {
    // Only whole lines are handled here; a partial last line waits for the next read.
    const limit = eof ? filled : Math.max(pos, buffer.lastIndexOf(NEWLINE, filled - 1) + 1);
    const next = scanLines(buffer, null, words, pos, limit, range, acc, state, false);
    if (next === null) return null;
    pos = next;
    if (eof) return state.line;
    // Move the partial line to the front (growing the buffer for a very long line) and read more.
    const rest = filled - pos;
    if (rest >= buffer.length) {
      if (buffer.length >= MAX_LINE_BYTES) throw new InputError(`has a line longer than ${MAX_LINE_BYTES / 1024 / 1024} MB`, { file: range.file, row: state.line + 1 }, 'check that this is a CSV file');
      const bigger = Buffer.allocUnsafe(buffer.length * 2);
      buffer.copy(bigger, 0, pos, filled);
      buffer = bigger;
      words = wordView(buffer);
    } else if (rest > 0) {
      buffer.copy(buffer, 0, pos, filled);
    }
    pos = 0;
    filled = rest + read(rest);
    eof = position >= range.to || filled < buffer.length;
  }
}

/**
 * Handles the whole lines in buffer[pos, limit); returns where it stopped (limit), or null at a quote character
 * (the file needs csv-parse). Problems are reported in file order whatever the read size: a quote or invalid
 * UTF-8 stops the scan at its own line, so a bad row before it is reported first.
 */
function scanLines(buffer: Buffer, simd: SimdCommaCounter | null, words: Int32Array | null, pos: number, limit: number, range: RangeSpec, acc: LabelAccumulator, state: ScanState, useRows: boolean): number | null {
  const { file, width, labelIndex } = range;
  let stop = limit;
  let stopIsQuote = false;
  // The wasm scanner flags each line holding a quote or a non-ASCII byte as it passes; without it the block is searched first.
  if (!simd && pos < limit) {
    const block = buffer.subarray(pos, limit);
    const quote = block.indexOf(QUOTE);
    if (quote !== -1) {
      stop = pos + block.lastIndexOf(NEWLINE, quote) + 1;
      stopIsQuote = true;
    }
    // Newline bytes never occur inside a multi-byte character, so whole lines validate on their own.
    if (!isUtf8(stop === limit ? block : block.subarray(0, stop - pos))) {
      stop = pos + firstInvalidLineStart(block);
      stopIsQuote = false;
    }
  }
  let line = state.line;
  while (pos < stop) {
    if (useRows && state.perRowFor === 0) {
      // Runs of rows with small integer labels in the last column are counted inside wasm.
      pos = simd!.rows(pos, stop, width - 1);
      const taken = simd!.taken();
      if (taken > 0 && state.firstCountedLine === 0) state.firstCountedLine = line + 1;
      line += taken;
      if (taken === 0) state.perRowFor = 64;
      if (pos >= stop) break;
    } else if (state.perRowFor > 0) {
      state.perRowFor -= 1;
    }
    // The row at pos is handled here: a bad row, a label that is not a small integer, or no wasm scanner.
    let end: number;
    let lineCommas = 0;
    if (simd) {
      // One wasm call finds the line end and counts its commas.
      end = simd.line(pos, stop);
      lineCommas = simd.commas();
      if (simd.flags() !== 0) {
        const bytes = buffer.subarray(pos, end);
        if (bytes.includes(QUOTE)) {
          state.line = line;
          return null;
        }
        if (!isUtf8(bytes)) throw invalidUtf8(file, line + 1);
      }
    } else {
      end = buffer.indexOf(NEWLINE, pos);
      if (end === -1 || end > stop) end = stop;
    }
    line += 1;
    let lineEnd = end;
    if (lineEnd > pos && buffer[lineEnd - 1] === CR) lineEnd -= 1;
    if (lineEnd > pos) {
      // Every row must be as wide as the header.
      const commas = simd ? lineCommas : countCommas(buffer, words, pos, lineEnd);
      if (commas !== width - 1) throw raggedRow(file, line, commas + 1, width);
      // The row has exactly width - 1 commas, so the label cell is found from the nearer end of the line.
      let cellStart = pos;
      let cellEnd = lineEnd;
      if (labelIndex <= width - 1 - labelIndex) {
        let seen = 0;
        for (let i = pos; i < lineEnd; i++) {
          if (buffer[i] === COMMA) {
            seen += 1;
            if (seen === labelIndex) cellStart = i + 1;
            else if (seen === labelIndex + 1) { cellEnd = i; break; }
          }
        }
      } else {
        let seen = 0;
        const after = width - 1 - labelIndex;
        for (let i = lineEnd - 1; i >= pos; i--) {
          if (buffer[i] === COMMA) {
            seen += 1;
            if (seen === after) cellEnd = i;
            else if (seen === after + 1) { cellStart = i + 1; break; }
          }
        }
      }
      const small = readSmallInt(buffer, cellStart, cellEnd);
      if (small >= 0) acc.addSmallInt(small, line);
      else acc.addCell(buffer.toString('utf8', cellStart, cellEnd), line, file);
    }
    pos = end + 1;
  }
  state.line = line;
  if (stop < limit) {
    if (stopIsQuote) return null;
    throw invalidUtf8(file, line + 1);
  }
  return pos;
}

/** fs.read as a promise: `length` bytes at file `position` into buffer[at…] (fewer only at the end of the file). */
function readAsync(fd: number, buffer: Buffer, at: number, length: number, position: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let done = 0;
    const step = (): void => {
      if (done >= length) return resolve(done);
      read(fd, buffer, at + done, length - done, position + done, (error, n) => {
        if (error) return reject(error);
        if (n === 0) return resolve(done);
        done += n;
        step();
      });
    };
    step();
  });
}

/** Reads `length` bytes at file `position` into buffer[at…], fewer only at the end of the file. */
function readAt(fd: number, buffer: Buffer, at: number, length: number, position: number): number {
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buffer, at + done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}

/** Parses a run of ASCII digits (at most 6) as a non-negative integer; -1 for anything else. */
function readSmallInt(buffer: Buffer, start: number, end: number): number {
  const length = end - start;
  if (length === 0 || length > 6) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = buffer[i]! - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

function raggedRow(file: string, line: number, cells: number, width: number): InputError {
  return raggedRowError(file, line, cells, width);
}

function openForReading(file: string): number {
  try {
    return openSync(file, 'r');
  } catch (error) {
    throw new InputError(`cannot open the file (${(error as NodeJS.ErrnoException).code ?? 'read error'})`, { file }, 'check the path and its permissions');
  }
}

function invalidUtf8(file: string, line: number): InputError {
  return new InputError('holds bytes that are not valid UTF-8', { file, row: line }, 're-save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`)');
}

/** 0-based line (within a block of whole lines) of the first invalid UTF-8 sequence. */
function lineOfInvalidUtf8(block: Buffer): number {
  let start = 0;
  for (let index = 0; ; index++) {
    const end = block.indexOf(NEWLINE, start);
    const stop = end === -1 ? block.length : end;
    if (!isUtf8(block.subarray(start, stop))) return index;
    if (end === -1) return index;
    start = end + 1;
  }
}

/** Offset (within a block of whole lines) of the start of the first line holding invalid UTF-8. */
function firstInvalidLineStart(block: Buffer): number {
  let start = 0;
  for (;;) {
    const end = block.indexOf(NEWLINE, start);
    const stop = end === -1 ? block.length : end;
    if (!isUtf8(block.subarray(start, stop)) || end === -1) return start;
    start = end + 1;
  }
}

/** Passes bytes through unchanged, failing at the first line that is not valid UTF-8 (csv-parse would decode it silently). */
function utf8Guard(stream: typeof import('node:stream'), file: string): Transform {
  let carry: Buffer = Buffer.alloc(0);
  let line = 1;
  const check = (block: Buffer): Error | null => {
    if (isUtf8(block)) {
      for (let at = block.indexOf(NEWLINE); at !== -1; at = block.indexOf(NEWLINE, at + 1)) line += 1;
      return null;
    }
    return invalidUtf8(file, line + lineOfInvalidUtf8(block));
  };
  return new stream.Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      const data = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
      const cut = data.lastIndexOf(NEWLINE) + 1;
      if (data.length - cut > MAX_LINE_BYTES) return callback(new InputError(`has a line longer than ${MAX_LINE_BYTES / 1024 / 1024} MB`, { file, row: line }, 'check that this is a CSV file'));
      const failure = check(data.subarray(0, cut));
      carry = Buffer.from(data.subarray(cut));
      callback(failure, chunk);
    },
    flush(callback: TransformCallback) {
      callback(check(carry));
    },
  });
}

async function scanLabelsWithCsvParse(file: string, labelSpec: readonly string[] | undefined): Promise<LabelTable> {
  // Loaded only for files with quotes (its one-file CommonJS build: every module costs start-up time).
  const require = createRequire(import.meta.url);
  const { parse: parseCsvStream } = require('csv-parse') as typeof import('csv-parse');
  // Likewise node:stream (~4 ms): the fast path never needs it.
  const stream = require('node:stream') as typeof import('node:stream');
  const parser = parseCsvStream({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true, max_record_size: MAX_LINE_BYTES });
  // pipeline (not .pipe) so a read error or invalid UTF-8 ends the loop below instead of leaving it waiting forever.
  stream.pipeline(createReadStream(file), utf8Guard(stream, file), parser, () => undefined);
  let header: string[] | null = null;
  let labelIndices: number[] = [];
  let acc: LabelAccumulator | null = null;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!header) {
        header = record.map((h) => h.trim());
        checkHeader(header, file);
        labelIndices = resolveLabelColumns(header, labelSpec, file);
        acc = new LabelAccumulator(labelIndices.length);
        continue;
      }
      if (record.length !== header.length) {
        throw raggedRow(file, info.lines, record.length, header.length);
      }
      if (labelIndices.length === 1) acc!.addCell(record[labelIndices[0]!]!, info.lines, file);
      else acc!.addMultiRow(labelIndices.map((i) => record[i]!));
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    const err = error as { message: string; lines?: number };
    throw new InputError(`cannot parse CSV: ${err.message.split('\n')[0]}`, { file, row: err.lines }, 'check the quoting on that line (every opening " needs a closing ")');
  }
  if (!header) throw new InputError('is empty', { file }, 'give a CSV with a header row and data rows');
  if (acc!.rows === 0) throw new InputError('has a header but no data rows', { file, row: 2 }, 'add data rows');
  return acc!.toTable(file, labelIndices.map((i) => header![i]!));
}
