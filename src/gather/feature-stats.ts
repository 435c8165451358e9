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
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let numeric = 0;
  let allIntegers = true;
  const distinct = new Set<number>();
  for (const v of column.values) {
    if (!Number.isFinite(v)) continue;
    numeric += 1;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
    if (allIntegers && !Number.isInteger(v)) allIntegers = false;
    if (distinct.size < DISTINCT_CAP) distinct.add(v);
  }
  const mean = numeric > 0 ? sum / numeric : null;
  let squares = 0;
  if (mean !== null) for (const v of column.values) if (Number.isFinite(v)) squares += (v - mean) ** 2;
  const finite = new Float64Array(numeric);
  let zeros = 0;
  let k = 0;
  for (const v of column.values) {
    if (!Number.isFinite(v)) continue;
    finite[k++] = v;
    if (v === 0) zeros += 1;
  }
  finite.sort();
  const median = numeric > 0 ? quantileSorted(finite, 0.5) : null;
  let offMedian = 0;
  for (const v of finite) if (v !== median) offMedian += 1;
  const magnitudes = new Float64Array(numeric - zeros);
  k = 0;
  for (const v of finite) if (v !== 0) magnitudes[k++] = Math.abs(v);
  magnitudes.sort();
  return {
    name: column.name,
    numeric,
    missing: column.missing,
    nonFinite: column.nonFinite,
    nonNumeric: column.nonNumeric,
    nonNumericExamples: column.nonNumericExamples,
    badCells: column.badCells,
    min: numeric > 0 ? min : null,
    max: numeric > 0 ? max : null,
    mean,
    std: mean !== null ? Math.sqrt(squares / numeric) : null,
    allIntegers: numeric > 0 && allIntegers,
    distinct: distinct.size,
    zeros,
    q1: numeric > 0 ? quantileSorted(finite, 0.25) : null,
    median,
    q3: numeric > 0 ? quantileSorted(finite, 0.75) : null,
    offMedian,
    magnitude: magnitudes.length > 0 ? quantileSorted(magnitudes, 0.99) : null,
    ...textCounts(column.strings),
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
    result.test = tableStats(test, inputs.label);
  }
  return result;
}
