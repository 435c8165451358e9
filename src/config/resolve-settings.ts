/**
 * Resolves training settings by DESIGN's precedence: defaults < the model's saved trainingConfig < nndoctor.json
 * < flags. Every value is tagged with where it came from.
 */
import type { Task, Topology, TrainingSettings } from '../gather/artifacts.js';
import type { SettingSource } from '../report/types.js';
import type { TrainingConfig } from './schema.js';

export const DEFAULT_TRAINING = { optimizer: 'adam', learningRate: 1e-3, batchSize: 32, epochs: 20 } as const;

/** Conventional learning rates per optimizer, used when only the optimizer is named (Keras/TF.js defaults). */
export const DEFAULT_LEARNING_RATES: Record<string, number> = {
  adam: 1e-3, adamax: 2e-3, rmsprop: 1e-3, sgd: 1e-2, momentum: 1e-2, adagrad: 1e-2, adadelta: 1.0, nadam: 1e-3,
};

/** A setting the user typed (a flag or nndoctor.json), as opposed to one read from the model, derived or defaulted. */
export function typedByUser(from: SettingSource): boolean {
  return from === 'flag' || from === 'nndoctor.json';
}

export function normaliseOptimizer(name: string): string {
  return name.toLowerCase().replace(/[^a-z]/g, '');
}

/** TF.js/Keras loss names, normalised to TF.js camelCase (`categorical_crossentropy` → `categoricalCrossentropy`). */
export function normaliseLoss(name: string): string {
  const aliases: Record<string, string> = {
    mse: 'meanSquaredError', mae: 'meanAbsoluteError', mape: 'meanAbsolutePercentageError', msle: 'meanSquaredLogarithmicError',
  };
  const lower = name.toLowerCase();
  if (aliases[lower]) return aliases[lower]!;
  return name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Reads loss, optimizer and learning rate from a TF.js `trainingConfig` or a Keras `training_config`. */
export function fromSavedTrainingConfig(config: Record<string, unknown> | null): TrainingConfig {
  if (!config) return {};
  const out: TrainingConfig = {};
  if (typeof config.loss === 'string') out.loss = normaliseLoss(config.loss);
  else if (typeof config.loss === 'object' && config.loss !== null) {
    const loss = config.loss as { class_name?: unknown; config?: { name?: unknown } };
    const name = typeof loss.config?.name === 'string' ? loss.config.name : typeof loss.class_name === 'string' ? loss.class_name : undefined;
    if (name) out.loss = normaliseLoss(name);
  }
  const optimizer = (config.optimizer_config ?? config.optimizer) as { class_name?: unknown; config?: Record<string, unknown> } | string | undefined;
  if (typeof optimizer === 'string') out.optimizer = normaliseOptimizer(optimizer);
  else if (optimizer && typeof optimizer === 'object') {
    if (typeof optimizer.class_name === 'string') out.optimizer = normaliseOptimizer(optimizer.class_name);
    const c = optimizer.config ?? {};
    const lr = c.learning_rate ?? c.learningRate ?? c.lr;
    if (typeof lr === 'number') out.learningRate = lr;
    if (typeof c.momentum === 'number') out.momentum = c.momentum;
  }
  return out;
}

/** The loss that fits the output layer and the targets when nothing names one. */
export function derivedLoss(task: Task, topology?: Topology): string {
  switch (task.kind) {
    case 'regression': return 'meanSquaredError';
    case 'multi-label': return 'binaryCrossentropy';
    case 'one-hot': return 'categoricalCrossentropy';
    case 'classification':
      if (topology && topology.outputUnits === 1) return 'binaryCrossentropy';
      return 'sparseCategoricalCrossentropy';
  }
}

export interface SettingLayers {
  saved: TrainingConfig;
  savedFrom: SettingSource;
  file: TrainingConfig;
  flags: TrainingConfig;
}

export function resolveTrainingSettings(layers: SettingLayers, task: Task | null, topology?: Topology): TrainingSettings {
  const sources = {} as TrainingSettings['sources'];
  function pick<K extends keyof TrainingConfig>(key: K): TrainingConfig[K] | undefined {
    if (layers.flags[key] !== undefined) { sources[key] = 'flag'; return layers.flags[key]; }
    if (layers.file[key] !== undefined) { sources[key] = 'nndoctor.json'; return layers.file[key]; }
    if (layers.saved[key] !== undefined) { sources[key] = layers.savedFrom; return layers.saved[key]; }
    return undefined;
  }
  let optimizer = pick('optimizer');
  if (optimizer === undefined) { optimizer = DEFAULT_TRAINING.optimizer; sources.optimizer = 'default'; }
  optimizer = normaliseOptimizer(optimizer);
  let learningRate = pick('learningRate');
  if (learningRate === undefined) { learningRate = DEFAULT_LEARNING_RATES[optimizer] ?? DEFAULT_TRAINING.learningRate; sources.learningRate = 'default'; }
  let momentum = pick('momentum') ?? null;
  if (momentum === null) sources.momentum = 'default';
  let loss = pick('loss');
  if (loss === undefined) { loss = task ? derivedLoss(task, topology) : 'sparseCategoricalCrossentropy'; sources.loss = 'derived'; }
  else loss = normaliseLoss(loss);
  let batchSize = pick('batchSize');
  if (batchSize === undefined) { batchSize = DEFAULT_TRAINING.batchSize; sources.batchSize = 'default'; }
  let epochs = pick('epochs');
  if (epochs === undefined) { epochs = DEFAULT_TRAINING.epochs; sources.epochs = 'default'; }
  if (optimizer === 'momentum' && momentum === null) momentum = 0.9;
  return { optimizer, learningRate, momentum, loss, batchSize, epochs, sources };
}
