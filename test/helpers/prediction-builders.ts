/** Builders for the prediction artifacts used by rule tests. */
import type { HiddenActivations, InputDependence, LayerActivity, Predictions, PredictionSplit } from '../../src/gather/groups/prediction.js';

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
