/** Shared flags: declared once, parsed with validating parsers (a bad value is a usage error → exit 2). */
import { Command, InvalidArgumentError, Option } from 'commander';
import { BACKENDS, type BackendName } from '../report/types.js';
import { FORMATS, type Format } from '../report/formats.js';
import { FAIL_ON, type FailOn } from './exit-code.js';
import type { CommandOptions } from '../index.js';
import { progressFor, type Io } from './io.js';
import type { TrainingConfig } from '../config/schema.js';

export function parseInteger(min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    if (!/^[+-]?\d+$/.test(value.trim())) throw new InvalidArgumentError(`"${value}" is not a whole number.`);
    const n = Number(value);
    if (n < min || n > max) throw new InvalidArgumentError(`${n} is out of range (${min}–${max === Number.MAX_SAFE_INTEGER ? '∞' : max}).`);
    return n;
  };
}

export function parseNumber(min = -Infinity, max = Infinity) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`"${value}" is not a number.`);
    if (n < min || n > max) throw new InvalidArgumentError(`${n} is out of range (${min}–${max}).`);
    return n;
  };
}

export function parseList(value: string): string[] {
  const list = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (list.length === 0) throw new InvalidArgumentError('give at least one name.');
  return list;
}

/** Output and run flags every command has. */
export function addCommonOptions(command: Command): Command {
  return command
    .addOption(new Option('--format <format>', 'report format').choices(FORMATS).default('text'))
    .option('--output <file>', 'write the report to a file instead of stdout')
    .option('--seed <n>', 'random seed (same inputs + seed ⇒ same report)', parseInteger(0, 2 ** 31 - 1), 42)
    .option('--quiet', 'text format: only problems, no progress')
    .option('--verbose', 'text format: details under passing checks and the settings used')
    .addOption(new Option('--backend <name>', 'force a TF.js backend').choices(BACKENDS))
    .addOption(new Option('--fail-on <level>', 'exit 1 on warnings too (warn) or only on failures (fail)').choices(FAIL_ON).default('fail'))
    .option('--timeout <seconds>', 'deadline for the run; unfinished checks report error', parseNumber(0.001))
    .option('--debug', 'print stack traces for errors');
}

/** Flags that name an experiment's inputs. */
export function addInputOptions(command: Command, { model = true, test = true } = {}): Command {
  if (model) command.option('--model <path>', 'model.json, its folder, or a .h5/.keras file');
  command
    .option('--data <file>', 'training CSV (header row; label column per --label)')
    .option('--label <columns>', 'label column, or a comma list for multi-column targets', parseList);
  if (test) command.option('--test <file>', 'test CSV (optional)');
  return command
    .option('--classes <n>', 'number of classes (when no model says)', parseInteger(1, 1_000_000))
    .option('--config <file>', 'nndoctor.json to use (default: the one in the experiment folder)');
}

/** Training settings (flags override nndoctor.json and the saved model). */
export function addTrainingOptions(command: Command): Command {
  return command
    .option('--optimizer <name>', 'optimizer (adam, sgd, rmsprop, …)')
    .option('--lr <rate>', 'learning rate (learningRate)', parseNumber())
    .option('--momentum <m>', 'momentum for sgd/momentum', parseNumber(0))
    .option('--loss <name>', 'loss (e.g. sparseCategoricalCrossentropy)')
    .option('--batch-size <n>', 'batch size (batchSize)', parseInteger(1))
    .option('--epochs <n>', 'epochs', parseInteger(1));
}

export interface CommonFlags {
  format: Format;
  output?: string;
  seed: number;
  quiet?: boolean;
  verbose?: boolean;
  backend?: BackendName;
  failOn: FailOn;
  timeout?: number;
  debug?: boolean;
  model?: string;
  data?: string;
  test?: string;
  label?: string[];
  classes?: number;
  config?: string;
  optimizer?: string;
  lr?: number;
  momentum?: number;
  loss?: string;
  batchSize?: number;
  epochs?: number;
}

/** Flags → library options; progress lines go to `io`'s stderr only on a TTY and never under --quiet. */
export function toCommandOptions(dir: string | undefined, flags: CommonFlags, io: Io): CommandOptions {
  const training: TrainingConfig = {};
  if (flags.optimizer !== undefined) training.optimizer = flags.optimizer;
  if (flags.lr !== undefined) training.learningRate = flags.lr;
  if (flags.momentum !== undefined) training.momentum = flags.momentum;
  if (flags.loss !== undefined) training.loss = flags.loss;
  if (flags.batchSize !== undefined) training.batchSize = flags.batchSize;
  if (flags.epochs !== undefined) training.epochs = flags.epochs;
  const options: CommandOptions = { seed: flags.seed, training };
  if (dir !== undefined) options.dir = dir;
  for (const key of ['model', 'data', 'test', 'label', 'classes', 'config', 'backend'] as const) {
    if (flags[key] !== undefined) (options as Record<string, unknown>)[key] = flags[key];
  }
  if (flags.timeout !== undefined) options.timeoutSeconds = flags.timeout;
  const progress = progressFor(io, flags.quiet === true);
  if (progress) options.progress = progress;
  return options;
}

/**
 * Refuses (exit 2) output paths that name one of the run's input files (src/cli/output-guard.ts); loaded only when
 * an output path is given, since it needs the folder loaders.
 */
export async function refuseInputsAsOutputs(dirs: ReadonlyArray<string | undefined>, flags: CommonFlags, outputs: Record<string, string | undefined>): Promise<void> {
  const given = Object.entries(outputs).filter((entry): entry is [string, string] => entry[1] !== undefined);
  if (given.length === 0) return;
  const { inputFilesOf, refuseInputAsOutput } = await import('./output-guard.js');
  const inputs = inputFilesOf(dirs, { model: flags.model, data: flags.data, test: flags.test, config: flags.config });
  for (const [flag, path] of given) refuseInputAsOutput(path, flag, inputs);
}

