/** `nndoctor lint-data`: flags → lintData options → report. */
import { Command } from 'commander';
import { runChecks } from '../lazy-run.js';
import { addCommonOptions, addInputOptions, toCommandOptions, refuseInputsAsOutputs, type CommonFlags } from '../options.js';
import { renderOutcome } from '../render.js';
import type { CommandContext } from '../program.js';

export function lintDataCommand(context: CommandContext): Command {
  const command = new Command('lint-data')
    .description('static checks of the training (and test) CSV: NaN/empty and text cells, unscaled or constant features, train/test preprocessing mismatch, label shift, shared rows, conflicting labels; no model needed')
    .argument('[dir]', 'experiment folder (train.csv, test.csv, nndoctor.json)');
  addInputOptions(command, { model: false });
  addCommonOptions(command).action(async (dir: string | undefined, flags: CommonFlags) => {
    const options = toCommandOptions(dir, flags, context.io);
    await refuseInputsAsOutputs([dir], flags, { '--output': flags.output });
    context.exitCode = await renderOutcome(context.io, await runChecks(['lint-data'], options), flags);
  });
  return command;
}
