/** Infers what the targets are (classification, one-hot, multi-label, regression) from labels, model and loss. */
import type { LabelTable, Task, Topology } from './artifacts.js';

const REGRESSION_LOSSES = /^(mse|mae|mape|msle|mean_?squared_?error|mean_?absolute_?error|mean_?absolute_?percentage_?error|mean_?squared_?logarithmic_?error|huber|huber_?loss|log_?cosh|logcosh|cosine_?proximity|cosine_?similarity|poisson)$/i;
const CLASSIFICATION_LOSSES = /crossentropy|hinge|kl_?divergence|kullback/i;
/** Binary hinge losses: Keras and TF.js score them on targets −1/+1. */
const BINARY_HINGE_LOSSES = /^(squared_?)?hinge$/i;

export function isBinaryHingeLoss(loss: string): boolean {
  return BINARY_HINGE_LOSSES.test(loss.replace(/[-\s]/g, ''));
}

/** Where a single output unit separates class 1 from class 0: 0 under a hinge loss (trained towards −1/+1), else 0.5. */
export function decisionThreshold(loss: string): number {
  return isBinaryHingeLoss(loss) ? 0 : 0.5;
}

export function isRegressionLoss(loss: string): boolean {
  return REGRESSION_LOSSES.test(loss.replace(/[-\s]/g, ''));
}
export function isClassificationLoss(loss: string): boolean {
  return CLASSIFICATION_LOSSES.test(loss);
}

/** `explicitLoss` is a loss the user or the saved model named (not a derived default). */
export function inferTask(train: LabelTable, topology?: Topology, explicitLoss?: string): Task {
  if (train.kind === 'multi') {
    const binary = train.numeric && train.nonInteger === 0 && train.min !== null && train.min >= 0 && train.max !== null && train.max <= 1;
    const columns = train.columns.length;
    if (binary && train.rowSums && train.rowSums.notOne === 0) return { kind: 'one-hot', classes: columns, reason: `${columns} target columns of 0/1 that sum to 1 per row` };
    if (binary) return { kind: 'multi-label', classes: columns, reason: `${columns} target columns of 0/1, several may be 1` };
    if (explicitLoss && isClassificationLoss(explicitLoss)) return { kind: 'one-hot', classes: columns, reason: `${columns} target columns with loss ${explicitLoss}` };
    return { kind: 'regression', classes: null, reason: `${columns} real-valued target columns` };
  }
  if (explicitLoss && isBinaryHingeLoss(explicitLoss) && train.kind === 'single' && train.numeric && train.nonInteger === 0
    && train.min === -1 && train.max === 1 && train.classes.every((c) => c.label === '-1' || c.label === '1')) {
    return { kind: 'classification', classes: 2, reason: `labels −1/+1 with loss ${explicitLoss}`, signed: true };
  }
  if (explicitLoss && isRegressionLoss(explicitLoss) && train.numeric && topology?.outputActivation !== 'softmax') {
    return { kind: 'regression', classes: null, reason: `loss ${explicitLoss}` };
  }
  if (topology && topology.outputUnits !== null) {
    const { outputUnits: units, outputActivation: activation } = topology;
    if (activation === 'softmax' && units > 1) return { kind: 'classification', classes: units, reason: `softmax output with ${units} units` };
    if (activation === 'sigmoid' && units === 1) return { kind: 'classification', classes: 2, reason: 'one sigmoid output unit (binary)' };
    if (explicitLoss && isClassificationLoss(explicitLoss)) return { kind: 'classification', classes: Math.max(units, labelClassCount(train) ?? 0) || null, reason: `loss ${explicitLoss}` };
  }
  if (!train.numeric) return { kind: 'classification', classes: train.classes.length, reason: 'text labels' };
  const distinct = train.classes.length;
  if (train.nonInteger > 0) {
    // A handful of distinct fractions is a scaled class label (e.g. divided by 9); many is a real-valued target.
    if (distinct <= 20 && (!topology || topology.outputUnits !== 1 || topology.outputActivation === 'softmax')) {
      return { kind: 'classification', classes: distinct, reason: `${distinct} distinct label values` };
    }
    return { kind: 'regression', classes: null, reason: `${distinct} distinct real-valued labels` };
  }
  if (topology && topology.outputUnits === 1 && topology.outputActivation !== 'sigmoid' && topology.outputActivation !== 'softmax' && distinct > 2) {
    return { kind: 'regression', classes: null, reason: `one ${topology.outputActivation} output unit` };
  }
  if (distinct <= 50 || train.rows / distinct >= 5) return { kind: 'classification', classes: labelClassCount(train), reason: `${distinct} distinct integer labels` };
  return { kind: 'regression', classes: null, reason: `${distinct} distinct integer labels, too many for classes` };
}

/** Classes implied by the labels alone: max + 1 for non-negative integers, the distinct count otherwise. */
export function labelClassCount(train: LabelTable): number | null {
  if (train.kind === 'multi') return train.columns.length;
  if (train.numeric && train.nonInteger === 0 && train.min !== null && train.min >= 0 && train.max !== null) return train.max + 1;
  return train.classes.length || null;
}
