/** lint-data: static rules over the training (and test) CSV — missing and text cells, scaling, leaks, label conflicts. */
import { defineCheck } from './define-check.js';
import type { TableStats } from '../gather/artifacts.js';
import type { Json } from '../report/types.js';
import { describeScaling, isConstant, missingCells, textCells } from '../rules/support/columns.js';
import { round } from '../rules/support/format.js';

function describeTable(table: TableStats): Json {
  const finite = table.columns.filter((c) => c.min !== null && c.max !== null);
  return {
    file: table.file,
    rows: table.rows,
    features: table.columns.length,
    scaling: describeScaling(table),
    min: finite.length > 0 ? Math.min(...finite.map((c) => c.min!)) : null,
    max: finite.length > 0 ? Math.max(...finite.map((c) => c.max!)) : null,
    missingCells: table.columns.reduce((sum, c) => sum + missingCells(c), 0),
    textColumns: table.columns.filter((c) => textCells(c) > 0).map((c) => c.name),
    ranges: table.columns.map((c) => ({
      name: c.name,
      min: c.min,
      max: c.max,
      mean: c.mean === null ? null : round(c.mean, 4),
      std: c.std === null ? null : round(c.std, 4),
    })),
  };
}

export const lintDataCheck = defineCheck({
  meta: {
    id: 'lint-data',
    title: 'Data lint',
    description: 'Static rules over the training (and test) CSV: missing and non-numeric cells, unscaled and constant features, train/test preprocessing mismatch, label shift, shared rows and conflicting labels. No model needed.',
    inputs: ['trainData'],
  },
  rules: ['nan-in-data', 'non-numeric-column', 'unscaled-inputs', 'constant-feature', 'preprocessing-mismatch', 'label-shift', 'train-test-overlap', 'conflicting-labels'],
  summary: {
    needs: ['FeatureStats', 'RowDuplicates'],
    summarize({ FeatureStats, RowDuplicates }) {
      const stats = FeatureStats!;
      const duplicates = RowDuplicates!;
      const data: Record<string, Json> = {
        train: describeTable(stats.train),
        // Listed even when constant-feature excuses them (all-zero border pixels), so nothing is hidden.
        constantColumns: stats.train.columns.filter(isConstant).map((c) => ({ name: c.name, value: c.min })),
        duplicateTrainRows: duplicates.duplicateTrainRows,
        conflictingRows: duplicates.conflictingRows,
      };
      if (stats.test) {
        data.test = describeTable(stats.test);
        data.sharedRows = duplicates.sharedRows;
      }
      return data;
    },
  },
});
