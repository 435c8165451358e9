/**
 * Starts a TF.js backend on first use: tfjs-node when it is installed, else WebAssembly, else the pure-JS CPU
 * backend. Loaded lazily so commands that never train never pay for TF.js.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { UsageError } from '../errors.js';
import type { BackendName } from '../report/types.js';
import { requestedWasmThreads, startThreadedWasm } from './wasm-threads.js';

export type Tf = typeof import('@tensorflow/tfjs');

/**
 * TF.js ships CommonJS bundles. `require` loads them directly; `import()` first runs Node's CommonJS export lexer over
 * several MB of bundle source, which measured 0.6–0.8 s slower per process start.
 */
const require = createRequire(import.meta.url);

export interface Engine {
  tf: Tf;
  backend: BackendName;
  /** Run-level notes, such as a fallback from the preferred backend. */
  warnings: string[];
}

let started: Promise<Engine> | null = null;
let startedWith: BackendName | undefined;

/** Starts (once per process) and returns the engine; `preferred` forces one backend (--backend). */
export function startEngine(preferred?: BackendName): Promise<Engine> {
  if (started && preferred !== undefined && startedWith !== undefined && preferred !== startedWith) {
    throw new Error(`engine already started with ${startedWith}, cannot switch to ${preferred}`);
  }
  started ??= initialise(preferred);
  startedWith = preferred;
  return started;
}

/** The backend in use, or null when no command needed one. */
export async function engineIfStarted(): Promise<Engine | null> {
  return started ? started : null;
}

async function tryTensorflow(tf: Tf): Promise<string | null> {
  try {
    require('@tensorflow/tfjs-node');
    if (await tf.setBackend('tensorflow')) return null;
    return 'tfjs-node loaded but its backend did not start';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' ? '@tensorflow/tfjs-node is not installed' : `@tensorflow/tfjs-node failed to load (${(error as Error).message.split('\n')[0]})`;
  }
}

async function tryWasm(tf: Tf, warnings: string[]): Promise<string | null> {
  try {
    const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
    const threads = requestedWasmThreads();
    if (threads > 1) {
      const problem = await startThreadedWasm(tf, wasm, threads);
      if (!problem) {
        const { registerTrainingKernels } = await import('../engine/register-kernels.js');
        registerTrainingKernels(tf, 'wasm');
        return null;
      }
      warnings.push(`NNDOCTOR_WASM_THREADS=${threads}: ${problem}; using single-threaded wasm`);
    }
    const entry = require.resolve('@tensorflow/tfjs-backend-wasm');
    // Node cannot fetch the .wasm files over a URL; point the loader at the files shipped in the package.
    wasm.setWasmPaths(join(dirname(entry), '/'));
    if (await tf.setBackend('wasm')) {
      const { registerTrainingKernels } = await import('../engine/register-kernels.js');
      registerTrainingKernels(tf, 'wasm');
      return null;
    }
    return 'the wasm backend did not start';
  } catch (error) {
    return `the wasm backend failed to load (${(error as Error).message.split('\n')[0]})`;
  }
}

async function initialise(preferred?: BackendName): Promise<Engine> {
  const tf = require('@tensorflow/tfjs') as Tf;
  // Production mode silences TF.js's console banners (e.g. "install our node backend" on stderr), which would break
  // the one-line stderr contract; nndoctor names the backend and any fallback in the report instead.
  tf.enableProdMode();
  const warnings: string[] = [];
  const order: BackendName[] = preferred ? [preferred] : ['tensorflow', 'wasm', 'cpu'];
  for (const name of order) {
    if (name === 'tensorflow') {
      const problem = await tryTensorflow(tf);
      if (!problem) return { tf, backend: 'tensorflow', warnings };
      if (preferred) throw new UsageError(`--backend tensorflow: ${problem}; install it with \`npm install @tensorflow/tfjs-node\` or pick --backend wasm`);
      warnings.push(problem);
    } else if (name === 'wasm') {
      const problem = await tryWasm(tf, warnings);
      if (!problem) {
        if (warnings.length > 0) warnings[warnings.length - 1] += '; using the wasm backend';
        return { tf, backend: 'wasm', warnings };
      }
      if (preferred) throw new UsageError(`--backend wasm: ${problem}`);
      warnings.push(problem);
    } else {
      await tf.setBackend('cpu');
      // The cpu backend prints a "use tfjs-node" banner on first use; the report's warning already says so.
      const cpu = tf.backend() as unknown as { firstUse?: boolean };
      if (cpu.firstUse) cpu.firstUse = false;
      const { registerTrainingKernels } = await import('../engine/register-kernels.js');
      registerTrainingKernels(tf, 'cpu');
      if (!preferred) warnings.push('using the pure-JS cpu backend (slow)');
      return { tf, backend: 'cpu', warnings };
    }
  }
  throw new Error('no TF.js backend could start');
}
