/** Gathers FeatureStats: per-column statistics of the feature columns of train and test. */
import type { ColumnStats, FeatureStats, TableStats } from './artifacts.js';
import type { ExperimentContext } from '../run/context.js';
import type { CsvTable } from '../load/csv.js';
import { parseCell, readCsvTable } from '../load/csv.js';
import { resolveLabelColumns } from '../load/label-columns.js';

const DISTINCT_CAP = 1001;
const TEXT_VALUES_SHOWN = 10;

/** Linear-interpolation quantile (type 7) of ascending values. */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const at = (sorted.length - 1) * p;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (at - low);
}

function textCounts(strings: readonly string[] | undefined): { textValues: ColumnStats['textValues']; textDistinct: number } {
  if (!strings) return { textValues: [], textDistinct: 0 };
  const counts = new Map<string, number>();
  for (const cell of strings) {
    if (cell.length === 0 || parseCell(cell).kind !== 'text') continue;
    if (counts.has(cell)) counts.set(cell, counts.get(cell)! + 1);
    else if (counts.size < DISTINCT_CAP) counts.set(cell, 1);
  }
  // Stable sort keeps first appearance among equal counts, so reports are deterministic.
  const textValues = [...counts.entries()].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count).slice(0, TEXT_VALUES_SHOWN);
  return { textValues, textDistinct: counts.size };
}

export function columnStats(table: CsvTable, index: number): ColumnStats {
  const column = table.columns[index]!;
  let sum = 0;
  let numeric = 0;
  let allIntegers = true;
  for (const v of column.values) {
    if (!Number.isFinite(v)) continue;
    numeric += 1;
    sum += v;
    if (allIntegers && !Number.isInteger(v)) allIntegers = false;
  }
  const mean = numeric > 0 ? sum / numeric : null;
  // One sorted copy of the finite cells gives min/max, distinct values, quartiles and zeros in linear passes.
  const finite = new Float64Array(numeric);
  let squares = 0;
  let k = 0;
  for (const v of column.values) {
    if (!Number.isFinite(v)) continue;
    finite[k++] = v;
    squares += (v - mean!) ** 2;
  }
  finite.sort();
  let distinct = 0;
  let zeros = 0;
  for (let i = 0; i < numeric; i++) {
    if (i === 0 || finite[i] !== finite[i - 1]) distinct += 1;
    if (finite[i] === 0) zeros += 1;
  }
  const median = numeric > 0 ? quantileSorted(finite, 0.5) : null;
  let offMedian = 0;
  for (const v of finite) if (v !== median) offMedian += 1;
  // Non-negative columns (the usual case) already hold their non-zero magnitudes sorted after the zeros.
  let magnitudes: Float64Array;
  if (numeric === 0 || finite[0]! >= 0) magnitudes = finite.subarray(zeros);
  else {
    magnitudes = new Float64Array(numeric - zeros);
    k = 0;
    for (const v of finite) if (v !== 0) magnitudes[k++] = Math.abs(v);
    magnitudes.sort();
  }
  let minCount = 0;
  while (minCount < numeric && finite[minCount] === finite[0]) minCount += 1;
  let maxCount = 0;
  while (maxCount < numeric && finite[numeric - 1 - maxCount] === finite[numeric - 1]) maxCount += 1;
  const extremes = {
    minCount, nextMin: minCount < numeric ? finite[minCount]! : null,
    maxCount, nextMax: maxCount < numeric ? finite[numeric - 1 - maxCount]! : null,
  };
  return {
    name: column.name,
    numeric,
    missing: column.missing,
    nonFinite: column.nonFinite,
    nonNumeric: column.nonNumeric,
    nonNumericExamples: column.nonNumericExamples,
    badCells: column.badCells,
    min: numeric > 0 ? finite[0]! : null,
    max: numeric > 0 ? finite[numeric - 1]! : null,
    mean,
    std: mean !== null ? Math.sqrt(squares / numeric) : null,
    allIntegers: numeric > 0 && allIntegers,
    distinct: Math.min(distinct, DISTINCT_CAP),
    zeros,
    q1: numeric > 0 ? quantileSorted(finite, 0.25) : null,
    median,
    q3: numeric > 0 ? quantileSorted(finite, 0.75) : null,
    offMedian,
    magnitude: magnitudes.length > 0 ? quantileSorted(magnitudes, 0.99) : null,
    ...(numeric > 0 ? { extremes } : {}),
    // A True/False column is numeric 1/0 (readCsvTable): its kept text is no text value.
    ...textCounts(column.boolean ? undefined : column.strings),
  };
}

export function tableStats(table: CsvTable, labelSpec: readonly string[] | undefined): TableStats {
  const labels = resolveLabelColumns(table.header, labelSpec, table.file);
  const columns = table.header.map((_, i) => i).filter((i) => !labels.includes(i)).map((i) => columnStats(table, i));
  return { file: table.file, rows: table.rows, columns };
}

export async function gatherFeatureStats(ctx: ExperimentContext): Promise<FeatureStats> {
  const { inputs } = ctx;
  const train = ctx.memo(`table:${inputs.data}`, () => readCsvTable(inputs.data!));
  const result: FeatureStats = { train: tableStats(train, inputs.label) };
  if (inputs.test) {
    const test = ctx.memo(`table:${inputs.test}`, () => readCsvTable(inputs.test!));
    result.test = tableStats(test, inputs.label ?? resolveLabelColumns(train.header, undefined, train.file).map((i) => train.header[i]!));
  }
  return result;
}
