/** Flags a softmax output trained on target rows that do not sum to one (multi-label or unnormalised targets). */
import { z } from 'zod';
import { defineRule } from './define-rule.js';
import { percent, round } from './support/format.js';

export const softmaxMultilabelTargets = defineRule({
  meta: {
    id: 'softmax-multilabel-targets',
    category: 'model',
    defaultSeverity: 'fail',
    title: 'Softmax targets are one-hot',
    failureTitle: 'Softmax output, but target rows do not sum to one',
    docs: {
      what: 'For multi-column targets with a softmax output: the share of target rows whose values do not sum to 1 (±0.001), e.g. multi-label rows with several 1s or rows of all 0.',
      why: 'A softmax output always sums to 1, so it cannot produce two 1s (multi-label) or all zeros; the loss can never reach its minimum and the labels compete with each other. Default `maxShare` 0.01: a genuinely one-hot table has no such row, and up to 1 % of rows is left to label noise (nan-in-data and label checks cover broken rows); above that the targets are multi-label.',
      fix: 'Multi-label targets: use `activation: "sigmoid"` on the output layer with `binaryCrossentropy`. Single-label targets: fix the rows so each has exactly one 1.',
    },
    needs: ['Topology', 'LabelCounts'],
    optionsSchema: z.object({ maxShare: z.number().min(0).max(1) }).strict(),
    defaultOptions: { maxShare: 0.01 },
  },
  judge({ Topology, LabelCounts }, { maxShare }) {
    const { train } = LabelCounts;
    if (Topology.outputActivation.toLowerCase() !== 'softmax' || train.kind !== 'multi' || !train.rowSums || train.rows === 0) return [];
    const share = train.rowSums.notOne / train.rows;
    if (share <= maxShare) return [];
    return [{
      message: `the output is a softmax (sums to 1) but ${train.rowSums.notOne} of ${train.rows} target rows in ${train.file} (${percent(share)}) do not sum to 1 (row sums ${train.rowSums.min}..${train.rowSums.max})`,
      hint: 'multi-label targets: use activation "sigmoid" on the output layer with loss binaryCrossentropy',
      data: { rowsNotOne: train.rowSums.notOne, rows: train.rows, share: round(share), maxShare, rowSumMin: train.rowSums.min, rowSumMax: train.rowSums.max },
    }];
  },
});
