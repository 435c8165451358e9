/**
 * Training throughput: an MLP 784-128-64-10 and a small CNN at batch 32 (samples/s) and a batch-1 tiny MLP
 * (steps/s) on every available TF.js backend, next to the same models in PyTorch when it is installed.
 * Each variant runs in its own process (a wasm module is initialised once per process).
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchSection } from './run.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const BUDGET_SECONDS = 1.5;
const ROUNDS = 3;
const VARIANT_ENV = 'NNDOCTOR_BENCH_TRAINING_VARIANT';

type ModelName = 'mlp' | 'cnn' | 'tiny';
interface Measured { stepsPerSec: number; batch: number; error?: string }
type VariantResult = Partial<Record<ModelName, Measured>> & { backend?: string; warnings?: string[] };

/** Variants: backend label → how the child process starts its engine. */
const VARIANTS = ['wasm', 'wasm-threaded', 'cpu', 'cpu-stock'] as const;
type Variant = (typeof VARIANTS)[number];

const MODEL_LABELS: Record<ModelName, string> = {
  mlp: 'MLP 784-128-64-10, batch 32',
  cnn: 'CNN conv8-pool-conv16-pool-dense10, batch 32',
  tiny: 'tiny MLP 4-16-3, batch 1',
};

async function measureVariant(variant: Variant): Promise<VariantResult> {
  const { startEngine } = await import('../src/load/backend.js');
  const engine = await startEngine(variant.startsWith('wasm') ? 'wasm' : 'cpu');
  if (variant === 'wasm-threaded' && engine.warnings.some((w) => w.includes('NNDOCTOR_WASM_THREADS'))) throw new Error(engine.warnings.join('; '));
  const { tf } = engine;
  if (variant === 'cpu-stock') {
    // Undo nndoctor's cpu kernels to show what stock tfjs does.
    const { stockKernel } = await import('../src/engine/register-kernels.js');
    for (const name of ['Conv2DBackpropFilter', 'UnsortedSegmentSum']) {
      const stock = stockKernel(name, 'cpu');
      if (stock) { tf.unregisterKernel(name, 'cpu'); tf.registerKernel(stock); }
    }
  }
  const L = tf.layers;
  const specs: Record<ModelName, { build: () => import('@tensorflow/tfjs').LayersModel; shape: number[]; classes: number; batch: number }> = {
    mlp: { build: () => tf.sequential({ layers: [L.flatten({ inputShape: [28, 28, 1] }), L.dense({ units: 128, activation: 'relu' }), L.dense({ units: 64, activation: 'relu' }), L.dense({ units: 10 })] }), shape: [28, 28, 1], classes: 10, batch: 32 },
    cnn: { build: () => tf.sequential({ layers: [L.conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 3, activation: 'relu' }), L.maxPooling2d({ poolSize: 2 }), L.conv2d({ filters: 16, kernelSize: 3, activation: 'relu' }), L.maxPooling2d({ poolSize: 2 }), L.flatten(), L.dense({ units: 10 })] }), shape: [28, 28, 1], classes: 10, batch: 32 },
    tiny: { build: () => tf.sequential({ layers: [L.dense({ inputShape: [4], units: 16, activation: 'relu' }), L.dense({ units: 3 })] }), shape: [4], classes: 3, batch: 1 },
  };
  const result: VariantResult = { backend: engine.backend, warnings: engine.warnings };
  for (const [name, spec] of Object.entries(specs) as Array<[ModelName, (typeof specs)[ModelName]]>) {
    if (variant === 'cpu-stock' && name !== 'cnn') continue;
    try {
      const model = spec.build();
      const optimizer = tf.train.sgd(0.01);
      // The data is uploaded once: a pool of 8 batches reused round-robin, as nndoctor's own loop does.
      const pool = Array.from({ length: 8 }, (_, i) => ({
        x: tf.randomNormal([spec.batch, ...spec.shape], 0, 1, 'float32', i + 1),
        y: tf.oneHot(tf.randomUniform([spec.batch], 0, spec.classes, 'int32', i + 100) as import('@tensorflow/tfjs').Tensor1D, spec.classes),
      }));
      const step = (i: number): void => {
        const { x, y } = pool[i % pool.length]!;
        tf.tidy(() => {
          optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as import('@tensorflow/tfjs').Tensor) as import('@tensorflow/tfjs').Scalar, false);
        });
      };
      const slow = variant === 'cpu-stock';
      for (let i = 0; i < (slow ? 1 : 5); i++) step(i);
      const rates: number[] = [];
      for (let round = 0; round < (slow ? 1 : ROUNDS); round++) {
        let steps = 0;
        const start = performance.now();
        let elapsed = 0;
        do {
          step(steps);
          steps += 1;
          elapsed = (performance.now() - start) / 1000;
        } while (elapsed < (slow ? 0 : BUDGET_SECONDS) || steps < 3);
        // Both backends run kernels synchronously; reading one weight makes sure nothing is pending.
        model.trainableWeights[0]!.read().dataSync();
        rates.push(steps / elapsed);
      }
      result[name] = { stepsPerSec: median(rates), batch: spec.batch };
      pool.forEach(({ x, y }) => { x.dispose(); y.dispose(); });
      optimizer.dispose();
      model.dispose();
    } catch (error) {
      result[name] = { stepsPerSec: 0, batch: spec.batch, error: (error as Error).message.split('\n')[0]! };
    }
  }
  return result;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function runChild(variant: Variant): VariantResult | { failed: string } {
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(here, 'training.bench.ts')], {
    cwd: root, encoding: 'utf8', timeout: 15 * 60_000,
    env: { ...process.env, [VARIANT_ENV]: variant, NNDOCTOR_WASM_THREADS: variant === 'wasm-threaded' ? '2' : '' },
  });
  const line = child.stdout.split('\n').find((l) => l.startsWith('{'));
  if (child.status !== 0 || !line) return { failed: (child.stderr || child.error?.message || `exit ${child.status}`).trim().split('\n').slice(-3).join(' ') };
  return JSON.parse(line) as VariantResult;
}

function runTorch(): { result?: Record<string, Measured> & { version: string; threads: number }; note?: string } {
  const python = '/usr/bin/python3';
  const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) return { note: `PyTorch baseline skipped: \`${python} -c "import torch"\` failed (${(probe.stderr || probe.error?.message || '').trim().split('\n').pop()}); on Debian: apt-get install python3-torch` };
  const child = spawnSync(python, [join(here, 'training_torch.py'), '2', String(BUDGET_SECONDS), String(ROUNDS)], {
    encoding: 'utf8', env: { ...process.env, OMP_WAIT_POLICY: 'PASSIVE' }, timeout: 15 * 60_000,
  });
  if (child.status !== 0) return { note: `PyTorch baseline failed: ${child.stderr.trim().split('\n').pop()}` };
  return { result: JSON.parse(child.stdout.trim().split('\n').pop()!) };
}

export async function bench(): Promise<BenchSection> {
  const notes: string[] = [];
  const torch = runTorch();
  if (torch.note) notes.push(torch.note);
  else notes.push(`PyTorch ${torch.result!.version}, ${torch.result!.threads} threads, OMP_WAIT_POLICY=PASSIVE, same models, SGD(0.01), cross-entropy.`);
  const rows: BenchSection['rows'] = [];
  for (const variant of VARIANTS) {
    const result = runChild(variant);
    if ('failed' in result) {
      notes.push(`${variant}: could not run (${result.failed})`);
      continue;
    }
    for (const w of result.warnings ?? []) if (!w.includes('pure-JS cpu')) notes.push(`${variant}: ${w}`);
    for (const model of ['mlp', 'cnn', 'tiny'] as ModelName[]) {
      const m = result[model];
      if (!m) continue;
      const t = torch.result?.[model];
      const perSecond = m.batch === 1 ? 'steps/s' : 'samples/s';
      const value = m.stepsPerSec * m.batch;
      const torchValue = t ? t.stepsPerSec * t.batch : undefined;
      rows.push({
        model: MODEL_LABELS[model],
        backend: variant === 'cpu-stock' ? 'cpu (stock tfjs kernels)' : variant === 'wasm-threaded' ? 'wasm, 2 threads (NNDOCTOR_WASM_THREADS=2)' : variant,
        unit: perSecond,
        nndoctor: m.error ? `error: ${m.error}` : value,
        pytorch: torchValue ?? 'n/a',
        'vs PyTorch': torchValue && !m.error ? `${(value / torchValue).toFixed(3)}×` : 'n/a',
        target: variant === 'cpu-stock' ? '' : '≥ 0.5×',
      });
    }
  }
  notes.push(`Medians of ${ROUNDS} rounds of ≥ ${BUDGET_SECONDS} s after 5 warm-up steps (stock cpu CNN: one round of 3 steps). Lean loop: optimizer.minimize in tf.tidy on a tf.layers model, data uploaded once.`);
  notes.push('Numbers are noisy when other processes share the cores; rerun on an idle machine before quoting them.');
  return { title: 'Training throughput (TF.js backends vs PyTorch)', rows, notes };
}

if (process.env[VARIANT_ENV]) {
  const variant = process.env[VARIANT_ENV] as Variant;
  const result = await measureVariant(variant);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
