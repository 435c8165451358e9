/**
 * The artifact contract: plain-JSON facts that gatherers make and rules judge.
 * Every field is optional because a check gathers only what its rules need.
 */
import type { SettingSource } from '../report/types.js';
import type { OverfitArtifacts } from './groups/overfit.js';
import type { LearningCurveArtifacts } from './groups/learning-curve.js';
import type { PredictionArtifacts } from './groups/prediction.js';

/** Label statistics of one CSV, streamed from its label column(s). */
export interface LabelTable {
  file: string;
  /** Data rows (header excluded). */
  rows: number;
  /** The label column name(s). */
  columns: string[];
  /** `single`: one label column with class labels or values; `multi`: several target columns. */
  kind: 'single' | 'multi';
  /**
   * single: each distinct label with its row count, numeric labels in numeric order, then strings;
   * multi: one entry per target column, counting rows whose value is > 0.5 (a "positive").
   */
  classes: Array<{ label: string; count: number }>;
  /** Rows whose label cell is empty or NaN. */
  missing: number;
  /** True when every present label is a finite number. */
  numeric: boolean;
  /** Labels that are numbers but not integers (e.g. 0.33 after dividing by 255), and a few of them. */
  nonInteger: number;
  nonIntegerExamples: string[];
  /** Smallest and largest numeric target value over all label columns; null when none is numeric. */
  min: number | null;
  max: number | null;
  /** multi only: how target rows sum (a one-hot row sums to 1). */
  rowSums?: { min: number; max: number; notOne: number };
}

/** What the targets are, inferred from labels, the model's output layer and the loss. */
export interface Task {
  kind: 'classification' | 'one-hot' | 'multi-label' | 'regression';
  /** Number of classes (output columns for one-hot / multi-label); null for regression. */
  classes: number | null;
  /** Why this kind was chosen, for the report. */
  reason: string;
  /** Binary labels written −1/+1 for a hinge loss (class 0 is −1, class 1 is +1); absent otherwise. */
  signed?: true;
}

export interface LabelCounts {
  train: LabelTable;
  task: Task;
  test?: LabelTable;
  /** How many classes the model can output (output units), or `--classes`; absent when unknown. */
  expectedClasses?: { count: number; from: 'model' | 'flag' };
}

/** One layer as declared in the topology, in model order. */
export interface LayerInfo {
  name: string;
  className: string;
  trainable: boolean;
  units?: number;
  filters?: number;
  /** Activation name as declared (`linear` when absent on a weight layer). */
  activation?: string;
  kernelInitializer?: string;
  /** Value for a `Constant` initializer. */
  kernelInitializerValue?: number;
  /** The kernel initializer's numeric/string arguments as declared (e.g. `{stddev: 0.05}`), without the seed. */
  kernelInitializerArgs?: Record<string, number | string | boolean | null>;
  /** Bias initializer class name as declared (`Zeros` when the layer has a bias and says nothing). */
  biasInitializer?: string;
  /** Value for a `Constant` bias initializer. */
  biasInitializerValue?: number;
  useBias?: boolean;
  /** Dropout-like rate. */
  rate?: number;
  /** A recurrent layer's dropout on its inputs and on its recurrent state (LSTM, GRU, SimpleRNN). */
  dropout?: number;
  recurrentDropout?: number;
  /** An Embedding's vocabulary size: token ids must lie in 0 … inputDim − 1. */
  inputDim?: number;
  /** Declared batch input shape (first dimension null), when the layer has one. */
  batchInputShape?: Array<number | null>;
  dtype?: string;
  /** Names of the layers feeding this one (functional models); the previous layer in a Sequential. */
  inbound: string[];
}

export interface SavedKernelStats {
  layer: string;
  weight: string;
  shape: number[];
  count: number;
  /** True when every value is identical (a constant initialisation that never trained). */
  allEqual: boolean;
  min: number;
  max: number;
  mean: number;
  std: number;
  /** NaN or ±Inf values. */
  nonFinite: number;
}

export interface Topology {
  file: string;
  format: 'tfjs-layers' | 'keras-h5' | 'keras-v3';
  modelClass: string;
  layers: LayerInfo[];
  /** Name of the layer that produces the model output. */
  outputLayer: string;
  /** Units of the output (last dimension); null when it cannot be read from the topology. */
  outputUnits: number | null;
  /** Effective output activation (a trailing Activation/Softmax layer counts). */
  outputActivation: string;
  /** Input shape without the batch dimension. */
  inputShape: Array<number | null>;
  inputDtype: string;
  hasWeights: boolean;
  /** Total weight values in the saved shards (0 without weights). */
  savedParameters: number;
  /** Statistics of every saved kernel (biases excluded). */
  savedKernels: SavedKernelStats[];
  /** Statistics of every saved float32 bias vector; absent in artifacts recorded before it existed. */
  savedBiases?: SavedKernelStats[];
  /** Saved float32 weights holding NaN/Inf values, and how many each holds; absent in artifacts recorded before it existed. */
  nonFiniteWeights?: Array<{ weight: string; count: number }>;
}

export interface TrainingSettings {
  optimizer: string;
  learningRate: number;
  momentum: number | null;
  loss: string;
  batchSize: number;
  epochs: number;
  /** Where each value came from. */
  sources: Record<'optimizer' | 'learningRate' | 'momentum' | 'loss' | 'batchSize' | 'epochs', SettingSource>;
  /**
   * A saved learning rate far below the optimizer's usual one on a saved model that fits its training rows: where a
   * decay or ReduceLROnPlateau schedule ended, not the rate it learned with. `learningRate` is then the usual rate.
   */
  scheduleEnd?: { savedLearningRate: number; trainAccuracy: number };
}

export interface ColumnStats {
  name: string;
  /** Cells that parse as finite numbers. */
  numeric: number;
  /** Empty cells. */
  missing: number;
  /** NaN / Inf cells. */
  nonFinite: number;
  /** Cells that are not numbers at all (text, "1,234", "12abc"). */
  nonNumeric: number;
  nonNumericExamples: string[];
  /** The first few bad cells (missing, non-finite or non-numeric) as 1-based file line and raw text. */
  badCells: Array<{ row: number; value: string }>;
  /** Over finite cells; null when there are none. */
  min: number | null;
  max: number | null;
  mean: number | null;
  std: number | null;
  allIntegers: boolean;
  /** Distinct finite values, capped at 1001. */
  distinct: number;
  /** Finite cells equal to 0. */
  zeros: number;
  /** Quartiles of the finite cells (linear interpolation); null when there are none. */
  q1: number | null;
  median: number | null;
  q3: number | null;
  /** Finite cells that differ from the median (how many rows carry the column's spread). */
  offMedian: number;
  /** 99th percentile of |x| over the non-zero finite cells: the column's typical large magnitude; null when all are 0. */
  magnitude: number | null;
  /**
   * Cells equal to the minimum and to the maximum, and the nearest other values (null when the column has one
   * value): a code such as −999 for "missing" shows as an extreme far from every other value. Absent in artifacts
   * recorded before it existed.
   */
  extremes?: { minCount: number; nextMin: number | null; maxCount: number; nextMax: number | null };
  /** The most frequent non-numeric cell texts (up to 10) with their counts, most frequent first. */
  textValues: Array<{ value: string; count: number }>;
  /** Distinct non-numeric cell texts, capped at 1001. */
  textDistinct: number;
}

export interface TableStats {
  file: string;
  rows: number;
  /** Feature columns only (labels excluded), in file order. */
  columns: ColumnStats[];
}

export interface FeatureStats {
  train: TableStats;
  test?: TableStats;
}

export interface RowDuplicates {
  /** Test rows whose feature cells (labels ignored) also appear in training. */
  sharedRows: number;
  testRows: number;
  sharedExamples: Array<{ trainRow: number; testRow: number }>;
  /** Groups of identical feature rows in training that carry different labels. */
  conflictingGroups: number;
  conflictingRows: number;
  conflictExamples: Array<{ rows: number[]; labels: string[] }>;
  /** Training rows. */
  trainRows: number;
  /** Training rows whose feature row occurs more than once in training (any labels). */
  duplicateTrainRows: number;
  /**
   * How far labels follow the features inside groups of identical rows: the rows carrying their group's most common
   * label, with the real labels and with the labels shuffled over all training rows (seeded, one count per
   * shuffle). Labels that depend on the features (coarse categorical data) beat the shuffles; shuffled or
   * misaligned labels do not. Absent in artifacts recorded before it existed, and without conflicting groups.
   */
  groupMajority?: { rows: number; real: number; shuffled: number[] };
  /**
   * Distinct feature rows in training, and the largest share of them that one column tells apart (its distinct
   * values / distinct rows): near 1, a column is almost unique per row, so identical rows cannot occur by chance.
   * Absent in artifacts recorded before it existed.
   */
  distinctTrainRows?: number;
  columnResolution?: number;
}

/** Artifacts gathered without training: labels, topology, settings, feature statistics. */
export interface StaticArtifacts {
  LabelCounts?: LabelCounts;
  Topology?: Topology;
  TrainingSettings?: TrainingSettings;
  FeatureStats?: FeatureStats;
  RowDuplicates?: RowDuplicates;
}

/**
 * Everything a rule can ask for. Dynamic artifacts (training, prediction) are declared in ./groups/, one file per
 * area, so each area adds its artifacts without touching this file.
 */
export interface Artifacts extends StaticArtifacts, OverfitArtifacts, LearningCurveArtifacts, PredictionArtifacts {}

export type ArtifactName = keyof Artifacts;
