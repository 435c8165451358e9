/** Flags feature columns that hold text: categorical columns to encode, or numbers spoiled by stray text. */
import { z } from 'zod';
import { defineRule, type Issue } from './define-rule.js';
import type { ColumnStats, TableStats } from '../gather/artifacts.js';
import { isMissingMarker, shortName, textCells } from './support/columns.js';
import { percent, round } from './support/format.js';

/** Columns named one by one; beyond this a single summary issue follows. */
const COLUMNS_NAMED = 10;
/** More distinct texts than this look like identifiers or free text rather than categories. */
const MAX_CATEGORIES = 50;
const POSITIVE = new Set(['true', 'yes', 'y', 't']);
const BOOLEAN_WORDS = new Set([...POSITIVE, 'false', 'no', 'n', 'f']);
/** The reader takes a column of only these (any case) as 1/0; they are text here only beside numbers or other text. */
const TRUE_FALSE = new Set(['true', 'false']);
/** ISO dates (2024-01-31, optionally with a time) and d/m/y or m/d/y dates. */
const DATE = /^(?:\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?|\d{1,2}[/.]\d{1,2}[/.]\d{2,4})$/;

function columnIssue(file: string, column: ColumnStats, categoricalShare: number, name: string): Issue {
  const text = textCells(column);
  const present = column.numeric + column.nonNumeric + column.nonFinite;
  const share = text / Math.max(1, present);
  const values = column.textValues.filter((t) => !isMissingMarker(t.value));
  const examples = values.slice(0, 5).map((t) => `${JSON.stringify(t.value)} ×${t.count}`).join(', ');
  const firstText = column.badCells.find((b) => b.value.trim().length > 0 && !isMissingMarker(b.value));
  const data = {
    file,
    column: column.name,
    textCells: text,
    share: round(share),
    distinct: column.textDistinct,
    examples: values.slice(0, 5).map((t) => t.value),
    firstRow: firstText?.row ?? null,
  };
  if (share > categoricalShare) {
    const many = column.textDistinct > MAX_CATEGORIES;
    const truth = values.length > 0 && values.length === column.textDistinct && values.every((t) => BOOLEAN_WORDS.has(t.value.trim().toLowerCase()));
    const markers = column.textValues.filter((t) => isMissingMarker(t.value));
    const trueFalse = values.length > 0 && values.length + markers.length === column.textDistinct && values.every((t) => TRUE_FALSE.has(t.value.trim().toLowerCase()));
    if (trueFalse) {
      const others = [
        column.numeric > 0 ? `${column.numeric} number${column.numeric === 1 ? '' : 's'}` : '',
        markers.length > 0 ? `the missing marker${markers.length === 1 ? '' : 's'} ${markers.map((t) => `${JSON.stringify(t.value)} ×${t.count}`).join(', ')}` : '',
      ].filter(Boolean).join(' and ');
      return {
        message: `${name}: column "${column.name}" mixes True/False (${examples}) with ${others || 'other cells'}, so it is not read as 1/0`,
        hint: column.numeric > 0
          ? 'write the column one way: every cell 1/0, or every cell True/False (nndoctor reads such a column as 1/0)'
          : 'leave missing cells empty: a column of True/False and empty cells is read as 1/0 (nan-in-data then reports the empty cells)',
        data: { ...data, kind: 'boolean' },
      };
    }
    if (truth) {
      return {
        message: `${name}: column "${column.name}" holds text, not numbers (yes/no values in ${text} cells: ${examples})`,
        hint: `map it to one 0/1 column (e.g. ${values.map((t) => `${JSON.stringify(t.value)} → ${POSITIVE.has(t.value.trim().toLowerCase()) ? 1 : 0}`).join(', ')}); pandas: df["${column.name}"] = df["${column.name}"].map({${values.map((t) => `${JSON.stringify(t.value)}: ${POSITIVE.has(t.value.trim().toLowerCase()) ? 1 : 0}`).join(', ')}})`,
        data: { ...data, kind: 'boolean' },
      };
    }
    if (values.length > 0 && values.every((t) => DATE.test(t.value.trim()))) {
      return {
        message: `${name}: column "${column.name}" holds dates or times, not numbers (${column.textDistinct}${column.textDistinct > 1000 ? '+' : ''} distinct values in ${text} cells: ${examples})`,
        hint: `convert it to numbers, e.g. days since the earliest date, or year / month / day-of-week columns (pandas: (pd.to_datetime(df["${column.name}"]) - t0).dt.days); then scale like the other features`,
        data: { ...data, kind: 'date' },
      };
    }
    const shown = values.slice(0, 4).map((t) => `${column.name}=${t.value}`).join(', ');
    return {
      message: `${name}: column "${column.name}" holds text, not numbers (${column.textDistinct}${column.textDistinct > 1000 ? '+' : ''} distinct values in ${text} cells: ${examples})`,
      hint: many
        ? `${column.textDistinct} distinct values look like an identifier or free text: drop the column, or map it to an integer index and learn an embedding (tf.layers.embedding)`
        : `one-hot encode it: replace "${column.name}" by ${column.textDistinct} 0/1 columns (${shown}${column.textDistinct > 4 ? ', …' : ''}); pandas: pd.get_dummies(df, columns=["${column.name}"]) — fit the categories on train and reuse them for test`,
      data: { ...data, kind: 'categorical' },
    };
  }
  return {
    message: `${name}: column "${column.name}" is numeric but ${text} cell${text === 1 ? ' is' : 's are'} text (${percent(share)}), e.g. ${examples}${firstText ? ` at line ${firstText.row}` : ''}`,
    hint: values.length > 0 && values.every((t) => TRUE_FALSE.has(t.value.trim().toLowerCase()))
      ? 'write those True/False cells as 1/0 like the rest of the column (a column is read as 1/0 only when every present cell is True/False)'
      : 'clean those cells (thousands separators, units, typos) or blank them and treat them as missing; a network can only take numbers',
    data: { ...data, kind: 'stray-text' },
  };
}

function judgeTable(table: TableStats, maxCells: number, categoricalShare: number, skip: ReadonlySet<string>, other?: string): Issue[] {
  const name = shortName(table.file, other);
  const flagged = table.columns.filter((c) => !skip.has(c.name) && textCells(c) > maxCells);
  const issues = flagged.slice(0, COLUMNS_NAMED).map((c) => columnIssue(table.file, c, categoricalShare, name));
  if (flagged.length > COLUMNS_NAMED) {
    const rest = flagged.slice(COLUMNS_NAMED).map((c) => c.name);
    issues.push({
      message: `${name}: ${rest.length} more columns hold text (${rest.slice(0, 5).join(', ')}${rest.length > 5 ? ', …' : ''})`,
      hint: 'encode categorical columns as one-hot (pd.get_dummies) and clean stray text in numeric ones',
      data: { file: table.file, columns: rest },
    });
  }
  return issues;
}

export const nonNumericColumn = defineRule({
  meta: {
    id: 'non-numeric-column',
    category: 'data',
    defaultSeverity: 'fail',
    title: 'Every feature column is numeric',
    failureTitle: 'A feature column holds text',
    docs: {
      what: 'Finds feature columns (labels excluded) with cells that are not numbers — neither empty, NaN/Inf nor a missing marker like `?`/`NA` (those are nan-in-data). Booleans count as 1/0: a column whose present cells are all `True`/`False` (any case, as pandas ≥ 2 writes bool and `get_dummies` columns) is numeric and never flagged; `True`/`False` beside numbers or other text in one column is. A column whose cells are mostly text is reported as categorical, with its values and a one-hot encoding; a numeric column with a few text cells (`1,234`, `12kg`) is reported as stray text, with the first line.',
      why: 'A network takes only numbers: TF.js cannot build a tensor from a text column, and a loader that coerces text to NaN or 0 silently feeds garbage. Booleans are the exception: numpy and Keras turn a pandas bool column into 1/0 (`df.to_numpy("float32")`), so a `True`/`False` column is the 0/1 input the model was trained on. Default `maxCells` 0: one text cell already means the column is not what the model expects. Default `categoricalShare` 0.5: when most present cells are text the column is a category to encode; otherwise the text is a data-entry fault to clean.',
      fix: 'Categorical column: one-hot encode it (`pd.get_dummies(df, columns=[name])`, categories fitted on train and reused for test); more than 50 distinct values: drop it (an identifier) or map it to integers and use `tf.layers.embedding`. Yes/no (or `t`/`f`): map to one 0/1 column; `True`/`False` mixed with 1/0 or with markers: write the column one way (all 1/0, or all `True`/`False` with empty cells for missing values). Dates: convert to numbers (days since the earliest date, or year/month/weekday columns). Stray text: fix the cells (remove thousands separators and units) or blank them and impute.',
    },
    needs: ['FeatureStats'],
    optionsSchema: z.object({ maxCells: z.number().int().min(0), categoricalShare: z.number().min(0).max(1) }).strict(),
    defaultOptions: { maxCells: 0, categoricalShare: 0.5 },
  },
  judge({ FeatureStats }, { maxCells, categoricalShare }) {
    const issues = judgeTable(FeatureStats.train, maxCells, categoricalShare, new Set(), FeatureStats.test?.file);
    if (FeatureStats.test) {
      const inTrain = new Set(FeatureStats.train.columns.filter((c) => textCells(c) > maxCells).map((c) => c.name));
      issues.push(...judgeTable(FeatureStats.test, maxCells, categoricalShare, inTrain, FeatureStats.train.file));
    }
    return issues;
  },
});
