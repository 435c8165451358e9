/** Flags token ids outside the vocabulary of the Embedding the model input feeds (TF.js cannot look them up). */
import { z } from 'zod';
import type { ColumnStats, TableStats } from '../gather/artifacts.js';
import { defineRule } from './define-rule.js';
import { nameList, shortName } from './support/columns.js';
import { inputEmbedding } from './support/model.js';

interface Outside {
  file: string;
  columns: Array<{ name: string; min: number; max: number; allIntegers: boolean }>;
}

function outsideVocabulary(table: TableStats, inputDim: number): Outside | null {
  const bad = table.columns.filter((c: ColumnStats) => c.min !== null && c.max !== null && (c.min < 0 || c.max > inputDim - 1 || !c.allIntegers));
  if (bad.length === 0) return null;
  return { file: table.file, columns: bad.map((c) => ({ name: c.name, min: c.min!, max: c.max!, allIntegers: c.allIntegers })) };
}

export const tokenIdOutOfRange = defineRule({
  meta: {
    id: 'token-id-out-of-range',
    category: 'data',
    defaultSeverity: 'fail',
    title: 'Token ids fit the Embedding',
    failureTitle: 'Token ids outside the Embedding vocabulary',
    docs: {
      what: "When the model's input feeds an Embedding layer: the training and test feature columns holding a value that is not a whole number in 0 … inputDim − 1.",
      why: "An Embedding looks each id up as a row of its table, which has inputDim rows. TF.js stops with an error on an id outside the table (a word that was not in the vocabulary when the model was built, or ids counted from 1 with inputDim set to the vocabulary size), and a fractional id is truncated to the wrong row. There is no threshold: one id outside the table stops training and prediction.",
      fix: 'Build the vocabulary on the training set and map every unseen word to a reserved out-of-vocabulary id (e.g. 1, with 0 for padding); or set inputDim to the largest id + 1. Never scale or standardise token ids.',
    },
    needs: ['Topology', 'FeatureStats'],
    optionsSchema: z.object({}).strict(),
    defaultOptions: {},
  },
  judge({ Topology, FeatureStats }) {
    const embedding = inputEmbedding(Topology);
    if (!embedding || embedding.inputDim === undefined) return [];
    const inputDim = embedding.inputDim;
    const tables = [FeatureStats.train, ...(FeatureStats.test ? [FeatureStats.test] : [])];
    return tables.flatMap((table) => {
      const outside = outsideVocabulary(table, inputDim);
      if (!outside) return [];
      const largest = Math.max(...outside.columns.map((c) => c.max));
      const fractional = outside.columns.some((c) => !c.allIntegers);
      return [{
        message: `${outside.columns.length} of ${table.columns.length} feature columns in ${shortName(table.file)} hold ids outside ${embedding.name}'s vocabulary of ${inputDim} (0…${inputDim - 1}): ${nameList(outside.columns.map((c) => `${c.name} ${c.min}..${c.max}`))}${fractional ? '; some are not whole numbers' : ''}`,
        hint: fractional
          ? 'token ids must be the integer indices themselves: do not scale or standardise them'
          : `map words unseen in training to a reserved out-of-vocabulary id, or set inputDim to at least ${largest + 1}`,
        data: { file: table.file, layer: embedding.name, inputDim, columns: outside.columns },
      }];
    });
  },
});
