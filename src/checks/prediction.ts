/** prediction: what the saved model actually predicts (histogram, confusion matrix) and how its hidden units behave. */
import { defineCheck } from './define-check.js';
import { round } from '../rules/support/format.js';
import type { Json } from '../report/types.js';
import { deadUnitCount } from '../rules/support/model.js';

export const predictionCheck = defineCheck({
  meta: {
    id: 'prediction',
    title: 'Predictions of the saved model',
    description: 'Predicts the training (and test) rows with the saved model: predicted-class histogram, confusion matrix (per-label or per-target spread and error for multi-label and regression targets), dead ReLU units, saturated sigmoid/tanh units, and whether the model learns anything from its inputs.',
    inputs: ['model', 'trainData'],
  },
  rules: ['prediction-collapse', 'class-order-mismatch', 'saved-model-mismatch', 'dead-units', 'saturated-activations', 'input-independent'],
  summary: {
    needs: ['Predictions', 'HiddenActivations'],
    summarize({ Predictions, HiddenActivations }): Json {
      const p = Predictions!;
      const layers: Json = HiddenActivations!.layers.map((l) => ({
        layer: l.layer,
        activation: l.activation,
        units: l.units,
        dead: l.activeShare.length > 0 ? deadUnitCount(l) : null,
        saturated: l.saturatedShare.length > 0 ? l.saturatedShare.filter((s) => s > 0.9).length : null,
      }));
      if (!p.applicable && p.other) {
        // Same `splits` key as for classes, so a reader finds each split's numbers in one place; `task` tells them apart.
        return { task: p.other.task, output: { units: p.outputUnits, activation: p.outputActivation }, splits: p.other.splits as unknown as Json, layers };
      }
      if (!p.applicable) return { note: p.reason ?? 'not a classification task', layers };
      return {
        classes: p.classLabels,
        decision: p.decision,
        output: { units: p.outputUnits, activation: p.outputActivation },
        splits: p.splits.map((s) => ({
          split: s.split,
          file: s.file,
          rows: s.rows,
          skippedRows: s.skippedRows,
          accuracy: s.rows > 0 ? round(s.correct / s.rows, 4) : null,
          predicted: s.predictedCounts,
          labels: s.labelCounts,
          confusion: s.confusion,
          outputSpread: s.outputSpread,
          nonFiniteOutputs: s.nonFiniteOutputs,
        })),
        layers,
      };
    },
  },
});
