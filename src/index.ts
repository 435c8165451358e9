/**
 * nndoctor's library API: every command the CLI has, as a typed function returning the Report.
 * @example
 *   import { classBalance } from 'nndoctor';
 *   const report = await classBalance({ data: 'train.csv' });
 */
import type { TrainingConfig } from './config/schema.js';
import type { CheckOptions, RunOptions } from './run/context.js';
import type { BackendName, CheckId, Report } from './report/types.js';
import type { InputOverrides } from './load/experiment-folder.js';
import { getCheck } from './checks/index.js';
import { runSingle } from './run/run-command.js';
import type { RunOutcome } from './run/run-experiments.js';

export type { Report, ExperimentResult, CheckResult, Finding, Status, Json } from './report/types.js';
export type { Artifacts } from './gather/artifacts.js';
export { RULES, ruleIds } from './rules/index.js';
export { FORMATTERS, FORMATS } from './report/formatters/index.js';
export { InputError } from './errors.js';

export interface CommandOptions extends InputOverrides {
  /** An experiment folder (DESIGN's conventions); explicit paths override what it holds. */
  dir?: string;
  seed?: number;
  backend?: BackendName;
  /** Training settings with the highest precedence (as flags). */
  training?: TrainingConfig;
  /** Rule options by rule id, merged over nndoctor.json (e.g. `{ 'class-imbalance': { maxRatio: 5 } }`). */
  ruleOptions?: Record<string, Record<string, unknown>>;
  checkOptions?: CheckOptions;
  /** Deadline for the whole run; unfinished checks report `error`. */
  timeoutSeconds?: number;
  progress?: (message: string) => void;
}

export function toRunOptions(options: CommandOptions): RunOptions {
  const run: RunOptions = {
    seed: options.seed ?? 42,
    training: options.training ?? {},
    ruleOptions: options.ruleOptions ?? {},
    checkOptions: options.checkOptions ?? {},
  };
  if (options.backend !== undefined) run.backend = options.backend;
  if (options.timeoutSeconds !== undefined) run.deadline = Date.now() + options.timeoutSeconds * 1000;
  if (options.progress !== undefined) run.progress = options.progress;
  return run;
}

/** Runs checks by id on one experiment; returns the report and any crashes (bugs) met on the way. */
export async function runChecks(checkIds: readonly CheckId[], options: CommandOptions): Promise<RunOutcome> {
  return runSingle(options.dir, options, checkIds.map(getCheck), toRunOptions(options));
}

/** `nndoctor class-balance`: label counts, imbalance, missing classes, label shift, balanced class weights. */
export async function classBalance(options: CommandOptions): Promise<Report> {
  return (await runChecks(['class-balance'], options)).report;
}
