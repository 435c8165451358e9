/**
 * nndoctor's library API: every command the CLI has, as a typed function returning the Report.
 * @example
 *   import { classBalance } from 'nndoctor';
 *   const report = await classBalance({ data: 'train.csv' });
 */
import type { Report } from './report/types.js';
import type { InputOverrides } from './load/experiment-folder.js';
import type { RunOutcome } from './run/run-experiments.js';
import { runChecks, toRunOptions, type CommandOptions } from './run/run-checks.js';
import { checkFolders, defaultJobs, type FolderRunOptions } from './run/check-experiments.js';
import { expandFolders, shardOf } from './load/expand-folders.js';

export type { Report, ExperimentResult, CheckResult, Finding, Status, Json } from './report/types.js';
export type { Diagnosis, DiagnosisCause } from './report/types.js';
export { diagnose } from './report/diagnosis.js';
export type { Artifacts } from './gather/artifacts.js';
export { RULES, ruleIds } from './rules/index.js';
export { FORMATTERS, FORMATS } from './report/formatters/index.js';
export { InputError } from './errors.js';

export { runChecks, toRunOptions, type CommandOptions } from './run/run-checks.js';

/** `nndoctor class-balance`: label counts, imbalance, missing classes, label shift, balanced class weights. */
export async function classBalance(options: CommandOptions): Promise<Report> {
  return (await runChecks(['class-balance'], options)).report;
}

/** `nndoctor lint-config`: static rules over the model topology, the training settings and (with data) the targets; no training. */
export async function lintConfig(options: CommandOptions): Promise<Report> {
  return (await runChecks(['lint-config'], options)).report;
}

/** `nndoctor lint-data`: missing/non-numeric cells, unscaled and constant features, train/test mismatch and overlap, conflicting labels. */
export async function lintData(options: CommandOptions): Promise<Report> {
  return (await runChecks(['lint-data'], options)).report;
}

/** Options of `overfitOne`: the common ones plus the fit budget, starts, seeds and classes (see `CheckOptions`). */
export interface OverfitOneOptions extends CommandOptions {
  /** Updates per fit (default 400; 300 with `checkOptions.quick`). */
  maxSteps?: number;
  /** `both` (default when the model has weights), `saved` or `fresh`. */
  start?: 'saved' | 'fresh' | 'both';
  /** Seeds tried from a fresh start when the first run of a class does not fit (default 3). */
  repeats?: number;
  /** Class indices to fit (default: every class). */
  classesToFit?: number[];
}

/**
 * `nndoctor overfit-one`: per class, fits one example from the saved weights and from a fresh initialisation and
 * reports steps to fit and losses (CheckResult.data.examples); judges overfit-one, nan-loss, loss-at-init,
 * loss-not-decreasing, loss-diverging, loss-oscillating, vanishing-gradients and exploding-gradients.
 */
export async function overfitOne(options: OverfitOneOptions): Promise<Report> {
  const { maxSteps, start, repeats, classesToFit, ...rest } = options;
  const checkOptions = { ...(rest.checkOptions ?? {}) };
  if (maxSteps !== undefined) checkOptions.maxSteps = maxSteps;
  if (start !== undefined) checkOptions.start = start;
  if (repeats !== undefined) checkOptions.repeats = repeats;
  if (classesToFit !== undefined) checkOptions.classesToFit = classesToFit;
  return (await runChecks(['overfit-one'], { ...rest, checkOptions })).report;
}

/** Options of `learningCurve`: the common ones plus the curve's sizes and repeats (see `CheckOptions`). */
export interface LearningCurveOptions extends CommandOptions {
  /** Training-set sizes: whole row counts (≥ 1) or fractions of the training set (< 1). Default: 1, then geometric steps. */
  sizes?: number[];
  /** Seeds per size (default 3): each repeat has its own initialisation and subset order. */
  repeats?: number;
}

/**
 * `nndoctor learning-curve`: trains from a fresh initialisation on growing subsets, reports training and test error
 * per size (CheckResult.data.points) and judges cannot-fit-tiny, high-bias and high-variance.
 */
export async function learningCurve(options: LearningCurveOptions): Promise<Report> {
  const { sizes, repeats, ...rest } = options;
  const checkOptions = { ...(rest.checkOptions ?? {}) };
  if (sizes !== undefined) checkOptions.sizes = sizes;
  if (repeats !== undefined) checkOptions.repeats = repeats;
  return (await runChecks(['learning-curve'], { ...rest, checkOptions })).report;
}

export interface CheckExperimentsOptions extends Omit<CommandOptions, 'dir'> {
  /** Worker processes (default: the number of cores); 1 runs in this process. */
  jobs?: number;
  /** Take the i-th of n deterministic shares of the folders (CI matrices). */
  shard?: { index: number; count: number };
}

/** Runs `nndoctor check` over folders and globs; returns the report and any crashes (bugs) met on the way. */
export async function runCheckCommand(dirs: readonly string[], options: CheckExperimentsOptions = {}): Promise<RunOutcome> {
  const folders = shardOf(expandFolders(dirs.length > 0 ? dirs : ['.']), options.shard);
  const run: FolderRunOptions = { jobs: options.jobs ?? defaultJobs() };
  if (options.progress) {
    const progress = options.progress;
    run.onFolder = (index, total, dir) => progress(`checking ${dir} (${index + 1}/${total})`);
  }
  const overrides: InputOverrides = {};
  for (const key of ['model', 'data', 'test', 'label', 'classes', 'config'] as const) {
    if (options[key] !== undefined) (overrides as Record<string, unknown>)[key] = options[key];
  }
  return checkFolders(folders, overrides, toRunOptions(options), run);
}

/** `nndoctor check`: every check on each experiment folder, in input order, with a diagnosis for collapsed models. */
export async function checkExperiments(dirs: readonly string[], options: CheckExperimentsOptions = {}): Promise<Report> {
  return (await runCheckCommand(dirs, options)).report;
}
