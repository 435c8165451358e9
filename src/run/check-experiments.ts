/**
 * `check` over many folders: every registered check in a fixed order, optionally sharded and spread over worker
 * processes, merged in input order into one Report with a diagnosis per collapsed experiment.
 */
import { fork } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { CHECKS } from '../checks/index.js';
import type { Check } from '../checks/define-check.js';
import type { InputOverrides } from '../load/experiment-folder.js';
import type { BackendName, CheckId, ExperimentResult } from '../report/types.js';
import { withDiagnoses } from '../report/diagnosis.js';
import type { RunOptions } from './context.js';
import { assembleReport, runFolder, type Crash, type RunOutcome } from './run-experiments.js';
import { engineIfStarted } from '../load/backend.js';

/** The order `check` runs checks in: cheap static checks first, then training, then the saved model's predictions. */
export const CHECK_ORDER: readonly CheckId[] = ['class-balance', 'lint-data', 'lint-config', 'overfit-one', 'learning-curve', 'prediction'];

/** Every registered check: those of CHECK_ORDER first, in that order, then any other; an unregistered one is not run. */
export function checksForCheckCommand(): Check[] {
  const ids = [...CHECK_ORDER, ...(Object.keys(CHECKS) as CheckId[]).filter((id) => !CHECK_ORDER.includes(id))];
  return ids.flatMap((id) => (CHECKS[id] ? [CHECKS[id]!] : []));
}

export interface FolderRunOptions {
  /** Worker processes; 1 runs in this process. */
  jobs: number;
  /** Called when a folder starts (index, path). */
  onFolder?: (index: number, total: number, dir: string) => void;
}

export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

/** What a worker sends back for one folder. */
export interface WorkerReply {
  index: number;
  result: ExperimentResult;
  crashes: Array<{ experiment: string; what: string; message: string; stack?: string }>;
  backend: BackendName | null;
  warnings: string[];
}

/** Messages the parent sends to a worker. */
export type WorkerRequest =
  | { type: 'init'; overrides: InputOverrides; options: Omit<RunOptions, 'progress'>; checks: CheckId[] }
  | { type: 'run'; index: number; dir: string }
  | { type: 'stop' };

function workerEntry(): { path: string; execArgv: string[] } {
  const self = fileURLToPath(import.meta.url);
  const isSource = self.endsWith('.ts');
  return { path: self.replace(/check-experiments\.(ts|js)$/, `check-worker.${isSource ? 'ts' : 'js'}`), execArgv: process.execArgv };
}

function serialisableOptions(options: RunOptions): Omit<RunOptions, 'progress'> {
  const { progress: _progress, ...rest } = options;
  return rest;
}

async function runInProcess(dirs: readonly string[], overrides: InputOverrides, checks: readonly Check[], options: RunOptions, run: FolderRunOptions): Promise<RunOutcome> {
  const experiments: ExperimentResult[] = [];
  const crashes: Crash[] = [];
  for (const [index, dir] of dirs.entries()) {
    run.onFolder?.(index, dirs.length, dir);
    const outcome = await runFolder(dir, overrides, checks, options);
    experiments.push(outcome.result);
    crashes.push(...outcome.crashes);
  }
  return { report: await assembleReport(withDiagnoses(experiments), options), crashes };
}

/** A pool of long-lived workers (one engine start each); folders are handed out one at a time as workers free up. */
async function runInWorkers(dirs: readonly string[], overrides: InputOverrides, checks: readonly Check[], options: RunOptions, run: FolderRunOptions): Promise<RunOutcome> {
  const replies: Array<WorkerReply | undefined> = new Array(dirs.length);
  const entry = workerEntry();
  let next = 0;
  const workers = Math.min(run.jobs, dirs.length);
  await Promise.all(Array.from({ length: workers }, () => new Promise<void>((resolve) => {
    const child = fork(entry.path, [], { execArgv: entry.execArgv, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    let current = -1;
    const handOut = (): void => {
      if (next >= dirs.length) {
        child.send({ type: 'stop' } satisfies WorkerRequest);
        return;
      }
      current = next++;
      run.onFolder?.(current, dirs.length, dirs[current]!);
      child.send({ type: 'run', index: current, dir: dirs[current]! } satisfies WorkerRequest);
    };
    // A worker that cannot start also emits 'exit', which marks its folder; without a listener 'error' would throw here.
    child.on('error', () => undefined);
    child.on('message', (reply: WorkerReply) => {
      replies[reply.index] = reply;
      current = -1;
      handOut();
    });
    child.on('exit', (code, signal) => {
      // A worker that dies mid-folder is a bug (or the OS killing it): that folder becomes an error, the rest go on.
      if (current >= 0) {
        const dir = dirs[current]!;
        const message = `nndoctor's worker process stopped while checking this folder (${signal ?? `exit code ${code}`})`;
        replies[current] = {
          index: current,
          result: { path: dir, status: 'error', settings: {}, checks: [], error: { message } },
          crashes: [{ experiment: dir, what: 'check', message }],
          backend: null,
          warnings: [],
        };
        current = -1;
      }
      // The other workers keep taking folders from the shared queue.
      resolve();
    });
    child.send({ type: 'init', overrides, options: serialisableOptions(options), checks: checks.map((c) => c.meta.id) } satisfies WorkerRequest);
    handOut();
  })));
  const experiments = replies.map((reply, i) => reply?.result ?? { path: dirs[i]!, status: 'error' as const, settings: {}, checks: [], error: { message: 'not checked: every worker process stopped' } });
  const crashes: Crash[] = replies.flatMap((reply) => (reply?.crashes ?? []).map((c) => {
    const error = new Error(c.message);
    if (c.stack !== undefined) error.stack = c.stack;
    return { experiment: c.experiment, what: c.what, error };
  }));
  const report = await assembleReport(withDiagnoses(experiments), options);
  const withEngine = replies.find((reply) => reply?.backend);
  if (!(await engineIfStarted()) && withEngine) {
    report.backend = withEngine.backend;
    report.warnings = [...withEngine.warnings, ...report.warnings];
  }
  return { report, crashes };
}

/** Runs every registered check on each folder (input order kept), in this process or in `jobs` workers. */
export async function checkFolders(dirs: readonly string[], overrides: InputOverrides, options: RunOptions, run: FolderRunOptions): Promise<RunOutcome> {
  const checks = checksForCheckCommand();
  const runOptions: RunOptions = { ...options, checkOptions: { ...options.checkOptions, quick: true } };
  if (run.jobs <= 1 || dirs.length <= 1) return runInProcess(dirs, overrides, checks, runOptions, run);
  return runInWorkers(dirs, overrides, checks, runOptions, run);
}
