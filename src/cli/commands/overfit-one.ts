/** `nndoctor overfit-one`: flags → overfitOne options → report. */
import { Command, InvalidArgumentError, Option } from 'commander';
import { runChecks } from '../lazy-run.js';
import { addCommonOptions, addInputOptions, addTrainingOptions, parseInteger, toCommandOptions, refuseInputsAsOutputs, type CommonFlags } from '../options.js';
import { renderOutcome } from '../render.js';
import type { CommandContext } from '../program.js';

const STARTS = ['saved', 'fresh', 'both'] as const;

interface Flags extends CommonFlags {
  maxSteps?: number;
  start?: (typeof STARTS)[number];
  repeats?: number;
  classesToFit?: number[];
}

function parseClassList(value: string): number[] {
  const list = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (list.length === 0 || list.some((s) => !/^\d+$/.test(s))) throw new InvalidArgumentError(`"${value}" is not a comma list of class indices (e.g. 0,3,7).`);
  return list.map(Number);
}

export function overfitOneCommand(context: CommandContext): Command {
  const command = new Command('overfit-one')
    .description('per class: fit one example from the saved weights and a fresh init; fail when a class cannot be learned, and say why')
    .argument('[dir]', 'experiment folder (model.json, train.csv, nndoctor.json)');
  addInputOptions(command, { test: false });
  addTrainingOptions(command);
  addCommonOptions(command)
    .option('--max-steps <n>', 'updates per fit (default 300)', parseInteger(1, 1_000_000))
    .addOption(new Option('--start <start>', 'start from the saved weights, a fresh init, or both (default: both when the model has weights)').choices(STARTS))
    .option('--repeats <n>', 'seeds tried from a fresh start when a class does not fit (default 3)', parseInteger(1, 100))
    .option('--classes-to-fit <list>', 'only these class indices, e.g. 0,3,7 (default: all)', parseClassList)
    .action(async (dir: string | undefined, flags: Flags) => {
      const options = toCommandOptions(dir, flags, context.io);
      await refuseInputsAsOutputs([dir], flags, { '--output': flags.output });
      const checkOptions: NonNullable<typeof options.checkOptions> = {};
      if (flags.maxSteps !== undefined) checkOptions.maxSteps = flags.maxSteps;
      if (flags.start !== undefined) checkOptions.start = flags.start;
      if (flags.repeats !== undefined) checkOptions.repeats = flags.repeats;
      if (flags.classesToFit !== undefined) checkOptions.classesToFit = flags.classesToFit;
      options.checkOptions = checkOptions;
      context.exitCode = await renderOutcome(context.io, await runChecks(['overfit-one'], options), flags);
    });
  return command;
}
