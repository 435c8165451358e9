/**
 * Starts tfjs-backend-wasm's threaded SIMD build under Node. tfjs disables threads in Node because Emscripten's
 * pthread workers are created from blob: URLs (ERR_WORKER_PATH) and the main script is posted as a Blob; here
 * the worker source runs with `eval: true` and workers load the main script from the package's own file.
 * Opt-in (NNDOCTOR_WASM_THREADS=N): on this project's 2-core machines it did not measure faster.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
// Types only: node:worker_threads (with perf_hooks, ~3 ms) is loaded when threads are asked for, not by every command.
import type { TransferListItem, Worker as NodeWorker, WorkerOptions } from 'node:worker_threads';
import type { Tf } from './backend.js';

const INIT_TIMEOUT_MS = 20_000;

/** Number of threads asked for with NNDOCTOR_WASM_THREADS (0 = single-threaded, the default). */
export function requestedWasmThreads(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.NNDOCTOR_WASM_THREADS;
  if (raw === undefined || raw === '') return 0;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 2 && n <= 8 ? n : 0;
}

let shimInstalled = false;
/** Pool workers; referenced while the module loads (or the process could exit mid-init), unreferenced after. */
const workers = new Set<NodeWorker>();
let initialised = false;

function installWorkerShim(Worker: typeof NodeWorker, workerSource: string, mainScript: string): void {
  if (shimInstalled) return;
  shimInstalled = true;
  class EmscriptenNodeWorker extends Worker {
    constructor(_blobUrl: string | URL, options?: WorkerOptions) {
      super(workerSource, { ...options, eval: true });
      if (initialised) this.unref();
      else workers.add(this);
    }

    override postMessage(message: unknown, transfer?: readonly TransferListItem[]): void {
      const m = message as { cmd?: string } | null;
      // The worker would otherwise get a Blob it cannot import in Node.
      super.postMessage(m && m.cmd === 'load' ? { ...m, urlOrBlob: mainScript } : message, transfer);
    }
  }
  // Emscripten assigns global.Worker = worker_threads.Worker before creating its pool; keep ours in place.
  Object.defineProperty(globalThis, 'Worker', { configurable: true, get: () => EmscriptenNodeWorker, set: () => undefined });
}

/**
 * Tries to start the threaded build; null on success, else why not (the caller then starts the
 * single-threaded build, which tfjs supports in the same process after a failed attempt).
 */
export async function startThreadedWasm(tf: Tf, wasm: typeof import('@tensorflow/tfjs-backend-wasm'), threads: number): Promise<string | null> {
  const require = createRequire(import.meta.url);
  const dist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
  const wasmOut = join(dirname(dist), 'wasm-out');
  let workerSource: string;
  try {
    // The package ships the worker as a module exporting its source; like tfjs, escape its newlines.
    workerSource = (require(join(wasmOut, 'tfjs-backend-wasm-threaded-simd.worker.js')) as { wasmWorkerContents: string }).wasmWorkerContents.replace(/\n/g, '\\n');
  } catch (error) {
    return `the threaded wasm worker script is missing (${(error as Error).message.split('\n')[0]})`;
  }
  const { Worker } = require('node:worker_threads') as typeof import('node:worker_threads');
  installWorkerShim(Worker, workerSource, join(wasmOut, 'tfjs-backend-wasm-threaded-simd.js'));
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  wasm.setThreadsCount(threads);
  wasm.setWasmPaths(join(dist, '/'));
  // The wasm side caps its pool at (logical cores / 2), assuming hyper-threading; report twice the cores while
  // it initialises so that `threads` is honoured on machines without it.
  const os = require('node:os') as typeof import('node:os');
  const cpus = os.cpus;
  os.cpus = () => [...cpus(), ...cpus()];
  let timer: NodeJS.Timeout | undefined;
  try {
    const started = await Promise.race([
      tf.setBackend('wasm'),
      new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), INIT_TIMEOUT_MS); }),
    ]);
    if (started === 'timeout') return `the threaded wasm build did not start within ${INIT_TIMEOUT_MS / 1000} s`;
    if (!started) return 'the threaded wasm build did not start';
    initialised = true;
    // Idle pool threads must not keep the CLI alive once its work is done.
    for (const worker of workers) worker.unref();
    workers.clear();
    const actual = wasm.getThreadsCount();
    return actual >= 2 ? null : `the threaded wasm build started with ${actual} thread`;
  } catch (error) {
    return `the threaded wasm build failed (${(error as Error).message.split('\n')[0]})`;
  } finally {
    clearTimeout(timer);
    os.cpus = cpus;
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  }
}
