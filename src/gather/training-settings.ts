/** Gathers TrainingSettings: the resolved optimizer, learning rate, loss, batch size and epochs, with sources. */
import type { TrainingSettings } from './artifacts.js';
import type { ExperimentContext } from '../run/context.js';
import { fromSavedTrainingConfig, resolveTrainingSettings } from '../config/resolve-settings.js';
import { typicalLearningRate } from '../rules/support/model.js';
import { assertTypedNamesKnown } from '../config/tfjs-names.js';

/** A saved rate this far below the optimizer's usual one is suspected to be where a schedule ended… */
const SCHEDULE_END_FACTOR = 30;
/** …when the saved model gets at least this share of its training rows right: it learned, at some other rate. */
const FITTED_ACCURACY = 0.9;
/** Training rows the saved model's accuracy needs before it counts as evidence. */
const MIN_ROWS = 20;

export async function gatherTrainingSettings(ctx: ExperimentContext): Promise<TrainingSettings> {
  const { inputs, options } = ctx;
  const files = inputs.model ? ctx.modelFiles() : null;
  const topology = inputs.model ? await ctx.artifact('Topology') : undefined;
  const task = inputs.data ? (await ctx.artifact('LabelCounts')).task : null;
  const savedFrom = topology?.format === 'keras-h5' ? 'model.h5' : topology?.format === 'keras-v3' ? 'model.keras' : 'model.json';
  const settings = resolveTrainingSettings(
    { saved: fromSavedTrainingConfig(files?.trainingConfig ?? null), savedFrom, file: inputs.config.training ?? {}, flags: options.training },
    task,
    topology,
  );
  // A typo in --loss/--optimizer or nndoctor.json is unusable input for every check, static ones included.
  assertTypedNamesKnown(settings);
  return withScheduleEnd(ctx, settings);
}

/**
 * Keras saves the optimizer's rate as it was when training stopped, after a decay or ReduceLROnPlateau schedule
 * has cut it 100–1000×; fresh fits at that rate cannot learn within nndoctor's step budget, although the model did.
 * Only a rate read from the saved model, far below the usual one, on a saved model that fits its training rows is
 * replaced by the usual rate (a rate the user gave is always kept).
 */
async function withScheduleEnd(ctx: ExperimentContext, settings: TrainingSettings): Promise<TrainingSettings> {
  const typical = typicalLearningRate(settings.optimizer);
  const savedSource = settings.sources.learningRate === 'model.json' || settings.sources.learningRate === 'model.h5' || settings.sources.learningRate === 'model.keras';
  // A static run (lint-config alone) never starts the engine: it judges the rate as saved.
  if (!ctx.options.trains || !savedSource || typical === undefined || !(settings.learningRate < typical / SCHEDULE_END_FACTOR) || !ctx.inputs.data) return settings;
  if (!ctx.modelFiles().weightData) return settings;
  let trainAccuracy: number;
  try {
    const predictions = await ctx.artifact('Predictions');
    const train = predictions.applicable ? predictions.splits.find((s) => s.split === 'train') : undefined;
    if (!train || train.rows < MIN_ROWS) return settings;
    trainAccuracy = train.correct / train.rows;
  } catch {
    // Saved weights that cannot be used (NaN, a model TF.js cannot run) are no evidence either way.
    return settings;
  }
  if (trainAccuracy < FITTED_ACCURACY) return settings;
  return {
    ...settings,
    learningRate: typical,
    sources: { ...settings.sources, learningRate: 'default' },
    scheduleEnd: { savedLearningRate: settings.learningRate, trainAccuracy: Math.round(trainAccuracy * 10000) / 10000 },
  };
}
