/**
 * Streams the label column(s) of a CSV and counts labels in O(classes) memory. A byte scanner handles plain
 * files (native indexOf over 16 MB chunks); a file with any quote character is re-read with csv-parse.
 */
import { isUtf8 } from 'node:buffer';
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { pipeline, Transform, type TransformCallback } from 'node:stream';
import { parse as parseCsvStream } from 'csv-parse';
import { parse as parseCsvSync } from 'csv-parse/sync';
import { InputError } from '../errors.js';
import type { LabelTable } from '../gather/artifacts.js';
import { assertRegularFile, checkHeader, parseCell } from './csv.js';
import { countCommas, simdCommaCounter, wordView } from './comma-count.js';
import { resolveLabelColumns } from './label-columns.js';

const CHUNK_BYTES = 16 * 1024 * 1024;
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
  }

  addSmallInt(value: number, line = 0): void {
    this.rows += 1;
    if (this.firstNumberLine === 0) this.firstNumberLine = line;
    this.smallInts[value] = (this.smallInts[value] ?? 0) + 1;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
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

  addMultiRow(cells: readonly string[]): void {
    this.rows += 1;
    let sum = 0;
    for (let i = 0; i < cells.length; i++) {
      const { kind, value } = parseCell(cells[i]!.trim());
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
      return {
        file, rows: this.rows, columns, kind: 'multi',
        classes: columns.map((label, i) => ({ label, count: this.positives[i]! })),
        missing: this.missing, numeric: !this.nonNumericSeen, nonInteger: this.nonInteger, nonIntegerExamples: [],
        min: hasNumbers ? this.min : null, max: hasNumbers ? this.max : null,
        rowSums: { min: this.rowSumMin === Infinity ? 0 : this.rowSumMin, max: this.rowSumMax === -Infinity ? 0 : this.rowSumMax, notOne: this.rowSumNotOne },
      };
    }
    if (this.firstTextLine > 0 && this.firstNumberLine > 0) {
      const shown = this.firstTextCell.length > 40 ? `${this.firstTextCell.slice(0, 40)}…` : this.firstTextCell;
      throw new InputError(`label "${shown}" is not a number, but other labels in column ${columns[0]} are`, { file, row: this.firstTextLine }, 'fix the value (a thousands separator, a unit, a stray character?) or give every label as text');
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
  const fast = scanLabelsFast(file, labelSpec);
  if (fast) return fast;
  return scanLabelsWithCsvParse(file, labelSpec);
}

function parseHeaderLine(line: string, file: string): string[] {
  if (line.includes('\r')) throw new InputError('uses bare carriage returns (\\r) as line ends', { file, row: 1 }, "convert the line ends to \\n or \\r\\n (e.g. `tr '\\r' '\\n'`)");
  if (line.trim() === '') throw new InputError('the header row is empty', { file, row: 1 }, 'put the column names on the first line');
  let header: string[];
  try {
    header = (parseCsvSync(line, { relax_column_count: true }) as string[][])[0] ?? [];
  } catch {
    throw new InputError('the header row is not valid CSV', { file, row: 1 }, 'check the quoting of the header');
  }
  header = header.map((h) => h.trim());
  checkHeader(header, file);
  return header;
}

/** Returns null when the file needs the full CSV parser (quotes, or several label columns). */
function scanLabelsFast(file: string, labelSpec: readonly string[] | undefined): LabelTable | null {
  const fd = openForReading(file);
  try {
    // The file is read straight into wasm memory when SIMD is available, so rows are counted where they lie.
    let simd = simdCommaCounter(CHUNK_BYTES);
    let buffer = simd ? simd.buffer : Buffer.allocUnsafe(CHUNK_BYTES);
    let words = simd ? null : wordView(buffer);
    let filled = readFully(fd, buffer, 0);
    let eof = filled < buffer.length;
    if (filled === 0) throw new InputError('is empty', { file }, 'give a CSV with a header row and data rows');
    const bom = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
    let headerEnd = buffer.indexOf(NEWLINE, bom);
    if (headerEnd === -1 || headerEnd >= filled) {
      if (!eof) throw new InputError('the header line is longer than 16 MB', { file, row: 1 }, 'check that this is a CSV file');
      headerEnd = filled;
    }
    const headerBytes = buffer.subarray(bom, headerEnd);
    if (!isUtf8(headerBytes)) throw invalidUtf8(file, 1);
    if (headerBytes.includes(QUOTE)) return null;
    const header = parseHeaderLine(headerBytes.toString('utf8').replace(/\r$/, ''), file);
    const labelIndices = resolveLabelColumns(header, labelSpec, file);
    if (labelIndices.length !== 1) return null;
    const width = header.length;
    const labelIndex = labelIndices[0]!;
    const acc = new LabelAccumulator(1);
    let line = 1;
    let pos = headerEnd + 1;
    for (;;) {
      // Only whole lines are handled here; a partial last line waits for the next read.
      const lastNewline = eof ? -1 : buffer.lastIndexOf(NEWLINE, filled - 1);
      const limit = eof ? filled : Math.max(pos, lastNewline + 1);
      if (pos < limit) {
        const block = buffer.subarray(pos, limit);
        if (block.includes(QUOTE)) return null;
        // Newline bytes never occur inside a multi-byte character, so whole lines validate on their own.
        if (!isUtf8(block)) throw invalidUtf8(file, line + 1 + lineOfInvalidUtf8(block));
      }
      while (pos < limit) {
        let end: number;
        let lineCommas = 0;
        if (simd) {
          // One wasm call finds the line end and counts its commas.
          end = simd.line(pos, limit);
          lineCommas = simd.commas();
        } else {
          end = buffer.indexOf(NEWLINE, pos);
          if (end === -1 || end > limit) end = limit;
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
      if (eof) break;
      // Move the partial line to the front (growing the buffer for a very long line) and read more.
      const rest = filled - pos;
      if (rest >= buffer.length) {
        if (buffer.length >= MAX_LINE_BYTES) throw new InputError(`has a line longer than ${MAX_LINE_BYTES / 1024 / 1024} MB`, { file, row: line + 1 }, 'check that this is a CSV file');
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger, 0, pos, filled);
        buffer = bigger;
        simd = null;
        words = wordView(buffer);
      } else if (rest > 0) {
        buffer.copy(buffer, 0, pos, filled);
      }
      pos = 0;
      filled = rest + readFully(fd, buffer, rest);
      eof = filled < buffer.length;
    }
    if (acc.rows === 0) throw new InputError('has a header but no data rows', { file, row: 2 }, 'add data rows');
    return acc.toTable(file, [header[labelIndex]!]);
  } finally {
    closeSync(fd);
  }
}

/** Reads until the buffer is full or the file ends (readSync may return less than asked for). */
function readFully(fd: number, buffer: Buffer, from: number): number {
  let at = from;
  while (at < buffer.length) {
    const n = readSync(fd, buffer, at, buffer.length - at, null);
    if (n === 0) break;
    at += n;
  }
  return at - from;
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
  return new InputError(`has ${cells} cells but the header has ${width}`, { file, row: line }, 'make every row as wide as the header (a stray comma, or a value with an unquoted comma such as a thousands separator?)');
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

/** Passes bytes through unchanged, failing at the first line that is not valid UTF-8 (csv-parse would decode it silently). */
function utf8Guard(file: string): Transform {
  let carry: Buffer = Buffer.alloc(0);
  let line = 1;
  const check = (block: Buffer): Error | null => {
    if (isUtf8(block)) {
      for (let at = block.indexOf(NEWLINE); at !== -1; at = block.indexOf(NEWLINE, at + 1)) line += 1;
      return null;
    }
    return invalidUtf8(file, line + lineOfInvalidUtf8(block));
  };
  return new Transform({
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
  const parser = parseCsvStream({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true, max_record_size: MAX_LINE_BYTES });
  // pipeline (not .pipe) so a read error or invalid UTF-8 ends the loop below instead of leaving it waiting forever.
  pipeline(createReadStream(file), utf8Guard(file), parser, () => undefined);
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
        throw new InputError(`has ${record.length} cells but the header has ${header.length}`, { file, row: info.lines }, 'make every row as wide as the header');
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
