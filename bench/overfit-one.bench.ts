/**
 * overfit-one on the digits CNN fixture (10 classes, saved + fresh starts) as a user runs it — `nndoctor
 * overfit-one <dir>` end to end — next to the same fits written in PyTorch (same rows, same saved weights, Adam,
 * Keras cross-entropy, the same per-step trace and stopping rule), in the same run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchSection } from './run.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const FIXTURE = join(root, 'fixtures/experiments/of-digits-cnn');
const ROUNDS = 3;
const PYTHON = '/usr/bin/python3';

interface NndoctorRun { wallMs: number; checkMs: number; steps: number; rows: number[]; maxSteps: number; learningRate: number; fitted: string; backend: string }
interface TorchRun { wallMs: number; fitMs: number; importMs: number; steps: number; fitted: string }

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;

function runNndoctor(): NndoctorRun {
  const started = performance.now();
  const child = spawnSync(process.execPath, [join(root, 'bin/nndoctor.js'), 'overfit-one', FIXTURE, '--format', 'json'], { encoding: 'utf8' });
  const wallMs = performance.now() - started;
  if (child.status !== 0) throw new Error(`nndoctor overfit-one exited ${child.status}: ${child.stderr.slice(0, 400)}`);
  const report = JSON.parse(child.stdout);
  const check = report.experiments[0].checks[0];
  const data = check.data;
  const perStart = data.fittedPerStart as Record<string, number>;
  return {
    wallMs, checkMs: check.durationMs, steps: data.totalSteps, rows: data.examples.map((e: { row: number }) => e.row), maxSteps: data.maxSteps,
    learningRate: data.learningRate, fitted: Object.entries(perStart).map(([s, n]) => `${s} ${n}/10`).join(', '), backend: report.backend,
  };
}

/** The same overfit-one in one process, twice: the second run has the engine started and the code warm. */
function runWarm(): { fitMs: number; steps: number } {
  const script = `
    import { overfitOne } from ${JSON.stringify(join(root, 'dist/src/index.js'))};
    await overfitOne({ dir: ${JSON.stringify(FIXTURE)} });
    const t0 = performance.now();
    const report = await overfitOne({ dir: ${JSON.stringify(FIXTURE)} });
    const ms = performance.now() - t0;
    console.log(JSON.stringify({ fitMs: ms, steps: report.experiments[0].checks[0].data.totalSteps }));`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`warm overfit-one run failed: ${child.stderr.slice(0, 400)}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!);
}

function runTorch(spec: object): TorchRun | string {
  const started = performance.now();
  const child = spawnSync(PYTHON, [join(here, 'overfit_one_torch.py'), JSON.stringify(spec), '2'], { encoding: 'utf8', env: { ...process.env, OMP_WAIT_POLICY: 'PASSIVE' } });
  const wallMs = performance.now() - started;
  if (child.status !== 0) return `PyTorch run failed: ${child.stderr.trim().split('\n').pop()}`;
  const out = JSON.parse(child.stdout);
  const fits = out.fits as Array<{ start: string; fittedAtStep: number | null }>;
  const fitted = ['saved', 'fresh'].map((s) => `${s} ${fits.filter((f) => f.start === s && f.fittedAtStep !== null).length}/10`).join(', ');
  return { wallMs, fitMs: out.fitSeconds * 1000, importMs: out.importSeconds * 1000, steps: out.totalSteps, fitted };
}

export async function bench(): Promise<BenchSection> {
  const notes: string[] = [];
  if (!existsSync(join(root, 'dist/src/cli/main.js'))) throw new Error('run `npm run build` first (the bench runs the built CLI)');
  const torchAvailable = spawnSync(PYTHON, ['-c', 'import torch'], { env: { ...process.env, OMP_WAIT_POLICY: 'PASSIVE' } }).status === 0;
  if (!torchAvailable) notes.push(`PyTorch is not importable by ${PYTHON}: the PyTorch column is skipped (apt-get install python3-torch)`);
  const ours: NndoctorRun[] = [];
  const warm: Array<{ fitMs: number; steps: number }> = [];
  const theirs: TorchRun[] = [];
  // Interleaved rounds, so both sides see the same machine load.
  for (let round = 0; round < ROUNDS; round++) {
    const run = runNndoctor();
    ours.push(run);
    warm.push(runWarm());
    if (torchAvailable) {
      const t = runTorch({ dir: FIXTURE, rows: run.rows, maxSteps: run.maxSteps, learningRate: run.learningRate, fitLoss: 0.25 });
      if (typeof t === 'string') { notes.push(t); break; }
      theirs.push(t);
    }
  }
  // "fits" for nndoctor: a second run in a warm process (engine started, models built anew, data reloaded).
  const o = { wall: median(ours.map((r) => r.wallMs)), check: median(warm.map((r) => r.fitMs)), steps: ours[0]!.steps };
  const rows: BenchSection['rows'] = [{
    tool: `nndoctor (${ours[0]!.backend})`,
    'command wall s': o.wall / 1000,
    'fits s': o.check / 1000,
    steps: o.steps,
    'steps/s (fits)': o.steps / (o.check / 1000),
    fitted: ours[0]!.fitted,
  }];
  if (theirs.length > 0) {
    const t = { wall: median(theirs.map((r) => r.wallMs)), fit: median(theirs.map((r) => r.fitMs)), steps: theirs[0]!.steps };
    rows.push({ tool: 'PyTorch (2 threads)', 'command wall s': t.wall / 1000, 'fits s': t.fit / 1000, steps: t.steps, 'steps/s (fits)': t.steps / (t.fit / 1000), fitted: theirs[0]!.fitted });
    rows.push({
      tool: 'ratio nndoctor / PyTorch',
      'command wall s': `${(o.wall / t.wall).toFixed(2)}×`,
      'fits s': `${(o.check / t.fit).toFixed(2)}×`,
      steps: '',
      'steps/s (fits)': `${((o.steps / o.check) / (t.steps / t.fit)).toFixed(2)}× the rate`,
      fitted: '',
    });
    notes.push('Fresh starts use different initialisations (TF.js vs torch RNG), so step counts differ: compare steps/s for the engine, wall s for the experience.');
  }
  notes.push(`Median of ${ROUNDS} interleaved rounds. "command wall" is the whole process (nndoctor: node start, TF.js + backend start, CSV and model loading; PyTorch: python start and import torch); "fits s" is a second overfitOne() call in a warm process (engine started; CSV, model and fits redone) vs the PyTorch fit loop. Target: nndoctor command < 3 s.`);
  return { title: 'overfit-one: digits CNN, 10 classes × (saved + fresh)', rows, notes };
}
