/** Builders for the data artifacts (FeatureStats, RowDuplicates) used by the lint-data rule tests. */
import type { ColumnStats, FeatureStats, RowDuplicates, TableStats } from '../../src/gather/artifacts.js';
import type { CsvTable } from '../../src/load/csv.js';
import { parseCell, readBooleanColumn } from '../../src/load/csv.js';
import { columnStats } from '../../src/gather/feature-stats.js';

/** Column statistics for raw cells exactly as the gatherer computes them from a CSV (row i is file line i + 2). */
export function makeColumn(name: string, cells: ReadonlyArray<number | string>): ColumnStats {
  const values = new Float64Array(cells.length);
  const column: CsvTable['columns'][number] = { name, values, missing: 0, nonFinite: 0, nonNumeric: 0, nonNumericExamples: [], badCells: [] };
  const texts = cells.map((c) => String(c));
  texts.forEach((text, r) => {
    const { kind, value } = parseCell(text.trim());
    values[r] = value;
    if (kind === 'number') return;
    if (kind === 'missing') column.missing += 1;
    else if (kind === 'non-finite') column.nonFinite += 1;
    else {
      column.nonNumeric += 1;
      if (column.nonNumericExamples.length < 5 && !column.nonNumericExamples.includes(text)) column.nonNumericExamples.push(text);
      column.strings = texts;
    }
    if (column.badCells.length < 5) column.badCells.push({ row: r + 2, value: text });
  });
  readBooleanColumn(column, cells.length, (r) => r + 2);
  const table: CsvTable = { file: 'x.csv', header: [name], rows: cells.length, columns: [column], lineOfRow: (r) => r + 2 };
  return columnStats(table, 0);
}

export function makeTable(columns: Record<string, ReadonlyArray<number | string>>, file = 'train.csv'): TableStats {
  const built = Object.entries(columns).map(([name, cells]) => makeColumn(name, cells));
  return { file, rows: Object.values(columns)[0]?.length ?? 0, columns: built };
}

export function makeFeatureStats(train: Record<string, ReadonlyArray<number | string>>, test?: Record<string, ReadonlyArray<number | string>>): FeatureStats {
  const stats: FeatureStats = { train: makeTable(train, 'train.csv') };
  if (test) stats.test = makeTable(test, 'test.csv');
  return stats;
}

export function makeRowDuplicates(overrides: Partial<RowDuplicates> = {}): RowDuplicates {
  return {
    sharedRows: 0, testRows: 30, sharedExamples: [], conflictingGroups: 0, conflictingRows: 0, conflictExamples: [], trainRows: 120, duplicateTrainRows: 0,
    ...overrides,
  };
}

/** n values from a seeded linear congruential generator, mapped into [low, high). */
export function seededValues(n: number, low: number, high: number, seed = 1): number[] {
  let state = seed >>> 0;
  return Array.from({ length: n }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return low + (state / 2 ** 32) * (high - low);
  });
}

/** n draws from a standard normal (Box–Muller over seededValues), shifted and scaled. */
export function seededNormal(n: number, mean = 0, std = 1, seed = 1): number[] {
  const u = seededValues(2 * n, 0, 1, seed);
  return Array.from({ length: n }, (_, i) => mean + std * Math.sqrt(-2 * Math.log(Math.max(u[2 * i]!, 1e-12))) * Math.cos(2 * Math.PI * u[2 * i + 1]!));
}
