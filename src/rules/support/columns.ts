/** Pure helpers over FeatureStats columns shared by the data rules: missing markers, robust scale, table shape. */
import type { ColumnStats, TableStats } from '../../gather/artifacts.js';
import { num } from './format.js';

/**
 * Texts that spreadsheets, R, pandas and UCI files write for "no value". They are missing cells (nan-in-data),
 * not categories (non-numeric-column).
 */
const MISSING_MARKERS = new Set(['?', 'na', 'n/a', '#n/a', 'null', 'none', 'nil', '-', '--', 'missing', 'undefined', '.']);

export function isMissingMarker(text: string): boolean {
  return MISSING_MARKERS.has(text.trim().toLowerCase());
}

/** Cells of the column that are missing markers ("?", "NA", …), from its most frequent texts. */
export function markerCells(column: ColumnStats): number {
  return column.textValues.filter((t) => isMissingMarker(t.value)).reduce((sum, t) => sum + t.count, 0);
}

/** Non-numeric cells that are real text (not missing markers). */
export function textCells(column: ColumnStats): number {
  return Math.max(0, column.nonNumeric - markerCells(column));
}

/** Empty, NaN/Inf and missing-marker cells. */
export function missingCells(column: ColumnStats): number {
  return column.missing + column.nonFinite + markerCells(column);
}

/**
 * A robust scale: the interquartile range divided by 1.349 (equal to the standard deviation for a normal
 * distribution), falling back to the standard deviation for columns that are mostly one value (sparse pixels,
 * rare flags) whose IQR is 0. Null for a constant column.
 */
export function robustScale(column: ColumnStats): number | null {
  if (column.q1 !== null && column.q3 !== null && column.q3 - column.q1 > 0) return (column.q3 - column.q1) / 1.349;
  if (column.std !== null && column.std > 0) return column.std;
  return null;
}

/**
 * Test spread over train spread. Both the IQR ratio and the std ratio are measured and the one closer to 1 is
 * kept: the IQR jumps on integer-valued columns and the std on a single outlier, but a real rescaling (×255,
 * ×16, standardised vs raw) moves both.
 */
export function scaleRatio(train: ColumnStats, test: ColumnStats): number | null {
  const iqr = (c: ColumnStats): number => (c.q1 !== null && c.q3 !== null ? c.q3 - c.q1 : 0);
  const ratios: number[] = [];
  if (iqr(train) > 0 && iqr(test) > 0) ratios.push(iqr(test) / iqr(train));
  if (train.std !== null && test.std !== null && train.std > 0 && test.std > 0) ratios.push(test.std / train.std);
  if (ratios.length === 0) return null;
  return ratios.reduce((best, r) => (Math.abs(Math.log(r)) < Math.abs(Math.log(best)) ? r : best));
}

/** True when a column holds a single value (and no text). */
export function isConstant(column: ColumnStats): boolean {
  return column.numeric > 0 && column.distinct === 1 && column.nonNumeric === 0;
}

/** True when at least 80 % of the varying numeric columns have mean ≈ 0 (|mean| < 0.5) and std ≈ 1 (0.5–2). */
export function looksStandardised(columns: readonly ColumnStats[]): boolean {
  const varying = columns.filter((c) => c.numeric > 0 && !isConstant(c));
  if (varying.length === 0) return false;
  const standardised = varying.filter((c) => c.mean !== null && Math.abs(c.mean) < 0.5 && c.std !== null && c.std > 0.5 && c.std < 2).length;
  return standardised >= 0.8 * varying.length;
}

/** A short description of how a table looks scaled, for hints: standardised, in [0, 1], or raw. */
export function describeScaling(table: TableStats): string {
  const numeric = table.columns.filter((c) => c.numeric > 0 && c.min !== null && c.max !== null);
  if (numeric.length === 0) return 'not numeric';
  if (looksStandardised(numeric)) return 'standardised (mean ≈ 0, std ≈ 1)';
  if (numeric.every((c) => c.min! >= 0 && c.max! <= 1)) return 'scaled into [0, 1]';
  const top = Math.max(...numeric.map((c) => Math.abs(c.max!)), ...numeric.map((c) => Math.abs(c.min!)));
  return `raw (values up to ${num(top)})`;
}

/** "a, b, c and 4 more" — for messages that name columns. */
export function nameList(names: readonly string[], shown = 3): string {
  if (names.length <= shown) return names.join(', ');
  return `${names.slice(0, shown).join(', ')} and ${names.length - shown} more`;
}

/** A file's name for messages: its base name, or the whole path when that would be ambiguous (data keeps the path). */
export function shortName(file: string, other?: string): string {
  const base = (path: string): string => path.split(/[\\/]/).pop() ?? path;
  return other !== undefined && base(other) === base(file) && other !== file ? file : base(file);
}
