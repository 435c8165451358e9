/** class-balance: label counts, shares, imbalance ratio, label shift and balanced class weights. */
import { defineCheck } from './define-check.js';
import { classShares, classWeightsByIndex, imbalanceRatio, totalVariation } from '../rules/support/labels.js';
import { round } from '../rules/support/format.js';
import type { LabelTable } from '../gather/artifacts.js';
import type { Json } from '../report/types.js';

function describeTable(table: LabelTable): Json {
  const ratio = imbalanceRatio(table);
  return {
    file: table.file,
    rows: table.rows,
    columns: table.columns,
    missingLabels: table.missing,
    classes: classShares(table).map((c) => ({ label: c.label, count: c.count, share: round(c.share) })),
    imbalanceRatio: ratio ? round(ratio.ratio) : null,
  };
}

export const classBalanceCheck = defineCheck({
  meta: {
    id: 'class-balance',
    title: 'Class balance',
    description: 'Streams the label column(s) of the training (and test) CSV and judges how the classes are distributed.',
    inputs: ['trainData'],
  },
  rules: ['class-imbalance', 'missing-class', 'label-out-of-range', 'label-shift'],
  summary: {
    needs: ['LabelCounts'],
    summarize({ LabelCounts }) {
      const counts = LabelCounts!;
      const { train, test, task } = counts;
      if (task.kind === 'regression') return { task: task as unknown as Json, train: { file: train.file, rows: train.rows }, note: 'regression targets: class balance does not apply' };
      const { classWeight, classIndex: indexOf, unindexed } = classWeightsByIndex(train);
      const data: Record<string, Json> = {
        task: { kind: task.kind, classes: task.classes, reason: task.reason },
        train: describeTable(train),
        classWeight,
      };
      if (indexOf) data.classIndex = indexOf;
      if (unindexed.length > 0) data.unweightedLabels = unindexed;
      if (counts.expectedClasses) data.expectedClasses = counts.expectedClasses as unknown as Json;
      if (test) {
        data.test = describeTable(test);
        data.labelShift = round(totalVariation(train, test).distance);
      }
      return data;
    },
  },
});
