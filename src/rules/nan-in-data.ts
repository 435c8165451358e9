/** Flags empty, NaN, Inf and missing-marker ("?", "NA") cells in the feature columns of the training and test CSVs. */
import { z } from 'zod';
import { defineRule, type Issue } from './define-rule.js';
import type { TableStats } from '../gather/artifacts.js';
import { isMissingMarker, missingCells, nameList, shortName } from './support/columns.js';
import { percent, round } from './support/format.js';

const FIRST_CELLS = 5;
const NON_FINITE = /^[+-]?(?:nan|inf|infinity)$/i;

function isMissingText(value: string): boolean {
  const trimmed = value.trim();
  return trimmed.length === 0 || NON_FINITE.test(trimmed) || isMissingMarker(trimmed);
}

function judgeTable(table: TableStats, maxCells: number, other?: string): Issue[] {
  const columns = table.columns
    .map((c) => {
      // Numbers beyond float range ("1e400") parse to Infinity without being counted anywhere else.
      const overflow = Math.max(0, table.rows - (c.numeric + c.missing + c.nonFinite + c.nonNumeric));
      return { name: c.name, empty: c.missing, nonFinite: c.nonFinite + overflow, markers: missingCells(c) - c.missing - c.nonFinite, cells: missingCells(c) + overflow, badCells: c.badCells };
    })
    .filter((c) => c.cells > 0);
  const cells = columns.reduce((sum, c) => sum + c.cells, 0);
  if (cells <= maxCells) return [];
  const first = columns
    .flatMap((c) => c.badCells.filter((b) => isMissingText(b.value)).map((b) => ({ row: b.row, column: c.name, value: b.value })))
    .sort((a, b) => a.row - b.row)
    .slice(0, FIRST_CELLS);
  const where = first.length > 0 ? `; first at ${first.map((f) => `${f.row}:${f.column} ${JSON.stringify(f.value)}`).join(', ')}` : '';
  const totalCells = table.rows * table.columns.length;
  const worst = [...columns].sort((a, b) => b.cells - a.cells);
  return [
    {
      message: `${shortName(table.file, other)}: ${cells} empty/NaN/Inf cell${cells === 1 ? '' : 's'} (${percent(cells / Math.max(1, totalCells), 2)} of feature cells) in ${columns.length} column${columns.length === 1 ? '' : 's'} (${nameList(worst.map((c) => `${c.name} ${c.cells}`))})${where}`,
      hint: 'a single NaN input turns the loss into NaN: drop those rows, or fill each column with its training median (pandas: df.fillna(df_train.median())) before training',
      data: {
        file: table.file,
        cells,
        share: round(cells / Math.max(1, totalCells)),
        maxCells,
        columns: worst.map((c) => ({ name: c.name, cells: c.cells, empty: c.empty, nonFinite: c.nonFinite, markers: c.markers })),
        first,
      },
    },
  ];
}

export const nanInData = defineRule({
  meta: {
    id: 'nan-in-data',
    category: 'data',
    defaultSeverity: 'fail',
    title: 'No empty, NaN or Inf feature cells',
    failureTitle: 'Feature cells are empty, NaN or Inf',
    docs: {
      what: 'Counts feature cells in the training and test CSVs that are empty, `NaN`, `Inf`/`-Inf`, or a missing-value marker (`?`, `NA`, `N/A`, `null`, `none`, `-`, `missing`), per column, and names the first few as line:column. For regression and multi-label targets it also counts rows whose target is empty or NaN (class labels: see label-out-of-range).',
      why: 'One NaN or Inf input makes every activation it reaches NaN, so the loss becomes NaN and training silently stops learning (TF.js does not skip such rows). Default `maxCells` 0: there is no harmless number of missing inputs, and a clean dataset has none.',
      fix: 'Drop rows with missing values, or impute each column with a statistic of the training set (median for numbers), and apply the same fill to the test set. In pandas: `med = train.median(); train = train.fillna(med); test = test.fillna(med)`.',
    },
    needs: ['FeatureStats'],
    optional: ['LabelCounts'],
    optionsSchema: z.object({ maxCells: z.number().int().min(0) }).strict(),
    defaultOptions: { maxCells: 0 },
  },
  judge({ FeatureStats, LabelCounts }, { maxCells }) {
    const { train, test } = FeatureStats;
    const issues = judgeTable(train, maxCells, test?.file);
    if (test) issues.push(...judgeTable(test, maxCells, train.file));
    // Regression and multi-label targets have no class to be "out of range", so their empty cells are reported
    // here (label-out-of-range reports those of class labels).
    if (LabelCounts && (LabelCounts.task.kind === 'regression' || LabelCounts.task.kind === 'multi-label')) {
      for (const table of LabelCounts.test ? [LabelCounts.train, LabelCounts.test] : [LabelCounts.train]) {
        if (table.missing <= maxCells) continue;
        issues.push({
          message: `${table.missing} row${table.missing === 1 ? '' : 's'} of ${table.file} ${table.missing === 1 ? 'has' : 'have'} an empty or NaN target (${table.columns.join(', ')})`,
          hint: 'a NaN target turns the loss into NaN: drop those rows (a target cannot be imputed like a feature)',
          data: { file: table.file, targetRows: table.missing, targetColumns: table.columns, maxCells },
        });
      }
    }
    return issues;
  },
});
