/** `nndoctor learning-curve`: flags → learningCurve options → report, then the optional --plot and --csv files. */
import { Command, InvalidArgumentError } from 'commander';
import { extname, resolve } from 'node:path';
import { UsageError } from '../../errors.js';
import { runChecks } from '../lazy-run.js';
import { addCommonOptions, addInputOptions, addTrainingOptions, parseInteger, toCommandOptions, refuseInputsAsOutputs, type CommonFlags } from '../options.js';
import { renderOutcome } from '../render.js';
import { PLOT_EXTENSIONS, writeCurveCsv, writeCurvePlot } from '../learning-curve-files.js';
import type { CommandContext } from '../program.js';

interface Flags extends CommonFlags {
  sizes?: number[];
  repeats?: number;
  plot?: string;
  csv?: string;
}

function parseSizes(value: string): number[] {
  const sizes = value.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  const bad = sizes.find((n) => !(n > 0) || !Number.isFinite(n) || (n >= 1 && !Number.isInteger(n)));
  if (sizes.length === 0 || bad !== undefined) throw new InvalidArgumentError('give whole row counts (1,10,100) or fractions of the training set (0.1,0.5).');
  return sizes;
}

function parsePlotFile(value: string): string {
  if (!(PLOT_EXTENSIONS as readonly string[]).includes(extname(value).toLowerCase())) throw new InvalidArgumentError('the plot file must end in .svg or .png.');
  return value;
}

export function learningCurveCommand(context: CommandContext): Command {
  const command = new Command('learning-curve')
    .description('train from a fresh initialisation on growing subsets (1 row, then geometric steps); training vs test error per size, capacity, high bias/variance')
    .argument('[dir]', 'experiment folder (model.json, train.csv, test.csv, nndoctor.json)');
  addInputOptions(command);
  addTrainingOptions(command);
  addCommonOptions(command)
    .option('--sizes <list>', 'training-set sizes: row counts (1,10,100) or fractions (0.1,0.5); default 1, then geometric steps', parseSizes)
    .option('--repeats <n>', 'seeds per size, for the min–max spread (default 3)', parseInteger(1, 100))
    .option('--plot <file>', 'write the chart as .svg or .png', parsePlotFile)
    .option('--csv <file>', 'write the points (per size: mean, min, max) as CSV')
    .action(async (dir: string | undefined, flags: Flags) => {
      const options = toCommandOptions(dir, flags, context.io);
      if (flags.csv !== undefined && flags.plot !== undefined && resolve(flags.csv) === resolve(flags.plot)) {
        throw new UsageError('--csv and --plot name the same file; give each its own path');
      }
      await refuseInputsAsOutputs([dir], flags, { '--output': flags.output, '--csv': flags.csv, '--plot': flags.plot });
      options.checkOptions = { ...(flags.sizes ? { sizes: flags.sizes } : {}), ...(flags.repeats !== undefined ? { repeats: flags.repeats } : {}) };
      // cli-progress is loaded when the command runs, not at every start-up.
      const progress = (await import('../step-progress.js')).stepProgress(context.io, flags.quiet === true);
      if (progress) options.progress = (message) => progress.report(message);
      const outcome = await runChecks(['learning-curve'], options).finally(() => progress?.stop());
      const experiment = outcome.report.experiments[0];
      const check = experiment?.checks.find((c) => c.check === 'learning-curve');
      if (check && check.status !== 'error' && check.status !== 'skipped') {
        if (flags.csv) writeCurveCsv(flags.csv, check.data);
        if (flags.plot) await writeCurvePlot(flags.plot, check.data, `Learning curve: ${experiment!.path}`);
      } else if (flags.plot || flags.csv) {
        context.io.stderr('nndoctor: the learning curve did not run, so no --plot/--csv file was written\n');
      }
      context.exitCode = await renderOutcome(context.io, outcome, flags);
    });
  return command;
}
