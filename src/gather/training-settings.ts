/** Gathers TrainingSettings: the resolved optimizer, learning rate, loss, batch size and epochs, with sources. */
import type { TrainingSettings } from './artifacts.js';
import type { ExperimentContext } from '../run/context.js';
import { fromSavedTrainingConfig, resolveTrainingSettings } from '../config/resolve-settings.js';

export async function gatherTrainingSettings(ctx: ExperimentContext): Promise<TrainingSettings> {
  const { inputs, options } = ctx;
  const files = inputs.model ? ctx.modelFiles() : null;
  const topology = inputs.model ? await ctx.artifact('Topology') : undefined;
  const task = inputs.data ? (await ctx.artifact('LabelCounts')).task : null;
  const savedFrom = topology?.format === 'keras-h5' ? 'model.h5' : topology?.format === 'keras-v3' ? 'model.keras' : 'model.json';
  return resolveTrainingSettings(
    { saved: fromSavedTrainingConfig(files?.trainingConfig ?? null), savedFrom, file: inputs.config.training ?? {}, flags: options.training },
    task,
    topology,
  );
}
