/** `nndoctor lint-config`: flags → lintConfig options → report. */
import { Command } from 'commander';
import { runChecks } from '../lazy-run.js';
import { addCommonOptions, addInputOptions, addTrainingOptions, toCommandOptions, refuseInputsAsOutputs, type CommonFlags } from '../options.js';
import { renderOutcome } from '../render.js';
import type { CommandContext } from '../program.js';

export function lintConfigCommand(context: CommandContext): Command {
  const command = new Command('lint-config')
    .description('static checks of the model and training settings: output layer vs targets, loss vs activation, learning rate, initialisation, activations, depth, dropout, frozen layers; no training')
    .argument('[dir]', 'experiment folder (model.json, train.csv, nndoctor.json)');
  addInputOptions(command);
  addTrainingOptions(command);
  addCommonOptions(command).action(async (dir: string | undefined, flags: CommonFlags) => {
    const options = toCommandOptions(dir, flags, context.io);
    await refuseInputsAsOutputs([dir], flags, { '--output': flags.output });
    context.exitCode = await renderOutcome(context.io, await runChecks(['lint-config'], options), flags);
  });
  return command;
}
