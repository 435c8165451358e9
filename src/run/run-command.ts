/** Runs a list of checks on one experiment (flags and/or a folder) or on many folders, and builds the Report. */
import type { Check } from '../checks/define-check.js';
import type { InputOverrides } from '../load/experiment-folder.js';
import { resolveExperimentInputs } from '../load/experiment-folder.js';
import type { ExperimentResult } from '../report/types.js';
import type { RunOptions } from './context.js';
import { assembleReport, runExperiment, runFolder, type Crash, type RunOutcome } from './run-experiments.js';

/** One experiment: input problems throw InputError (the CLI turns that into exit 2 and one line). */
export async function runSingle(dir: string | undefined, overrides: InputOverrides, checks: readonly Check[], options: RunOptions): Promise<RunOutcome> {
  const inputs = resolveExperimentInputs(dir, overrides);
  const { result, crashes } = await runExperiment(inputs, checks, options);
  return { report: await assembleReport([result], options), crashes };
}

/** Many folders, in input order; a folder with unusable inputs is an `error` experiment and the rest still run. */
export async function runMany(dirs: readonly string[], overrides: InputOverrides, checks: readonly Check[], options: RunOptions): Promise<RunOutcome> {
  const experiments: ExperimentResult[] = [];
  const crashes: Crash[] = [];
  for (const dir of dirs) {
    const outcome = await runFolder(dir, overrides, checks, options);
    experiments.push(outcome.result);
    crashes.push(...outcome.crashes);
  }
  return { report: await assembleReport(experiments, options), crashes };
}
