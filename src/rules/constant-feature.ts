/** Flags training feature columns that hold one value, except all-zero columns in tables whose background is zero. */
import { z } from 'zod';
import { defineRule } from './define-rule.js';
import type { ColumnStats, TableStats } from '../gather/artifacts.js';
import { isConstant, looksStandardised, nameList, shortName } from './support/columns.js';
import { num, percent, round } from './support/format.js';

/** Share of zero cells among the table's non-constant numeric columns. */
export function backgroundZeroShare(table: TableStats): number {
  const varying = table.columns.filter((c) => c.numeric > 0 && !isConstant(c));
  const cells = varying.reduce((sum, c) => sum + c.numeric, 0);
  return cells === 0 ? 0 : varying.reduce((sum, c) => sum + c.zeros, 0) / cells;
}

/**
 * Constant columns of a table, split into the reported ones and the all-zero ones excused: in a zero-background
 * table (pixels, counts, one-hot) zero is the natural value, and in a standardised table an all-zero column is what
 * a scaler (scikit-learn's StandardScaler) makes of a constant column — already neutralised.
 */
export function constantColumns(table: TableStats, sparseZeroShare: number): { reported: ColumnStats[]; excused: ColumnStats[]; zeroShare: number; standardised: boolean } {
  const constant = table.columns.filter(isConstant);
  const zeroShare = backgroundZeroShare(table);
  const standardised = looksStandardised(table.columns);
  const excusesZeros = zeroShare > sparseZeroShare || standardised;
  const floor = commonFloor(table);
  const excused = constant.filter((c) => (excusesZeros && c.min === 0) || (floor !== null && c.min === floor));
  return { reported: constant.filter((c) => !excused.includes(c)), excused, zeroShare, standardised };
}

/**
 * The lowest value shared by at least 80 % of the varying columns, or null. Pixels rescaled to [−1, 1] (or any
 * image-like table whose columns share one range) have a background at that floor, and a border pixel that is
 * background in every image is constant at it — as harmless as an all-zero pixel in a [0, 1] table. Tabular
 * columns rarely share an exact minimum.
 */
function commonFloor(table: TableStats): number | null {
  const varying = table.columns.filter((c) => c.numeric > 0 && !isConstant(c) && c.min !== null);
  if (varying.length < 5) return null;
  const counts = new Map<number, number>();
  for (const c of varying) counts.set(c.min!, (counts.get(c.min!) ?? 0) + 1);
  for (const [value, count] of counts) if (count >= 0.8 * varying.length) return value;
  return null;
}

export const constantFeature = defineRule({
  meta: {
    id: 'constant-feature',
    category: 'data',
    defaultSeverity: 'warn',
    title: 'Every feature column varies',
    failureTitle: 'A feature column holds a single value',
    docs: {
      what: 'Finds training feature columns in which every present cell has the same value. All-zero columns are not reported when zero is the background value of the table — more than `sparseZeroShare` of the cells of the other (varying) columns are 0, as in pixel images, counts or one-hot blocks — or when the table is standardised (80 % of the varying columns have mean ≈ 0 and std ≈ 1), where an all-zero column is what a scaler made of a constant one.',
      why: 'A constant column carries no information, and it breaks the usual preprocessing: standardising divides by its standard deviation, 0, and turns the whole column into NaN. A constant non-zero column also often means a join or export went wrong (a default filled in everywhere). All-zero columns in zero-background data are normal and harmless: the border pixels of scikit-learn\'s 8×8 digits (pixel0, pixel32, pixel39) and of MNIST are 0 in every image; a zero input adds nothing to the forward pass and its weights get no gradient. Reporting them would warn on every clean image experiment, so they are excused — but still listed in the lint-data summary. The same holds after standardising: scikit-learn\'s StandardScaler turns a zero-variance column into zeros instead of NaN, so a standardised digits table carries three harmless all-zero columns. Default `sparseZeroShare` 0.25: digits has ~47 % zeros in its varying columns and MNIST ~80 %, while dense tabular data (iris, standardised features) has almost none, so an all-zero column added to such a table is still reported. Likewise a column constant at the lowest value that 80 % of the varying columns share (the background of pixels rescaled to [−1, 1]) is excused. Default `maxColumns` 0: any reported constant column is worth a look.',
      fix: 'Drop the column (it cannot help the model), or find out why it has one value (a broken join, a filter that kept one group). If you standardise, guard against zero std: `std[std == 0] = 1`.',
    },
    needs: ['FeatureStats'],
    optionsSchema: z.object({ maxColumns: z.number().int().min(0), sparseZeroShare: z.number().min(0).max(1) }).strict(),
    defaultOptions: { maxColumns: 0, sparseZeroShare: 0.25 },
  },
  judge({ FeatureStats }, { maxColumns, sparseZeroShare }) {
    const { train } = FeatureStats;
    const { reported, excused, zeroShare, standardised } = constantColumns(train, sparseZeroShare);
    if (reported.length <= maxColumns) return [];
    const testColumns = new Map((FeatureStats.test?.columns ?? []).map((c) => [c.name, c]));
    // A column constant in training but varying in test feeds the model inputs its weights never trained on.
    const variesInTest = reported.filter((c) => {
      const t = testColumns.get(c.name);
      return t !== undefined && t.min !== null && t.max !== null && t.min !== t.max;
    });
    const describe = (c: ColumnStats): string => {
      const t = testColumns.get(c.name);
      return `${c.name} = ${num(c.min!)}${variesInTest.includes(c) ? ` in training but ${num(t!.min!)}…${num(t!.max!)} in ${shortName(FeatureStats.test!.file, train.file)}` : ''}`;
    };
    return [
      {
        message: `${reported.length} of ${train.columns.length} feature column${train.columns.length === 1 ? '' : 's'} in ${shortName(train.file)} hold a single value (${nameList(reported.map(describe), 5)})`,
        hint: `drop ${reported.length === 1 ? 'it' : 'them'} (${nameList(reported.map((c) => c.name), 5)}) or find why ${reported.length === 1 ? 'it does' : 'they do'} not vary${variesInTest.length > 0 ? ' in training (a stuck sensor, a filter that kept one group?): the model never learned what the test values mean' : ''}; standardising would divide by a zero std`,
        data: {
          file: train.file,
          columns: reported.map((c) => ({ name: c.name, value: c.min, variesInTest: variesInTest.includes(c) })),
          excusedZeroColumns: excused.map((c) => c.name),
          zeroShare: round(zeroShare),
          maxColumns,
          note: excused.length > 0 ? `${excused.length} all-zero columns excused: ${standardised ? 'the table is standardised' : `${percent(zeroShare)} of the other cells are 0`}` : null,
        },
      },
    ];
  },
});
