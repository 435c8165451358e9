/**
 * `check` over many folders: every registered check in a fixed order, optionally sharded and spread over this process
 * and worker processes, merged in input order into one Report with a diagnosis per collapsed experiment.
 */
import { fork } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHECKS } from '../checks/index.js';
import type { Check } from '../checks/define-check.js';
import type { InputOverrides } from '../load/experiment-folder.js';
import type { BackendName, CheckId, ExperimentResult } from '../report/types.js';
import { withDiagnoses } from '../report/diagnosis.js';
import type { RunOptions } from './context.js';
import { assembleReport, runFolder, type Crash, type RunOutcome } from './run-experiments.js';
import { engineIfStarted } from '../load/backend.js';
import { monotonicMs } from './clock.js';

/** The order `check` runs checks in: cheap static checks first, then training, then the saved model's predictions. */
export const CHECK_ORDER: readonly CheckId[] = ['class-balance', 'lint-data', 'lint-config', 'overfit-one', 'learning-curve', 'prediction'];

/** Every registered check: those of CHECK_ORDER first, in that order, then any other; an unregistered one is not run. */
export function checksForCheckCommand(): Check[] {
  const ids = [...CHECK_ORDER, ...(Object.keys(CHECKS) as CheckId[]).filter((id) => !CHECK_ORDER.includes(id))];
  return ids.flatMap((id) => (CHECKS[id] ? [CHECKS[id]!] : []));
}

export interface FolderRunOptions {
  /** Folders checked in parallel: this process plus `jobs − 1` worker processes; 1 runs in this process only. */
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

/** Messages a worker sends: ready once its modules are loaded (and its engine is starting), then one reply per folder. */
export type WorkerMessage = { type: 'ready' } | ({ type: 'result' } & WorkerReply);

/** Messages the parent sends to a worker. */
export type WorkerRequest =
  | { type: 'init'; overrides: InputOverrides; options: Omit<RunOptions, 'progress'>; checks: CheckId[] }
  | { type: 'run'; index: number; dir: string };

function workerEntry(): { path: string; execArgv: string[] } {
  // The worker sits next to this code with the same extension: check-worker.ts beside the source, .js beside the
  // compiled modules, .cjs beside the bundled CLI (dist/cli/main.cjs, scripts/bundle-cli.ts).
  const self = fileURLToPath(import.meta.url);
  return { path: join(dirname(self), `check-worker${extname(self)}`), execArgv: process.execArgv };
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

/** Folders a worker holds (running + queued) while many remain, so it never waits on a busy parent for its next one. */
const WORKER_QUEUE = 2;
/**
 * What a worker process costs before it checks its first folder as fast as this process: Node, nndoctor's modules,
 * TF.js and its engine, and the JIT warm-up of a first folder — measured at about 1.5 s on 2 cores.
 */
const WORKER_START_MS = 1500;
/**
 * Work left (ms, as timed in this process) that repays starting a worker. This process keeps checking folders while
 * the worker starts, but the worker's start competes with it for the cores (V8 compiles TF.js on both), and the
 * first folders of each kind are timed 2–3× slower than later ones (their code is still being compiled): at twice
 * the start-up, 32 iris-sized folders sometimes started a worker and finished 25 % later, so four times it is.
 */
const WORTH_WORKERS_MS = 4 * WORKER_START_MS;

/**
 * Whether `remaining` folders are worth starting worker processes for, given how long the folders checked so far in
 * this process took (ms, in order). The first folder also paid this process's engine start and JIT warm-up, so it
 * counts alone only when it is slower than a worker's start-up; later folders are timed by their fastest. A single
 * folder left goes to this process, so a worker would have nothing to do.
 */
export function workersWorthStarting(durations: readonly number[], remaining: number): boolean {
  const timed = durations.length > 1 ? durations.slice(1) : durations.length === 1 && durations[0]! > WORKER_START_MS ? durations : [];
  if (timed.length === 0 || remaining < 2) return false;
  return remaining * Math.min(...timed) > WORTH_WORKERS_MS;
}

/**
 * This process and `jobs − 1` worker processes over one shared queue of folders, the workers started only when they
 * pay off. This process checks folders from the start and times them; once the work left is worth more than a
 * worker's start-up (WORTH_WORKERS_MS) it starts the workers and goes on checking folders alongside them. Quick
 * folders (tens of ms each: the usual iris/digits MLPs) are therefore all checked here and `--jobs 2` is not slower
 * than `--jobs 1`; slow ones keep every core busy. Test hooks for the worker paths: NNDOCTOR_CHECK_WORKERS=only hands
 * every folder to `jobs` workers started at once; NNDOCTOR_CHECK_WORKERS=now starts the `jobs − 1` workers at once
 * and lets the first hold its first folders before this process takes any.
 */
async function runInLanes(dirs: readonly string[], overrides: InputOverrides, checks: readonly Check[], options: RunOptions, run: FolderRunOptions): Promise<RunOutcome> {
  const results: Array<ExperimentResult | undefined> = new Array(dirs.length);
  const crashesOf: Crash[][] = dirs.map(() => []);
  const workerEngines: Array<Pick<WorkerReply, 'backend' | 'warnings'>> = [];
  const lanes = Math.min(run.jobs, dirs.length);
  let next = 0;
  const take = (): number | null => {
    if (next >= dirs.length) return null;
    const index = next++;
    run.onFolder?.(index, dirs.length, dirs[index]!);
    return index;
  };

  const entry = workerEntry();
  let onWorkerReadyOrGone: () => void = () => undefined;
  const workerReadyOrGone = new Promise<void>((resolve) => { onWorkerReadyOrGone = resolve; });
  const idleWorkers: Array<() => void> = [];
  const workerLane = (): Promise<void> => new Promise<void>((resolve) => {
    const child = fork(entry.path, [], { execArgv: entry.execArgv, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    const inFlight = new Set<number>();
    let ready = false;
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      // Every reply is in (or the process is gone): nothing is left to wait for.
      child.kill();
      resolve();
    };
    const fill = (): void => {
      if (finished || !ready) return;
      const depth = dirs.length - next > WORKER_QUEUE * lanes ? WORKER_QUEUE : 1;
      while (inFlight.size < depth) {
        const index = take();
        if (index === null) break;
        inFlight.add(index);
        child.send({ type: 'run', index, dir: dirs[index]! } satisfies WorkerRequest);
      }
      if (inFlight.size === 0) finish();
    };
    // A worker that cannot start also emits 'exit', which marks its folders; without a listener 'error' would throw here.
    child.on('error', () => undefined);
    child.on('message', (message: WorkerMessage) => {
      if (message.type === 'ready') {
        ready = true;
        onWorkerReadyOrGone();
      } else {
        results[message.index] = message.result;
        crashesOf[message.index] = message.crashes.map((c) => {
          const error = new Error(c.message);
          if (c.stack !== undefined) error.stack = c.stack;
          return { experiment: c.experiment, what: c.what, error };
        });
        if (message.backend) workerEngines.push(message);
        inFlight.delete(message.index);
      }
      fill();
    });
    child.on('exit', (code, signal) => {
      onWorkerReadyOrGone();
      if (finished) return;
      // A worker that dies mid-folder is a bug (or the OS killing it): its folders become errors, the rest go on.
      for (const index of inFlight) {
        const dir = dirs[index]!;
        const message = `nndoctor's worker process stopped while checking this folder (${signal ?? `exit code ${code}`})`;
        results[index] = { path: dir, status: 'error', settings: {}, checks: [], error: { message } };
        crashesOf[index] = [{ experiment: dir, what: 'check', error: new Error(message) }];
      }
      inFlight.clear();
      finished = true;
      resolve();
    });
    child.send({ type: 'init', overrides, options: serialisableOptions(options), checks: checks.map((c) => c.meta.id) } satisfies WorkerRequest);
    // Once the queue is empty, a worker still starting up or between folders has nothing left to do.
    idleWorkers.push(() => { if (next >= dirs.length && inFlight.size === 0) finish(); });
  });

  const workers: Array<Promise<void>> = [];
  const durations: number[] = [];
  const startWorkers = (count: number): void => {
    for (let i = 0; i < count; i++) workers.push(workerLane());
  };
  /** After each folder checked here: start the workers once the remaining work is worth them. */
  const maybeStartWorkers = (): void => {
    if (workers.length === 0 && lanes > 1 && workersWorthStarting(durations, dirs.length - next)) startWorkers(lanes - 1);
  };
  const workersHook = process.env.NNDOCTOR_CHECK_WORKERS;
  const workersOnly = workersHook === 'only';
  if (workersOnly) startWorkers(lanes);
  else if (workersHook === 'now' && lanes > 1) {
    // The worker gets its first folders before this process takes any, so both lanes certainly check some.
    startWorkers(lanes - 1);
    await workerReadyOrGone;
  }
  const localLane = async (): Promise<void> => {
    // A folder checked here blocks this event loop for stretches of synchronous training; each worker holds
    // WORKER_QUEUE folders meanwhile, so it has its next one without waiting for this process.
    for (let index = take(); index !== null; index = take()) {
      const started = monotonicMs();
      const outcome = await runFolder(dirs[index]!, overrides, checks, options);
      results[index] = outcome.result;
      crashesOf[index] = outcome.crashes;
      durations.push(monotonicMs() - started);
      maybeStartWorkers();
      // Let the workers' replies in: a folder checked here may run long stretches without yielding.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  };

  if (!workersOnly) await localLane();
  for (const stopIfIdle of idleWorkers) stopIfIdle();
  await Promise.all(workers);
  const experiments = Array.from(results, (result, i) => result ?? { path: dirs[i]!, status: 'error' as const, settings: {}, checks: [], error: { message: 'not checked: every worker process stopped' } });
  const report = await assembleReport(withDiagnoses(experiments), options);
  const withEngine = workerEngines[0];
  if (!(await engineIfStarted()) && withEngine) {
    report.backend = withEngine.backend;
    report.warnings = [...withEngine.warnings, ...report.warnings];
  }
  return { report, crashes: crashesOf.flat() };
}

/** Runs every registered check on each folder (input order kept), in this process or in `jobs` workers. */
export async function checkFolders(dirs: readonly string[], overrides: InputOverrides, options: RunOptions, run: FolderRunOptions): Promise<RunOutcome> {
  const checks = checksForCheckCommand();
  const runOptions: RunOptions = { ...options, trains: true, checkOptions: { ...options.checkOptions, quick: true } };
  if (run.jobs <= 1 || dirs.length <= 1) return runInProcess(dirs, overrides, checks, runOptions, run);
  return runInLanes(dirs, overrides, checks, runOptions, run);
}
