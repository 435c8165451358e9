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
/** `engine`: what nndoctor's own fit loop (fitEpochs) trained with: plain-JS dense path or TF.js. */
interface Measured { stepsPerSec: number; batch: number; error?: string; engine?: string }
/** `loop:<model>` is nndoctor's fit loop (engine/fit-epochs.ts) on the same model; `<model>` the bare TF.js step. */
type VariantResult = Partial<Record<ModelName | `loop:${ModelName}`, Measured>> & { backend?: string; warnings?: string[] };

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
    if (variant === 'cpu-stock') continue;
    try {
      result[`loop:${name}`] = await measureFitLoop(tf, spec);
    } catch (error) {
      result[`loop:${name}`] = { stepsPerSec: 0, batch: spec.batch, error: (error as Error).message.split('\n')[0]! };
    }
  }
  return result;
}

/**
 * nndoctor's own training loop, as learning-curve runs it: fitEpochs over 8 batches of rows with per-epoch seeded
 * shuffling, the model ending in softmax under sparse categorical cross-entropy (the same function PyTorch's
 * CrossEntropyLoss on logits computes), SGD(0.01). Small dense models take the plain-JS path there.
 */
async function measureFitLoop(tf: import('../src/load/backend.js').Tf, spec: { build: () => import('@tensorflow/tfjs').LayersModel; shape: number[]; classes: number; batch: number }): Promise<Measured> {
  const { fitEpochs } = await import('../src/engine/fit-epochs.js');
  const { makeLoss, makeErrorFn } = await import('../src/engine/training-setup.js');
  const { denseTrainerFor } = await import('../src/engine/dense-net/trainer.js');
  const base = spec.build();
  const model = tf.sequential({ layers: [...base.layers, tf.layers.activation({ activation: 'softmax' })] });
  const rows = 8 * spec.batch;
  const x = tf.randomNormal([rows, ...spec.shape], 0, 1, 'float32', 1);
  const y = tf.randomUniform([rows], 0, spec.classes, 'int32', 100);
  const lossSpec = { loss: 'sparseCategoricalCrossentropy' as const, encoding: 'sparse' as const, outputUnits: spec.classes };
  const lossFn = makeLoss(tf, lossSpec.loss, spec.classes);
  const optimizer = tf.train.sgd(0.01);
  const probe = tf.train.sgd(0.01);
  const engine = denseTrainerFor(tf, model, lossSpec, probe, spec.batch) ? 'plain-JS dense path' : 'TF.js';
  probe.dispose();
  const fit = (epochs: number): { steps: number; seconds: number } => {
    const start = performance.now();
    const result = fitEpochs({
      tf, model, optimizer, lossFn, meanLoss: (a, b) => tf.mean(lossFn(a, b)) as import('@tensorflow/tfjs').Scalar,
      errorFn: makeErrorFn(tf, 'sparse').perExample, train: { x, y }, batchSize: spec.batch, epochs, seed: 1, lossSpec,
    });
    return { steps: result.steps, seconds: (performance.now() - start) / 1000 };
  };
  try {
    // The first call also pays JIT compilation and XNNPACK operator set-up; the second one sizes the rounds.
    fit(1);
    const warm = fit(2);
    const epochs = Math.max(1, Math.ceil(BUDGET_SECONDS / Math.max(warm.seconds / 2, 1e-4)));
    const rates: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const { steps, seconds } = fit(epochs);
      rates.push(steps / seconds);
    }
    return { stepsPerSec: median(rates), batch: spec.batch, engine };
  } finally {
    tf.dispose([x, y]);
    optimizer.dispose();
    model.dispose();
  }
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

/** Separate PyTorch processes: its 2-thread CNN speed varies up to 3× from one process to the next on this VM. */
const TORCH_PROCESSES = 3;

function runTorch(): { result?: Record<string, Measured> & { version: string; threads: number }; note?: string; spread?: string } {
  const python = '/usr/bin/python3';
  const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) return { note: `PyTorch baseline skipped: \`${python} -c "import torch"\` failed (${(probe.stderr || probe.error?.message || '').trim().split('\n').pop()}); on Debian: apt-get install python3-torch` };
  const runs: Array<Record<string, Measured> & { version: string; threads: number }> = [];
  for (let i = 0; i < TORCH_PROCESSES; i++) {
    const child = spawnSync(python, [join(here, 'training_torch.py'), '2', String(BUDGET_SECONDS), String(ROUNDS)], {
      encoding: 'utf8', env: { ...process.env, OMP_WAIT_POLICY: 'PASSIVE' }, timeout: 15 * 60_000,
    });
    if (child.status !== 0) return { note: `PyTorch baseline failed: ${child.stderr.trim().split('\n').pop()}` };
    runs.push(JSON.parse(child.stdout.trim().split('\n').pop()!));
  }
  // The median process per model, and the range, so one lucky or unlucky process does not set the ratio.
  const result = { ...runs[0]! };
  const spread: string[] = [];
  for (const model of ['mlp', 'cnn', 'tiny'] as const) {
    const rates = runs.map((r) => r[model]!.stepsPerSec);
    result[model] = { ...runs[0]![model]!, stepsPerSec: median(rates) };
    const unit = runs[0]![model]!.batch;
    spread.push(`${model} ${Math.round(Math.min(...rates) * unit).toLocaleString('en-US')}–${Math.round(Math.max(...rates) * unit).toLocaleString('en-US')}`);
  }
  return { result, spread: `PyTorch per-process medians over ${TORCH_PROCESSES} processes (samples or steps/s): ${spread.join(', ')}; the table uses the middle one.` };
}

export async function bench(): Promise<BenchSection> {
  const notes: string[] = [];
  const torch = runTorch();
  if (torch.note) notes.push(torch.note);
  else notes.push(`PyTorch ${torch.result!.version}, ${torch.result!.threads} threads, OMP_WAIT_POLICY=PASSIVE, same models, SGD(0.01), cross-entropy.`, torch.spread!);
  const rows: BenchSection['rows'] = [];
  for (const variant of VARIANTS) {
    const result = runChild(variant);
    if ('failed' in result) {
      notes.push(`${variant}: could not run (${result.failed})`);
      continue;
    }
    for (const w of result.warnings ?? []) if (!w.includes('pure-JS cpu')) notes.push(`${variant}: ${w}`);
    for (const model of ['mlp', 'cnn', 'tiny'] as ModelName[]) {
      for (const key of [`loop:${model}`, model] as const) {
        const m = result[key];
        if (!m) continue;
        const t = torch.result?.[model];
        const perSecond = m.batch === 1 ? 'steps/s' : 'samples/s';
        const value = m.stepsPerSec * m.batch;
        const torchValue = t ? t.stepsPerSec * t.batch : undefined;
        const isLoop = key.startsWith('loop:');
        rows.push({
          model: MODEL_LABELS[model],
          backend: variant === 'cpu-stock' ? 'cpu (stock tfjs kernels)' : variant === 'wasm-threaded' ? 'wasm, 2 threads (NNDOCTOR_WASM_THREADS=2)' : variant,
          loop: isLoop ? `nndoctor fit loop (${m.engine ?? '?'})` : 'bare TF.js step',
          unit: perSecond,
          nndoctor: m.error ? `error: ${m.error}` : value,
          pytorch: torchValue ?? 'n/a',
          'vs PyTorch': torchValue && !m.error ? `${(value / torchValue).toFixed(3)}×` : 'n/a',
          target: isLoop && variant === 'wasm' ? '≥ 0.5×' : '',
        });
      }
    }
  }
  notes.push(`Medians of ${ROUNDS} rounds of ≥ ${BUDGET_SECONDS} s after warm-up (stock cpu CNN: one round of 3 steps).`);
  notes.push('"nndoctor fit loop" is engine/fit-epochs.ts as learning-curve and check run it (8 batches of rows, seeded shuffling every epoch, softmax + sparse cross-entropy, SGD 0.01): small dense models train on its plain-JS dense path (rows × parameters ≤ 200k), the rest on TF.js. The target is judged on these rows with the default backend (wasm).');
  notes.push('"bare TF.js step" is optimizer.minimize in tf.tidy on a tf.layers model with data uploaded once: what TF.js itself can do per step, kept for comparison.');
  notes.push('Numbers are noisy when other processes share the cores; rerun on an idle machine before quoting them.');
  return { title: 'Training throughput (TF.js backends vs PyTorch)', rows, notes };
}

if (process.env[VARIANT_ENV]) {
  const variant = process.env[VARIANT_ENV] as Variant;
  const result = await measureVariant(variant);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
