/** Turns a CSV table into a strict numeric dataset for training: features and targets as Float32Arrays. */
import { InputError } from '../errors.js';
import { mixedLabelError, parseCell, readCsvTable, type CsvTable } from './csv.js';
import { resolveLabelColumns } from './label-columns.js';

export interface Dataset {
  file: string;
  rows: number;
  featureNames: string[];
  labelNames: string[];
  /** rows × featureNames.length, row-major. */
  features: Float32Array;
  /** rows × labelNames.length, row-major; for text labels, the class index. */
  targets: Float32Array;
  /** Single-column text labels: the sorted distinct labels; index i is class i. Null for numeric labels. */
  textLabels: string[] | null;
  table: CsvTable;
}

/**
 * Loads a CSV for training; any non-numeric, empty or NaN feature cell is an InputError naming its row and column.
 * True/False cells are 1/0 (readCsvTable reads an all-boolean column so).
 */
export function loadDataset(file: string, labelSpec: readonly string[] | undefined): Dataset {
  const table = readCsvTable(file);
  return datasetFromTable(table, labelSpec);
}

export function datasetFromTable(table: CsvTable, labelSpec: readonly string[] | undefined): Dataset {
  const { file, rows } = table;
  const labelIndices = resolveLabelColumns(table.header, labelSpec, file);
  const featureIndices = table.header.map((_, i) => i).filter((i) => !labelIndices.includes(i));
  if (featureIndices.length === 0) throw new InputError('has no feature columns besides the label', { file, row: 1 }, 'check --label');
  for (const c of featureIndices) assertNumericColumn(table, c, 'feature');
  let textLabels: string[] | null = null;
  const labelColumns = labelIndices.map((i) => table.columns[i]!);
  // One True/False label column keeps its text classes "False"/"True" (class-balance counts them as text too);
  // several True/False target columns (one-hot, multi-label) are 1/0 like their feature columns.
  if (labelColumns.length === 1 && (labelColumns[0]!.nonNumeric > 0 || labelColumns[0]!.boolean)) {
    const column = labelColumns[0]!;
    const strings = column.strings!;
    if (!column.boolean && column.nonNumeric < rows - column.missing - column.nonFinite) {
      // Numbers and text in one label column: a corrupt cell, not a text class (class-balance says the same).
      const first = column.badCells.find((b) => parseCell(b.value.trim()).kind === 'text') ?? column.badCells[0]!;
      throw mixedLabelError(file, first.row, first.value.trim(), column.name);
    }
    const empty = strings.findIndex((s) => s.length === 0);
    if (empty !== -1) throw new InputError('label is empty', { file, row: table.lineOfRow(empty), column: labelColumns[0]!.name }, 'fill in or drop rows without a label');
    textLabels = [...new Set(strings)].sort();
  } else {
    for (const c of labelIndices) assertNumericColumn(table, c, 'label');
  }
  const features = new Float32Array(rows * featureIndices.length);
  featureIndices.forEach((c, j) => {
    const values = table.columns[c]!.values;
    for (let r = 0; r < rows; r++) features[r * featureIndices.length + j] = values[r]!;
  });
  const targets = new Float32Array(rows * labelIndices.length);
  if (textLabels) {
    const index = new Map(textLabels.map((label, i) => [label, i]));
    const strings = labelColumns[0]!.strings!;
    for (let r = 0; r < rows; r++) targets[r] = index.get(strings[r]!)!;
  } else {
    labelIndices.forEach((c, j) => {
      const values = table.columns[c]!.values;
      for (let r = 0; r < rows; r++) targets[r * labelIndices.length + j] = values[r]!;
    });
  }
  return {
    file,
    rows,
    featureNames: featureIndices.map((i) => table.header[i]!),
    labelNames: labelIndices.map((i) => table.header[i]!),
    features,
    targets,
    textLabels,
    table,
  };
}

function assertNumericColumn(table: CsvTable, index: number, role: 'feature' | 'label'): void {
  const column = table.columns[index]!;
  if (column.missing + column.nonFinite + column.nonNumeric === 0) return;
  const bad = column.badCells[0]!;
  const what = bad.value.trim() === '' ? 'is empty' : column.nonNumeric > 0 && column.badCells.some((b) => b.value === bad.value) && !/^[+-]?(nan|inf|infinity)$/i.test(bad.value.trim()) ? `"${bad.value}" is not a number` : `"${bad.value}" is not a finite number`;
  const fix = role === 'feature'
    ? column.nonNumeric > 0 ? 'encode text columns as numbers (one-hot) or drop the column; `nndoctor lint-data` lists every such cell' : 'impute or drop rows with missing values; `nndoctor lint-data` lists them'
    : 'fill in or drop rows without a valid label';
  // Columns count as in the file, the dropped pandas index included.
  throw new InputError(what, { file: table.file, row: bad.row, column: index + 1 + (table.droppedIndexColumn ? 1 : 0) }, fix + ` (column ${column.name})`);
}
