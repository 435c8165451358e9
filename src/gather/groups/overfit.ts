/** Artifacts made by training on one example per class (overfit-one). Owned by the overfit-one work. */
import type { StepTrace } from '../../engine/trace-steps.js';

export type { StepTrace, TracedWeight, StopReason } from '../../engine/trace-steps.js';

/** Where a fit starts: the weights in the model file, or the layers' own initializers. */
export type OverfitStart = 'saved' | 'fresh';

/** One fit of one example from one start with one seed: the raw per-step trace, no verdict. */
export interface OverfitRun extends StepTrace {
  /** Class index fitted (class and multi-label targets); null for regression examples. */
  class: number | null;
  /** How the class (or example) is named in the data: the text label, the class index, or `row N`. */
  label: string;
  /** 0-based data row of the example, and its 1-based line in the CSV (header = line 1). */
  row: number;
  line: number;
  start: OverfitStart;
  /** 0 for the first run of this class and start; 1… for the extra seeds of `repeats`. */
  repeat: number;
  /** Seed of the fresh initialisation (and dropout masks) of this run. */
  seed: number;
}

/** Every overfit-one fit of an experiment, with the settings they used. */
export interface OverfitRuns {
  /** What the targets are, and how they were encoded for the loss. */
  taskKind: 'classification' | 'one-hot' | 'multi-label' | 'regression';
  encoding: 'sparse' | 'one-hot' | 'binary' | 'multi-label' | 'regression';
  /** C for class targets (−ln(1/C) is the loss of a uniform guess); null for regression. */
  classes: number | null;
  /** Display label per class index (empty for regression). */
  classLabels: string[];
  outputUnits: number;
  /** Activation of the output layer as declared (softmax, sigmoid, linear, …). */
  outputActivation: string;
  loss: string;
  optimizer: string;
  learningRate: number;
  maxSteps: number;
  /** Class targets count as fitted when predicted with at most this loss (0.25 ⇒ target probability ≥ 0.78). */
  fitLoss: number;
  /** Regression: absolute tolerance per output column (5 % of the column's standard deviation). */
  tolerance: number[] | null;
  /** Regression: root mean square of the target values (the residual a fresh fit starts from); null otherwise. */
  targetScale?: number | null;
  /** Starts that were run, in order. */
  starts: OverfitStart[];
  /** Seeds tried per class and start when the first run does not fit. */
  repeats: number;
  quick: boolean;
  /** Classes that were asked for but have no example in the data. */
  missingClasses: number[];
  /** Activation per layer with trainable weights (layer name → activation), for messages about dead units. */
  layerActivations: Record<string, string>;
  runs: OverfitRun[];
  /**
   * Mean loss of freshly initialised models over many training rows, in inference mode (one value per seed; null
   * where not finite). A far steadier estimate of the loss at initialisation than one example per class. Null when
   * no fresh start was run, or for regression.
   */
  initialLoss: { rows: number; seeds: number[]; losses: Array<number | null> } | null;
}

export interface OverfitArtifacts {
  /** overfit-one: one fit per class × start (× extra seeds when a fit fails). */
  OverfitRuns?: OverfitRuns;
}
