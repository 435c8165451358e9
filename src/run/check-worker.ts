/** Worker process for `check --jobs N`: receives folders over IPC, runs the checks, sends each result back. */
import type { InputOverrides } from '../load/experiment-folder.js';
import { getCheck } from '../checks/index.js';
import { engineIfStarted, startEngine } from '../load/backend.js';
import type { RunOptions } from './context.js';
import { runFolder } from './run-experiments.js';
import type { WorkerMessage, WorkerRequest } from './check-experiments.js';
import type { Check } from '../checks/define-check.js';

let overrides: InputOverrides = {};
let options: RunOptions | null = null;
let checks: Check[] = [];
let queue: Promise<void> = Promise.resolve();

async function runOne(index: number, dir: string): Promise<void> {
  const outcome = await runFolder(dir, overrides, checks, options!);
  const engine = await engineIfStarted();
  const reply: WorkerMessage = {
    type: 'result',
    index,
    result: outcome.result,
    crashes: outcome.crashes.map((c) => ({ experiment: c.experiment, what: c.what, message: c.error.message, ...(c.error.stack !== undefined ? { stack: c.error.stack } : {}) })),
    backend: engine ? engine.backend : null,
    warnings: engine ? engine.warnings : [],
  };
  process.send!(reply);
}

process.on('message', (message: WorkerRequest) => {
  if (message.type === 'init') {
    overrides = message.overrides;
    options = message.options;
    checks = message.checks.map(getCheck);
    // Every folder trains, so start the engine now, while the parent is busy; a failure to start is reported by the
    // first folder that asks for it (startEngine hands out the same promise).
    startEngine(message.options.backend).catch(() => undefined);
    process.send!({ type: 'ready' } satisfies WorkerMessage);
  } else {
    // The parent ends this process (kill) once every reply is in.
    queue = queue.then(() => runOne(message.index, message.dir));
  }
});
