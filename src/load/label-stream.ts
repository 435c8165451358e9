/**
 * Streams the label column(s) of a CSV and counts labels in O(classes) memory. A byte scanner handles plain
 * files (native indexOf over 16 MB chunks); a file with any quote character is re-read with csv-parse.
 */
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { parse as parseCsvStream } from 'csv-parse';
import { parse as parseCsvSync } from 'csv-parse/sync';
import { InputError } from '../errors.js';
import type { LabelTable } from '../gather/artifacts.js';
import { checkHeader, parseCell } from './csv.js';
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

  constructor(readonly width: number) {
    this.positives = new Array<number>(width).fill(0);
  }

  addSmallInt(value: number): void {
    this.rows += 1;
    this.smallInts[value] = (this.smallInts[value] ?? 0) + 1;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }

  addCell(raw: string): void {
    this.rows += 1;
    const cell = raw.trim();
    const { kind, value } = parseCell(cell);
    if (kind === 'missing' || (kind === 'non-finite' && Number.isNaN(value))) {
      this.missing += 1;
      return;
    }
    if (kind === 'text') {
      this.nonNumericSeen = true;
      this.others.set(cell, (this.others.get(cell) ?? 0) + 1);
      return;
    }
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
  try {
    if (statSync(file).isDirectory()) throw new InputError('is a folder, not a CSV file', { file }, 'pass the CSV file inside it');
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'read error'})`, { file }, 'check the path');
  }
  const fast = scanLabelsFast(file, labelSpec);
  if (fast) return fast;
  return scanLabelsWithCsvParse(file, labelSpec);
}

function parseHeaderLine(line: string, file: string): string[] {
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
  const fd = openSync(file, 'r');
  try {
    let buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let filled = readSync(fd, buffer, 0, buffer.length, null);
    if (filled === 0) throw new InputError('is empty', { file }, 'give a CSV with a header row and data rows');
    let start = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
    let headerEnd = buffer.indexOf(NEWLINE, start);
    while (headerEnd === -1 || headerEnd >= filled) {
      if (filled < buffer.length) { headerEnd = filled; break; }
      throw new InputError('the header line is longer than 16 MB', { file, row: 1 }, 'check that this is a CSV file');
    }
    const headerBytes = buffer.subarray(start, headerEnd);
    if (headerBytes.includes(QUOTE)) return null;
    const header = parseHeaderLine(headerBytes.toString('utf8').replace(/\r$/, ''), file);
    const labelIndices = resolveLabelColumns(header, labelSpec, file);
    if (labelIndices.length !== 1) return null;
    const width = header.length;
    const labelIndex = labelIndices[0]!;
    const fromEnd = width - 1 - labelIndex;
    const acc = new LabelAccumulator(1);
    let line = 1;
    let pos = headerEnd + 1;
    let eof = filled < buffer.length;
    for (;;) {
      if (buffer.indexOf(QUOTE, pos) !== -1 && buffer.indexOf(QUOTE, pos) < filled) return null;
      // Process every complete line in [pos, filled).
      for (;;) {
        let end = buffer.indexOf(NEWLINE, pos);
        if (end === -1 || end >= filled) {
          if (!eof) break;
          end = filled;
          if (end <= pos) break;
        }
        line += 1;
        let lineEnd = end;
        if (lineEnd > pos && buffer[lineEnd - 1] === CR) lineEnd -= 1;
        if (lineEnd === pos) { pos = end + 1; continue; }
        let cellStart: number;
        let cellEnd: number;
        if (fromEnd <= labelIndex) {
          cellEnd = lineEnd;
          cellStart = pos;
          for (let k = 0; k <= fromEnd; k++) {
            const comma = buffer.lastIndexOf(COMMA, cellEnd - 1);
            if (comma < pos) {
              if (k === fromEnd && labelIndex === 0) { cellStart = pos; break; }
              throw raggedRow(file, line, width);
            }
            if (k < fromEnd) cellEnd = comma; else cellStart = comma + 1;
          }
        } else {
          cellStart = pos;
          for (let k = 0; k < labelIndex; k++) {
            const comma = buffer.indexOf(COMMA, cellStart);
            if (comma === -1 || comma >= lineEnd) throw raggedRow(file, line, width);
            cellStart = comma + 1;
          }
          const next = buffer.indexOf(COMMA, cellStart);
          cellEnd = next === -1 || next > lineEnd ? lineEnd : next;
        }
        const small = readSmallInt(buffer, cellStart, cellEnd);
        if (small >= 0) acc.addSmallInt(small);
        else acc.addCell(buffer.toString('utf8', cellStart, cellEnd));
        pos = end + 1;
        if (end >= filled) break;
      }
      if (eof) break;
      // Move the partial line to the front and read more.
      const rest = filled - pos;
      if (rest >= buffer.length) {
        if (buffer.length >= MAX_LINE_BYTES) throw new InputError('has a line longer than 64 MB', { file, row: line + 1 }, 'check that this is a CSV file');
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger, 0, pos, filled);
        buffer = bigger;
      } else {
        buffer.copy(buffer, 0, pos, filled);
      }
      pos = 0;
      const read = readSync(fd, buffer, rest, buffer.length - rest, null);
      filled = rest + read;
      eof = read === 0 || filled < buffer.length;
      if (read === 0 && rest === 0) break;
    }
    start = 0;
    if (acc.rows === 0) throw new InputError('has a header but no data rows', { file, row: 2 }, 'add data rows');
    return acc.toTable(file, [header[labelIndex]!]);
  } finally {
    closeSync(fd);
  }
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

function raggedRow(file: string, line: number, width: number): InputError {
  return new InputError(`has fewer cells than the header's ${width}`, { file, row: line }, 'make every row as wide as the header');
}

async function scanLabelsWithCsvParse(file: string, labelSpec: readonly string[] | undefined): Promise<LabelTable> {
  const parser = createReadStream(file).pipe(parseCsvStream({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true }));
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
      if (labelIndices.length === 1) acc!.addCell(record[labelIndices[0]!]!);
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
