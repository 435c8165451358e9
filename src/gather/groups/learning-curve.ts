/** Artifacts made by training on growing subsets (learning-curve). Owned by the learning-curve work. */

/** One training run: a fresh initialisation fitted on the first `size` rows of one seeded stratified order. */
export interface LearningCurveRun {
  /** Training rows used. */
  size: number;
  /** 0-based repeat index; each repeat has its own initialisation and subset order. */
  repeat: number;
  /** Distinct classes among the rows used (null for regression). */
  classesPresent: number | null;
  /** Epochs actually run (early stopping may end before `maxEpochs`). */
  epochs: number;
  /** Epoch budget of this size: enough epochs for `stepBudget` steps. */
  maxEpochs: number;
  steps: number;
  stoppedBy: 'target-loss' | 'plateau' | 'epochs' | 'non-finite';
  /**
   * The epoch training loss (mean over the epoch's batches) of the first epoch, of the epoch a fifth of the run (at
   * least 2 epochs) before the end, and of the last epoch: enough to tell a levelled-off loss from one still falling.
   * Null with fewer than 3 epochs or a non-finite loss.
   */
  lossTrend: { first: number; fifthBeforeEnd: number; last: number } | null;
  /** Loss and error on the rows trained on, after training, in inference mode; null when not finite. */
  trainLoss: number | null;
  trainError: number | null;
  /** Loss and error on the test rows; null when not finite. */
  testLoss: number | null;
  testError: number | null;
}

export interface LearningCurveRuns {
  /** `errorRate`: share of misclassified rows (1 − accuracy); `meanSquaredError` for regression targets. */
  errorMetric: 'errorRate' | 'meanSquaredError';
  /** The TF.js loss trained with. */
  loss: string;
  /** Number of classes (output units) for classification; null for regression. */
  classes: number | null;
  /** Rows available for training (the training file, minus the hold-out when there is no test file). */
  poolRows: number;
  testRows: number;
  /** Where the test rows come from: the test file, or a seeded stratified hold-out of the training file. */
  testFrom: 'test-file' | 'holdout';
  /** Share of the training file held out when `testFrom` is `holdout`. */
  holdoutShare: number | null;
  /** Training-set sizes, ascending, each ≤ poolRows. */
  sizes: number[];
  repeats: number;
  batchSize: number;
  /** Optimizer steps each size may take: the full set's epochs × batches, at least a few hundred. */
  stepBudget: number;
  /** True when the epochs came from the user (flag or nndoctor.json), not from nndoctor's default. */
  epochsFromUser: boolean;
  /** The quick mode of `check` (few sizes, one repeat, a small step budget). */
  quick: boolean;
  /**
   * Error of the best constant prediction on the test rows: 1 − the largest training-class share (classification),
   * or the variance of the targets (regression, the MSE of predicting the mean). Scales the rules' thresholds.
   */
  baselineError: number;
  /** One entry per size × repeat, sizes ascending then repeats. */
  runs: LearningCurveRun[];
}

export interface LearningCurveArtifacts {
  LearningCurveRuns?: LearningCurveRuns;
}
