/** Gathers FeatureStats: per-column statistics of the feature columns of train and test. */
import type { ColumnStats, FeatureStats, TableStats } from './artifacts.js';
import type { ExperimentContext } from '../run/context.js';
import type { CsvTable } from '../load/csv.js';
import { readCsvTable } from '../load/csv.js';
import { resolveLabelColumns } from '../load/label-columns.js';

const DISTINCT_CAP = 1001;

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
