/** `nndoctor class-balance`: flags → classBalance options → report. */
import { Command } from 'commander';
import { runChecks } from '../lazy-run.js';
import { addCommonOptions, addInputOptions, parseNumber, toCommandOptions, refuseInputsAsOutputs, type CommonFlags } from '../options.js';
import { renderOutcome } from '../render.js';
import type { CommandContext } from '../program.js';

interface Flags extends CommonFlags {
  maxRatio?: number;
  minShare?: number;
}

export function classBalanceCommand(context: CommandContext): Command {
  const command = new Command('class-balance')
    .description('count labels per class (streaming, any file size), judge imbalance, print balanced class weights')
    .argument('[dir]', 'experiment folder (train.csv, test.csv, model.json, nndoctor.json)');
  addInputOptions(command);
  addCommonOptions(command)
    .option('--max-ratio <r>', 'fail when the largest class outnumbers the smallest by more (default 10)', parseNumber(1))
    .option('--min-share <p>', 'fail when a class has a smaller share of the rows (default 0.01)', parseNumber(0, 1))
    .action(async (dir: string | undefined, flags: Flags) => {
      const options = toCommandOptions(dir, flags, context.io);
      await refuseInputsAsOutputs([dir], flags, { '--output': flags.output });
      const imbalance: Record<string, unknown> = {};
      if (flags.maxRatio !== undefined) imbalance.maxRatio = flags.maxRatio;
      if (flags.minShare !== undefined) imbalance.minShare = flags.minShare;
      if (Object.keys(imbalance).length > 0) options.ruleOptions = { 'class-imbalance': imbalance };
      context.exitCode = await renderOutcome(context.io, await runChecks(['class-balance'], options), flags);
    });
  return command;
}
