/** `nndoctor check [DIR…]`: flags → checkExperiments options → one report over every folder. */
import { Command, InvalidArgumentError } from 'commander';
import { runCheckCommand } from '../lazy-run.js';
import { expandFolders, parseShard } from '../../load/expand-folders.js';
import { addCommonOptions, addInputOptions, addTrainingOptions, parseInteger, toCommandOptions, refuseInputsAsOutputs, type CommonFlags } from '../options.js';
import { renderOutcome } from '../render.js';
import type { CommandContext } from '../program.js';

interface Flags extends CommonFlags {
  jobs?: number;
  shard?: { index: number; count: number };
}

function shardFlag(value: string): { index: number; count: number } {
  try {
    return parseShard(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message.replace(/^--shard [^:]*: /, ''));
  }
}

export function checkCommand(context: CommandContext): Command {
  const command = new Command('check')
    .description('run every check on each experiment folder and say why a model predicts the same class; a summary over folders')
    .argument('[dirs...]', 'experiment folders or globs (default: the current folder)');
  addInputOptions(command);
  addTrainingOptions(command);
  addCommonOptions(command)
    .option('--jobs <n>', 'up to N folders at once; workers start when the folders are slow enough to repay them (default: number of cores)', parseInteger(1, 256))
    .option('--shard <i/n>', 'check only the i-th of n deterministic shares of the folders (CI matrices)', shardFlag)
    .action(async (dirs: string[], flags: Flags) => {
      if (flags.output !== undefined) await refuseInputsAsOutputs(expandFolders(dirs.length > 0 ? dirs : ['.']), flags, { '--output': flags.output });
      const options = { ...toCommandOptions(undefined, flags, context.io), ...(flags.jobs !== undefined ? { jobs: flags.jobs } : {}), ...(flags.shard ? { shard: flags.shard } : {}) };
      context.exitCode = await renderOutcome(context.io, await runCheckCommand(dirs, options), flags, { many: true });
    });
  return command;
}
