/** Gathers RowDuplicates: test rows repeated from training, and identical training rows with different labels. */
import type { RowDuplicates } from './artifacts.js';
import type { ExperimentContext } from '../run/context.js';
import { readCsvTable, type CsvTable } from '../load/csv.js';
import { resolveLabelColumns } from '../load/label-columns.js';
import { seededPermutation } from '../engine/seeded-permutation.js';

const MAX_EXAMPLES = 5;

/** A row's feature cells as one string key; exact text comparison of the parsed numbers (NaN-safe). */
function rowKeys(table: CsvTable, labelSpec: readonly string[] | undefined): { features: string[]; labels: string[]; labelNames: string[] } {
  const labelIndices = resolveLabelColumns(table.header, labelSpec, table.file);
  const featureIndices = table.header.map((_, i) => i).filter((i) => !labelIndices.includes(i));
  const features: string[] = new Array(table.rows);
  const labels: string[] = new Array(table.rows);
  for (let r = 0; r < table.rows; r++) {
    features[r] = featureIndices.map((c) => cellKey(table, c, r)).join(',');
    labels[r] = labelIndices.map((c) => cellKey(table, c, r)).join(',');
  }
  return { features, labels, labelNames: labelIndices.map((i) => table.header[i]!) };
}

function cellKey(table: CsvTable, column: number, row: number): string {
  const col = table.columns[column]!;
  if (col.strings) return col.strings[row]!;
  return String(col.values[row]);
}

export function findRowDuplicates(train: CsvTable, test: CsvTable | null, labelSpec: readonly string[] | undefined, seed = 42): RowDuplicates {
  const trainKeys = rowKeys(train, labelSpec);
  const groups = new Map<string, number[]>();
  trainKeys.features.forEach((key, r) => {
    const group = groups.get(key);
    if (group) group.push(r);
    else groups.set(key, [r]);
  });
  let conflictingGroups = 0;
  let conflictingRows = 0;
  const conflictExamples: RowDuplicates['conflictExamples'] = [];
  let duplicateTrainRows = 0;
  for (const rows of groups.values()) {
    if (rows.length < 2) continue;
    duplicateTrainRows += rows.length;
    const labels = [...new Set(rows.map((r) => trainKeys.labels[r]!))];
    if (labels.length < 2) continue;
    conflictingGroups += 1;
    conflictingRows += rows.length;
    if (conflictExamples.length < MAX_EXAMPLES) conflictExamples.push({ rows: rows.slice(0, 5).map((r) => train.lineOfRow(r)), labels });
  }
  let sharedRows = 0;
  const sharedExamples: RowDuplicates['sharedExamples'] = [];
  if (test) {
    const testKeys = rowKeys(test, labelSpec ?? trainKeys.labelNames);
    testKeys.features.forEach((key, r) => {
      const match = groups.get(key);
      if (!match) return;
      sharedRows += 1;
      if (sharedExamples.length < MAX_EXAMPLES) sharedExamples.push({ trainRow: train.lineOfRow(match[0]!), testRow: test.lineOfRow(r) });
    });
  }
  const result: RowDuplicates = {
    sharedRows, testRows: test?.rows ?? 0, sharedExamples, conflictingGroups, conflictingRows, conflictExamples, trainRows: train.rows, duplicateTrainRows,
    distinctTrainRows: groups.size, columnResolution: columnResolution(train, trainKeys.labelNames, [...groups.values()].map((rows) => rows[0]!)),
  };
  if (conflictingGroups > 0) result.groupMajority = groupMajority([...groups.values()].filter((rows) => rows.length > 1), trainKeys.labels, seed);
  return result;
}

/** The largest share of the distinct rows that one feature column tells apart by its value alone. */
function columnResolution(table: CsvTable, labelNames: readonly string[], firstRows: readonly number[]): number {
  if (firstRows.length === 0) return 0;
  let best = 0;
  table.header.forEach((name, c) => {
    if (labelNames.includes(name)) return;
    const values = new Set<string>();
    for (const r of firstRows) values.add(cellKey(table, c, r));
    best = Math.max(best, values.size / firstRows.length);
  });
  return Math.round(best * 1e4) / 1e4;
}

/** Label shuffles compared with the real labels: enough for a stable mean and spread, cheap at any size. */
const SHUFFLES = 20;

function majorityRows(groups: readonly number[][], labelOf: (row: number) => string): number {
  let total = 0;
  for (const rows of groups) {
    const counts = new Map<string, number>();
    let best = 0;
    for (const r of rows) {
      const count = (counts.get(labelOf(r)) ?? 0) + 1;
      counts.set(labelOf(r), count);
      if (count > best) best = count;
    }
    total += best;
  }
  return total;
}

function groupMajority(groups: readonly number[][], labels: readonly string[], seed: number): NonNullable<RowDuplicates['groupMajority']> {
  const shuffled: number[] = [];
  for (let s = 0; s < SHUFFLES; s++) {
    const order = seededPermutation(labels.length, seed * 7919 + s);
    shuffled.push(majorityRows(groups, (r) => labels[order[r]!]!));
  }
  return { rows: groups.reduce((sum, rows) => sum + rows.length, 0), real: majorityRows(groups, (r) => labels[r]!), shuffled };
}

export async function gatherRowDuplicates(ctx: ExperimentContext): Promise<RowDuplicates> {
  const { inputs } = ctx;
  const train = ctx.memo(`table:${inputs.data}`, () => readCsvTable(inputs.data!));
  const test = inputs.test ? ctx.memo(`table:${inputs.test}`, () => readCsvTable(inputs.test!)) : null;
  return findRowDuplicates(train, test, inputs.label, ctx.options.seed);
}
