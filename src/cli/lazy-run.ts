/**
 * The run machinery as the commands call it, imported on first call rather than at start-up: every command module
 * is loaded to declare its flags, so a static import here would make `--help` and `--version` load the library.
 */
import type { CheckExperimentsOptions } from '../index.js';
import type { CheckId } from '../report/types.js';
import type { CommandOptions } from '../run/run-checks.js';
import type { RunOutcome } from '../run/run-experiments.js';

export async function runChecks(checkIds: readonly CheckId[], options: CommandOptions): Promise<RunOutcome> {
  return (await import('../run/run-checks.js')).runChecks(checkIds, options);
}

export async function runCheckCommand(dirs: readonly string[], options: CheckExperimentsOptions = {}): Promise<RunOutcome> {
  return (await import('../index.js')).runCheckCommand(dirs, options);
}
