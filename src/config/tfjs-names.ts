/**
 * The loss and optimizer names TF.js knows, and the check that a name the user typed (a flag, nndoctor.json) is one
 * of them. Kept apart from the engine so that static checks (lint-config) refuse a typo without loading TF.js.
 */
import { InputError } from '../errors.js';
import type { TrainingSettings } from '../gather/artifacts.js';
import { normaliseLoss, normaliseOptimizer, typedByUser } from './resolve-settings.js';

/** Loss names TF.js/Keras know (TF.js camelCase), each with the Keras formula. */
export const LOSS_NAMES = [
  'sparseCategoricalCrossentropy', 'categoricalCrossentropy', 'binaryCrossentropy', 'meanSquaredError',
  'meanAbsoluteError', 'meanAbsolutePercentageError', 'meanSquaredLogarithmicError', 'hinge', 'squaredHinge',
  'categoricalHinge', 'kullbackLeiblerDivergence', 'poisson', 'logcosh', 'cosineProximity', 'huber',
] as const;
export type LossName = (typeof LOSS_NAMES)[number];

/** Optimizers TF.js ships (`tf.train.*`). */
export const OPTIMIZER_NAMES = ['adam', 'sgd', 'momentum', 'rmsprop', 'adagrad', 'adadelta', 'adamax'] as const;
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

const LOSS_ALIASES: Record<string, LossName> = {
  kld: 'kullbackLeiblerDivergence', kldivergence: 'kullbackLeiblerDivergence', kullbackleiblerdivergence: 'kullbackLeiblerDivergence',
  logcosh: 'logcosh', huberloss: 'huber', cosinesimilarity: 'cosineProximity', cosineproximity: 'cosineProximity',
};

/** The canonical loss name, or an InputError naming the setting when TF.js has no such loss. */
export function lossNameOf(settings: Pick<TrainingSettings, 'loss' | 'sources'>): LossName {
  const name = normaliseLoss(settings.loss);
  const found = LOSS_NAMES.find((n) => n.toLowerCase() === name.toLowerCase()) ?? LOSS_ALIASES[name.toLowerCase().replace(/[^a-z]/g, '')];
  if (found) return found;
  throw new InputError(`loss "${settings.loss}" is not a TF.js loss (from ${settings.sources.loss})`, { key: 'training.loss' }, `use one of ${LOSS_NAMES.join(', ')}`);
}

/** User-typed loss and optimizer names must be TF.js ones; names read from a saved model (custom losses) are not judged. */
export function assertTypedNamesKnown(settings: Pick<TrainingSettings, 'loss' | 'optimizer' | 'sources'>): void {
  if (typedByUser(settings.sources.loss)) lossNameOf(settings);
  if (typedByUser(settings.sources.optimizer) && !(OPTIMIZER_NAMES as readonly string[]).includes(normaliseOptimizer(settings.optimizer))) throw unknownOptimizer(settings);
}

export function unknownOptimizer(settings: Pick<TrainingSettings, 'optimizer' | 'sources'>): InputError {
  return new InputError(`optimizer "${settings.optimizer}" is not available in TF.js (from ${settings.sources.optimizer})`, { key: 'training.optimizer' }, `use one of ${OPTIMIZER_NAMES.join(', ')}`);
}
