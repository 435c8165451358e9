/** Gathers LabelCounts: streams the label column(s) of train and test, and asks the model how many classes it has. */
import type { LabelCounts } from './artifacts.js';
import type { ExperimentContext } from '../run/context.js';
import { scanLabels } from '../load/label-stream.js';
import { inferTask } from './task.js';
import { fromSavedTrainingConfig } from '../config/resolve-settings.js';

/** The loss the user or the saved model named (flag > nndoctor.json > saved), without deriving a default. */
export function explicitLossOf(ctx: ExperimentContext): string | undefined {
  const { inputs } = ctx;
  const savedLoss = inputs.model ? fromSavedTrainingConfig(ctx.modelFiles().trainingConfig).loss : undefined;
  return ctx.options.training.loss ?? inputs.config.training?.loss ?? savedLoss;
}

export async function gatherLabelCounts(ctx: ExperimentContext): Promise<LabelCounts> {
  const { inputs } = ctx;
  const train = await scanLabels(inputs.data!, inputs.label);
  // The test file's labels are the training file's label column(s), by name: a test CSV without them (a Kaggle
  // test.csv) is an error naming the column, not a silent guess at its last column.
  const test = inputs.test ? await scanLabels(inputs.test, inputs.label ?? train.columns) : undefined;
  const topology = inputs.model ? await ctx.artifact('Topology') : undefined;
  const task = inferTask(train, topology, explicitLossOf(ctx));
  const result: LabelCounts = { train, task };
  if (test) result.test = test;
  if (inputs.classes !== undefined) result.expectedClasses = { count: inputs.classes, from: 'flag' };
  else if (topology && topology.outputUnits !== null && task.kind === 'classification') {
    const count = topology.outputUnits === 1 && (topology.outputActivation === 'sigmoid' || task.signed) ? 2 : topology.outputUnits;
    if (count > 1) result.expectedClasses = { count, from: 'model' };
  }
  return result;
}
