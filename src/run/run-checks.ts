/**
 * `runChecks`: checks by id on one experiment, for the library API and the CLI. A module of its own (re-exported by
 * src/index.ts) so a CLI command loads only the run machinery, not the whole library (every rule, formatter, …).
 */
import type { TrainingConfig } from '../config/schema.js';
import type { CheckOptions, RunOptions } from './context.js';
import type { BackendName, CheckId } from '../report/types.js';
import type { InputOverrides } from '../load/experiment-folder.js';
import { loadCheck } from '../checks/load-check.js';
import { runSingle } from './run-command.js';
import type { RunOutcome } from './run-experiments.js';

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

const TRAINING_CHECKS = new Set<CheckId>(['overfit-one', 'learning-curve', 'prediction']);

/** Runs checks by id on one experiment; returns the report and any crashes (bugs) met on the way. */
export async function runChecks(checkIds: readonly CheckId[], options: CommandOptions): Promise<RunOutcome> {
  const run = toRunOptions(options);
  if (checkIds.some((id) => TRAINING_CHECKS.has(id))) run.trains = true;
  return runSingle(options.dir, options, await Promise.all(checkIds.map(loadCheck)), run);
}
