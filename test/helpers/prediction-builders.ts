/** Builders for the prediction artifacts used by rule tests. */
import type { HiddenActivations, InputDependence, LayerActivity, OtherTaskSplit, Predictions, PredictionSplit } from '../../src/gather/groups/prediction.js';

/** A split from its confusion matrix (`confusion[true][predicted]`). */
export function makeSplit(confusion: number[][], split: 'train' | 'test' = 'train'): PredictionSplit {
  const classes = confusion.length;
  const labelCounts = confusion.map((row) => row.reduce((a, b) => a + b, 0));
  const predictedCounts = Array.from({ length: classes }, (_, p) => confusion.reduce((sum, row) => sum + row[p]!, 0));
  const rows = labelCounts.reduce((a, b) => a + b, 0);
  return {
    split, file: `${split}.csv`, rows, skippedRows: 0, labelCounts, predictedCounts, confusion,
    correct: confusion.reduce((sum, row, i) => sum + row[i]!, 0), nonFiniteOutputs: 0, outputSpread: 0.3,
  };
}

export function makePredictions(...splits: PredictionSplit[]): Predictions {
  const classes = splits[0]?.confusion.length ?? 0;
  return {
    applicable: true, classes, classLabels: Array.from({ length: classes }, (_, i) => String(i)),
    outputUnits: classes, outputActivation: 'softmax', decision: 'argmax', splits,
  };
}

export function makeLayerActivity(partial: Partial<LayerActivity> & { activeShare?: number[]; saturatedShare?: number[] }): LayerActivity {
  const units = partial.activeShare?.length || partial.saturatedShare?.length || 0;
  return { layer: 'dense_1', className: 'Dense', activation: partial.saturatedShare ? 'sigmoid' : 'relu', units, rows: 150, activeShare: [], saturatedShare: [], ...partial };
}

export function makeActivations(...layers: LayerActivity[]): HiddenActivations {
  return { layers, rows: 150, capped: false };
}

export function makeInputDependence(real: { loss: number; accuracy?: number }, zeroed: { loss: number; accuracy?: number }, extra: Partial<InputDependence> = {}): InputDependence {
  return {
    applicable: true, evalOn: 'holdout', trainRows: 120, evalRows: 30, epochs: 20, steps: 80,
    optimizer: 'adam', learningRate: 0.01, loss: 'crossentropy',
    real: { evalLoss: real.loss, evalAccuracy: real.accuracy ?? null, trainLoss: real.loss },
    zeroed: { evalLoss: zeroed.loss, evalAccuracy: zeroed.accuracy ?? null, trainLoss: zeroed.loss },
    majorityShare: 0.34,
    ...extra,
  };
}

/**
 * A multi-label split from per-label [labelled share, predicted share] pairs. `none` is the share of rows with no
 * label predicted present (default: 1 when every label is predicted on no row, else a middling 0.1).
 */
export function makeMultiLabelSplit(labels: Array<[labelled: number, predicted: number]>, options: { split?: 'train' | 'test'; rows?: number; none?: number; all?: number } = {}): OtherTaskSplit {
  const { split = 'train', rows = 300 } = options;
  const none = options.none ?? (labels.every(([, p]) => p === 0) ? 1 : 0.1);
  const all = options.all ?? (labels.every(([, p]) => p === 1) ? 1 : 0.05);
  return {
    split, file: `${split}.csv`, rows, nonFiniteOutputs: 0,
    rowsNonePredicted: Math.round(none * rows), rowsAllPredicted: Math.round(all * rows),
    labels: labels.map(([labelled, predicted], i) => ({ column: `y${i}`, labelledShare: labelled, predictedShare: predicted, meanOutput: predicted })),
  };
}

/** A regression split from per-target [target std, prediction std] pairs (means 0 and 0.5, uncorrelated, so MSE = 0.25 + both variances). */
export function makeRegressionSplit(targets: Array<[targetStd: number, predictionStd: number]>, options: { split?: 'train' | 'test'; rows?: number } = {}): OtherTaskSplit {
  const { split = 'train', rows = 300 } = options;
  const columns = targets.map(([targetStd, predictionStd], i) => ({
    column: targets.length === 1 ? 'y' : `y${i}`, targetMean: 0, targetStd, predictionMean: 0.5, predictionStd, mse: 0.25 + targetStd ** 2 + predictionStd ** 2,
  }));
  return { split, file: `${split}.csv`, rows, nonFiniteOutputs: 0, targets: columns, mse: columns.reduce((sum, c) => sum + c.mse, 0) / columns.length };
}

/** Predictions of a multi-label or regression model: no classes, the facts in `other`. */
export function makeOtherPredictions(task: 'multi-label' | 'regression', ...splits: OtherTaskSplit[]): Predictions {
  const units = splits[0]?.labels?.length ?? splits[0]?.targets?.length ?? 1;
  return {
    applicable: false, reason: `${task} targets have no single predicted class`, classes: 0, classLabels: [],
    outputUnits: units, outputActivation: task === 'multi-label' ? 'sigmoid' : 'linear', decision: 'argmax', splits: [],
    other: { task, splits },
  };
}
