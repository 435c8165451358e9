/** Artifacts made by predicting with the saved model (prediction checks). Owned by the check/prediction work. */

/** Predictions of the saved model on one CSV, tallied per class. */
export interface PredictionSplit {
  split: 'train' | 'test';
  file: string;
  /** Rows predicted (rows whose label is not a valid class index are left out, see `skippedRows`). */
  rows: number;
  /** Rows left out because their label is not a class the model can output. */
  skippedRows: number;
  /** True rows per class, indexed by class. */
  labelCounts: number[];
  /** Predicted rows per class, indexed by class: the predicted-class histogram. */
  predictedCounts: number[];
  /** `confusion[true][predicted]`: row counts. */
  confusion: number[][];
  /** Rows whose predicted class equals the label. */
  correct: number;
  /** Output values that are NaN or ±Inf. */
  nonFiniteOutputs: number;
  /** Largest standard deviation over rows of any output unit: 0 means every row gets the same output. */
  outputSpread: number;
}

/** Multi-label predictions of one target column on one split (a label is present when its value is > 0.5). */
export interface MultiLabelColumn {
  column: string;
  /** Share of the rows whose target is > 0.5 (labelled present). */
  labelledShare: number;
  /** Share of the rows whose output is > 0.5 (predicted present). */
  predictedShare: number;
  /** Mean output over the rows with a finite output; null when there is none. */
  meanOutput: number | null;
}

/** Regression predictions of one target column on one split: the spread of targets and of predictions. */
export interface RegressionColumn {
  column: string;
  targetMean: number;
  targetStd: number;
  /** Over the rows with a finite output; null when there is none. */
  predictionMean: number | null;
  predictionStd: number | null;
  /** Mean squared error over the rows with a finite output; null when there is none. */
  mse: number | null;
}

/** Predictions of the saved model on one CSV for targets that are not one class per row (multi-label, regression). */
export interface OtherTaskSplit {
  split: 'train' | 'test';
  file: string;
  rows: number;
  /** Output values that are NaN or ±Inf (left out of every mean, share and error below). */
  nonFiniteOutputs: number;
  /** Multi-label: rows with no output > 0.5, and rows with every output > 0.5. Absent for regression. */
  rowsNonePredicted?: number;
  rowsAllPredicted?: number;
  /** Multi-label only. */
  labels?: MultiLabelColumn[];
  /** Regression only. */
  targets?: RegressionColumn[];
  /** Regression: mean squared error over every column and row with a finite output; null when there is none. */
  mse?: number | null;
}

import type { NeighbourBaseline } from '../neighbour-baseline.js';

/** What the saved model predicts for multi-label or regression targets (see `Predictions.other`). */
export interface OtherTaskPredictions {
  task: 'multi-label' | 'regression';
  splits: OtherTaskSplit[];
}

export interface Predictions {
  /** False for regression and multi-label targets, where a predicted class does not exist; see `reason` and `other`. */
  applicable: boolean;
  reason?: string;
  /** Number of classes C; class indices are 0…C−1. */
  classes: number;
  /** Display name per class index (the label text for text labels, else the index). */
  classLabels: string[];
  outputUnits: number;
  outputActivation: string;
  /** How a class is read from the output: argmax over units, or one unit thresholded at 0.5. */
  decision: 'argmax' | 'threshold';
  splits: PredictionSplit[];
  /**
   * Multi-label and regression targets: per-column facts of the saved model's outputs. Absent for classification,
   * and when the output units do not match the target columns (output-units-mismatch's finding), see `reason`.
   */
  other?: OtherTaskPredictions;
  /**
   * A 5-nearest-neighbour estimate on the training rows (standardised features, each row left out): for classes the
   * vote's error rate, for regression the neighbours' mean's squared error as a share of the target variance — a
   * model-free estimate of how much the features explain. Absent for multi-label, token-id inputs and tiny data.
   */
  neighbours?: NeighbourBaseline;
}

/** Activity of one hidden layer's units on the training rows (saved model). */
export interface LayerActivity {
  layer: string;
  className: string;
  /** relu, relu6, sigmoid, tanh, … as declared. */
  activation: string;
  /** Units (Dense) or channels (Conv): the last output dimension. */
  units: number;
  rows: number;
  /**
   * ReLU family: per unit, the share of rows on which it is > 0 somewhere (0 = dead on this data).
   * Empty for other activations.
   */
  activeShare: number[];
  /**
   * Sigmoid/tanh: per unit, the share of rows on which it sits within 1 % of a limit of its range
   * (sigmoid < 0.01 or > 0.99; tanh < −0.99 or > 0.99), averaged over positions for conv layers. Empty otherwise.
   */
  saturatedShare: number[];
}

export interface HiddenActivations {
  /** Hidden layers with a ReLU-family, sigmoid or tanh activation, in model order (the output layer excluded). */
  layers: LayerActivity[];
  /** Training rows fed through the model (capped for speed; see `capped`). */
  rows: number;
  capped: boolean;
}

/** One short training run from a fresh initialisation, judged on held-out rows. */
export interface InputRun {
  /** Mean loss on the held-out rows after training. */
  evalLoss: number;
  /** Share of held-out rows predicted right (classification), else null. */
  evalAccuracy: number | null;
  /** Mean training loss over the last epoch. */
  trainLoss: number;
}

export interface InputDependence {
  applicable: boolean;
  reason?: string;
  /** Held-out rows: a seeded stratified share of the training rows (never the test CSV, see the gatherer). */
  evalOn: 'holdout';
  trainRows: number;
  evalRows: number;
  epochs: number;
  steps: number;
  optimizer: string;
  learningRate: number;
  loss: string;
  /** Trained on the real features. */
  real: InputRun;
  /** Same model, seed and steps, trained with every feature set to 0: it can only learn the label prior. */
  zeroed: InputRun;
  /** Share of the held-out rows in their most common class (what a constant guess scores), or null. */
  majorityShare: number | null;
}

export interface PredictionArtifacts {
  Predictions?: Predictions;
  HiddenActivations?: HiddenActivations;
  InputDependence?: InputDependence;
}
