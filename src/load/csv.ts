/**
 * Reads a whole CSV into per-column numeric arrays, keeping enough about bad cells for rules to report them.
 * Plain numeric files take a byte-level fast path; files with quotes go through csv-parse.
 */
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { InputError } from '../errors.js';

const require = createRequire(import.meta.url);

/**
 * csv-parse's synchronous parser from its one-file CommonJS build, loaded on first use: its ESM build is nine
 * modules, a start-up cost every command paid although only files with quotes need it.
 */
function parseCsvSync(text: string, options: import('csv-parse/sync').Options): unknown {
  return (require('csv-parse/sync') as typeof import('csv-parse/sync')).parse(text, options);
}

/**
 * Refuse to load more than this into memory; class-balance streams and has no such limit. Parsed cells cost
 * about 8× the file size in memory (measured: 200 MB → 1.8 GB RSS), so 128 MB stays well inside Node's heap.
 */
export const MAX_TABLE_BYTES = 128 * 1024 ** 2;
const MAX_BAD_CELLS = 5;
const MAX_EXAMPLES = 5;

export interface CsvColumn {
  name: string;
  /** Parsed values; NaN where the cell is empty, non-numeric or NaN (True/False in a `boolean` column: 1/0). */
  values: Float64Array;
  missing: number;
  nonFinite: number;
  nonNumeric: number;
  nonNumericExamples: string[];
  /** First few bad cells, with 1-based file line numbers. */
  badCells: Array<{ row: number; value: string }>;
  /** Raw cell text, kept only for columns with a non-numeric cell (e.g. string labels, and boolean columns). */
  strings?: string[];
  /**
   * Every present cell is True/False (any case, as pandas ≥ 2 writes bool columns such as get_dummies output):
   * `values` holds them as 1/0 and they are not counted in `nonNumeric`; `strings` keeps the text, so a single
   * label column still has the classes "False"/"True".
   */
  boolean?: true;
}

export interface CsvTable {
  file: string;
  header: string[];
  rows: number;
  columns: CsvColumn[];
  /** 1-based file line of each data row (differs from index + 2 only with quoted newlines or blank lines). */
  lineOfRow: (row: number) => number;
  /** The file's unnamed first column was a pandas index (distinct non-negative integers) and is left out. */
  droppedIndexColumn?: true;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NON_FINITE = /^[+-]?(?:nan|inf|infinity)$/i;

export type CellKind = 'number' | 'missing' | 'non-finite' | 'text';

/** Strict number parsing: "1e3", "-0.5", ".5" are numbers; "1,234", "12abc", "0x10", " 1" are not. */
export function parseCell(cell: string): { kind: CellKind; value: number } {
  if (cell.length === 0) return { kind: 'missing', value: NaN };
  if (NUMBER.test(cell)) {
    // "1e999" or a thousand-digit run is well-formed but overflows to Infinity.
    const value = Number(cell);
    return Number.isFinite(value) ? { kind: 'number', value } : { kind: 'non-finite', value };
  }
  if (NON_FINITE.test(cell)) {
    const lower = cell.toLowerCase();
    return { kind: 'non-finite', value: lower.includes('nan') ? NaN : lower.startsWith('-') ? -Infinity : Infinity };
  }
  return { kind: 'text', value: NaN };
}

/** 1 for a "true" cell and 0 for a "false" one in any case (True, TRUE: pandas, Excel); NaN for anything else. */
export function booleanCell(cell: string): number {
  if (cell.length === 4) return cell.toLowerCase() === 'true' ? 1 : NaN;
  if (cell.length === 5) return cell.toLowerCase() === 'false' ? 0 : NaN;
  return NaN;
}

/**
 * Reads a column whose text cells are all True/False, with no number cell, as 1/0 (Keras and numpy users feed
 * pandas bool columns as 1/0). Empty and NaN/Inf cells stay missing/non-finite as in any numeric column; a column
 * mixing booleans with numbers or other text is left as text. Needs `strings` (set for any column with a text cell).
 */
export function readBooleanColumn(column: CsvColumn, rows: number, lineOfRow: (row: number) => number): void {
  const strings = column.strings;
  if (!strings || column.nonNumeric === 0) return;
  if (column.missing + column.nonFinite + column.nonNumeric < rows) return;
  // The first distinct texts rule most columns out without a pass over the cells.
  if (!column.nonNumericExamples.every((text) => !Number.isNaN(booleanCell(text.trim())))) return;
  const truth = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const cell = strings[r]!;
    truth[r] = booleanCell(cell);
    if (Number.isNaN(truth[r]!) && parseCell(cell).kind === 'text') return;
  }
  const badCells: CsvColumn['badCells'] = [];
  for (let r = 0; r < rows; r++) {
    if (Number.isNaN(truth[r]!)) {
      if (badCells.length < MAX_BAD_CELLS) badCells.push({ row: lineOfRow(r), value: strings[r]! });
    } else {
      column.values[r] = truth[r]!;
    }
  }
  column.nonNumeric = 0;
  column.nonNumericExamples = [];
  column.badCells = badCells;
  column.boolean = true;
}

/** Decodes bytes as UTF-8, naming the line of the first invalid byte. */
export function decodeUtf8(bytes: Buffer, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const line = countLines(bytes, bad) + 1;
    throw new InputError(`byte ${bad} is not valid UTF-8`, { file, row: line }, 're-save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`)');
  }
}

function countLines(bytes: Buffer, end: number): number {
  let lines = 0;
  let at = bytes.indexOf(10, 0);
  while (at !== -1 && at < end) {
    lines += 1;
    at = bytes.indexOf(10, at + 1);
  }
  return lines;
}

function firstInvalidUtf8(bytes: Buffer): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let low = 0;
  let high = bytes.length;
  // Binary search on the longest valid prefix; a cut inside a multi-byte character is treated as valid by stream mode.
  while (high - low > 1) {
    const mid = (low + high) >> 1;
    try {
      decoder.decode(bytes.subarray(0, mid), { stream: true });
      decoder.decode();
      low = mid;
    } catch {
      high = mid;
    }
  }
  return low;
}

/** Splits decoded text into rows of cells, with the file line where each row starts. */
function splitRecords(text: string, file: string): { records: string[][]; lines: number[] } {
  if (!text.includes('"')) {
    const records: string[][] = [];
    const lines: number[] = [];
    const rawLines = text.split('\n');
    for (let i = 0; i < rawLines.length; i++) {
      let line = rawLines[i]!;
      if (line.endsWith('\r')) line = line.slice(0, -1);
      if (line.length === 0) continue;
      records.push(line.split(','));
      lines.push(i + 1);
    }
    return { records, lines };
  }
  try {
    const parsed = parseCsvSync(text, { relax_column_count: true, skip_empty_lines: true, info: true, bom: false }) as Array<{ record: string[]; info: { lines: number } }>;
    return { records: parsed.map((p) => p.record), lines: parsed.map((p) => p.info.lines) };
  } catch (error) {
    const err = error as { message: string; lines?: number };
    if (typeof err.lines !== 'number') throw error;
    throw new InputError(`cannot parse CSV: ${err.message.replace(/^Invalid [^:]*: /, '').split('\n')[0]}`, { file, row: err.lines }, 'check the quoting on that line (every opening " needs a closing ")');
  }
}

/**
 * The one wording of a row whose width differs from the header's: the in-memory reader and the streaming label
 * scanner both use it, so `check` (whose checks use either) prints one stderr line, not two, for one bad row.
 */
export function raggedRowError(file: string, line: number, cells: number, width: number): InputError {
  return new InputError(`has ${cells} cells but the header has ${width}`, { file, row: line }, 'make every row as wide as the header (a stray comma, or a value with an unquoted comma such as a thousands separator?)');
}

/**
 * The one wording of a text cell in a label column whose other cells are numbers, shared by the in-memory reader
 * and the streaming label scanner as raggedRowError is. A cell equal to the column's own name is the header again
 * (CSV files joined with `cat`, each keeping its header).
 */
export function mixedLabelError(file: string, line: number, cell: string, column: string): InputError {
  if (cell === column) {
    return new InputError('repeats the header row (CSV files joined with their headers?)', { file, row: line }, 'delete that line; to join CSV files keep only the first header (e.g. `tail -n +2` on every later file)');
  }
  const shown = cell.length > 40 ? `${cell.slice(0, 40)}…` : cell;
  return new InputError(`label "${shown}" is not a number, but other labels in column ${column} are`, { file, row: line }, 'fix the value (a thousands separator, a unit, a stray character?) or give every label as text');
}

/**
 * Refuses a header line (the text before the first \n) holding a carriage return outside quotes, other than the
 * \r of a \r\n ending. Such files were saved with bare \r line ends, or carry a stray \r (`label\r\r\n`); csv-parse
 * would take the first \r as the record delimiter and report nonsense (ragged rows at twice the real line number).
 * A \r inside a quoted header cell is data and is allowed.
 */
export function assertNoBareCarriageReturn(firstLine: string, file: string): void {
  const line = firstLine.endsWith('\r') ? firstLine.slice(0, -1) : firstLine;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line.charCodeAt(i);
    if (ch === 34 /* " */) quoted = !quoted;
    else if (ch === 13 /* \r */ && !quoted) {
      throw new InputError('uses bare carriage returns (\\r) as line ends', { file, row: 1 }, "convert the line ends to \\n or \\r\\n (e.g. `tr '\\r' '\\n'`)");
    }
  }
}

/** Reads a CSV with a header row; every row must have the header's number of cells. */
export function readCsvTable(file: string): CsvTable {
  const size = assertRegularFile(file);
  if (size > MAX_TABLE_BYTES) {
    throw new InputError(`is ${Math.round(size / 1024 ** 2)} MB, more than the ${MAX_TABLE_BYTES / 1024 ** 2} MB nndoctor loads into memory for training`, { file }, 'train the checks on a sample (e.g. `head -n 100000`); class-balance streams files of any size');
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new InputError(`cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'read error'})`, { file }, 'check the path and its permissions');
  }
  let text = decodeUtf8(bytes, file);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim().length === 0) throw new InputError('is empty', { file }, 'give a CSV with a header row and data rows');
  assertNoBareCarriageReturn(text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n')), file);
  const { records, lines } = splitRecords(text, file);
  const header = records[0]!.map((h) => h.trim());
  checkHeader(header, file);
  const rows = records.length - 1;
  if (rows === 0) throw new InputError('has a header but no data rows', { file, row: 2 }, 'add data rows');
  const width = header.length;
  const columns: CsvColumn[] = header.map((name) => ({
    name,
    values: new Float64Array(rows),
    missing: 0,
    nonFinite: 0,
    nonNumeric: 0,
    nonNumericExamples: [],
    badCells: [],
  }));
  for (let r = 0; r < rows; r++) {
    const record = records[r + 1]!;
    const line = lines[r + 1]!;
    if (record.length !== width) {
      throw raggedRowError(file, line, record.length, width);
    }
    for (let c = 0; c < width; c++) {
      const cell = record[c]!;
      const column = columns[c]!;
      const { kind, value } = parseCell(cell.trim());
      column.values[r] = value;
      if (kind === 'number') continue;
      if (kind === 'missing') column.missing += 1;
      else if (kind === 'non-finite') column.nonFinite += 1;
      else {
        column.nonNumeric += 1;
        if (column.nonNumericExamples.length < MAX_EXAMPLES && !column.nonNumericExamples.includes(cell)) column.nonNumericExamples.push(cell);
        if (!column.strings) column.strings = records.slice(1, r + 1).map((rec) => rec[c]!.trim());
      }
      if (column.badCells.length < MAX_BAD_CELLS) column.badCells.push({ row: line, value: cell });
    }
    for (let c = 0; c < width; c++) {
      const strings = columns[c]!.strings;
      if (strings && strings.length === r) strings.push(record[c]!.trim());
    }
  }
  const lineOfRow = (row: number): number => lines[row + 1] ?? row + 2;
  for (const column of columns) readBooleanColumn(column, rows, lineOfRow);
  if (header[0] === '') {
    if (!isPandasIndex(columns[0]!, rows)) throw emptyHeaderCell(file, 0);
    return { file, header: header.slice(1), rows, columns: columns.slice(1), lineOfRow, droppedIndexColumn: true };
  }
  return { file, header, rows, columns, lineOfRow };
}

function emptyHeaderCell(file: string, index: number): InputError {
  return new InputError(`header cell ${index + 1} is empty`, { file, row: 1, column: index + 1 }, 'give every column a name');
}

/**
 * A pandas index written by `DataFrame.to_csv()` without `index=False`: an unnamed first column of distinct
 * non-negative integers (0…n−1, or the row ids left after a split). It is not a feature.
 */
function isPandasIndex(column: CsvColumn, rows: number): boolean {
  if (column.missing > 0 || column.nonFinite > 0 || column.nonNumeric > 0 || column.boolean) return false;
  const seen = new Set<number>();
  for (let r = 0; r < rows; r++) {
    const value = column.values[r]!;
    if (!Number.isInteger(value) || value < 0 || seen.has(value)) return false;
    seen.add(value);
  }
  return true;
}

/** Refuses missing paths, folders, devices and FIFOs up front (reading /dev/zero or a pipe would never end); returns the size. */
export function assertRegularFile(file: string): number {
  let stats;
  try {
    stats = statSync(file);
  } catch (error) {
    throw new InputError(`cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'read error'})`, { file }, 'check the path');
  }
  if (stats.isDirectory()) throw new InputError('is a folder, not a CSV file', { file }, 'pass the CSV file inside it');
  if (!stats.isFile()) throw new InputError('is not a regular file (a device, pipe or socket)', { file }, 'save the data to a file and pass that');
  return stats.size;
}

export function checkHeader(header: string[], file: string): void {
  const seen = new Map<string, number>();
  header.forEach((name, i) => {
    // An unnamed first column is where pandas' to_csv() writes the index; readCsvTable checks that it is one.
    if (name.length === 0 && !(i === 0 && header.length > 1)) throw emptyHeaderCell(file, i);
    const earlier = seen.get(name);
    if (earlier !== undefined) throw new InputError(`header names "${name}" twice (columns ${earlier + 1} and ${i + 1})`, { file, row: 1, column: i + 1 }, 'give every column a unique name');
    seen.set(name, i);
  });
}
