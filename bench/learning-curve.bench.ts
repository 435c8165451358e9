/**
 * learning-curve on digits (1797 rows, MLP 64-32-10, default sizes and 3 seeds): wall time of the CLI, next to the
 * same loop in PyTorch (same sizes, repeats and optimizer steps per run) when it is installed, as a ratio.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchSection } from './run.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const DATA = join(root, 'fixtures/datasets/digits.csv');
const MODEL = join(root, 'fixtures/experiments/lcv-healthy/model.json');

interface Point { size: number; repeats: number; steps: number }

function runNndoctor(): { wallSeconds: number; curveSeconds: number; points: Point[]; backend: string; status: string } {
  const started = performance.now();
  const child = spawnSync(process.execPath, [join(root, 'bin/nndoctor.js'), 'learning-curve', '--model', MODEL, '--data', DATA, '--format', 'json'], { encoding: 'utf8', timeout: 10 * 60_000 });
  const wallSeconds = (performance.now() - started) / 1000;
  if (child.status !== 0 && child.status !== 1) throw new Error(`nndoctor learning-curve exited ${child.status}: ${child.stderr}`);
  const report = JSON.parse(child.stdout) as { backend: string; experiments: Array<{ checks: Array<{ status: string; durationMs: number; data: { points: Point[] } }> }> };
  const check = report.experiments[0]!.checks[0]!;
  return { wallSeconds, curveSeconds: check.durationMs / 1000, points: check.data.points, backend: report.backend, status: check.status };
}

function runTorch(points: Point[]): { wallSeconds: number; loopSeconds: number; steps: number; version: string } | { note: string } {
  const python = '/usr/bin/python3';
  const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) return { note: `PyTorch baseline skipped: \`${python} -c "import torch"\` failed; on Debian: apt-get install python3-torch` };
  const plan = points.map((p) => ({ size: p.size, repeats: p.repeats, steps: Math.round(p.steps) }));
  const started = performance.now();
  const child = spawnSync(python, [join(here, 'learning_curve_torch.py'), JSON.stringify(plan), DATA], { encoding: 'utf8', env: { ...process.env, OMP_WAIT_POLICY: 'PASSIVE' }, timeout: 10 * 60_000 });
  const wallSeconds = (performance.now() - started) / 1000;
  if (child.status !== 0) return { note: `PyTorch baseline failed: ${child.stderr.trim().split('\n').pop()}` };
  return { wallSeconds, ...(JSON.parse(child.stdout) as { loopSeconds: number; steps: number; version: string }) };
}

export async function bench(): Promise<BenchSection> {
  const ours = runNndoctor();
  const steps = ours.points.reduce((sum, p) => sum + Math.round(p.steps) * p.repeats, 0);
  const rows: BenchSection['rows'] = [
    { tool: `nndoctor learning-curve (${ours.backend})`, 'wall s': ours.wallSeconds, 'training loop s': ours.curveSeconds, steps, 'steps/s': steps / ours.curveSeconds },
  ];
  const notes = [
    `digits.csv, MLP 64-32-10, sizes ${ours.points.map((p) => p.size).join(', ')} × ${ours.points[0]?.repeats ?? 0} seeds, batch 32, Adam 1e-3; verdict: ${ours.status} (target: < 30 s wall).`,
  ];
  const torch = runTorch(ours.points);
  if ('note' in torch) {
    notes.push(torch.note);
  } else {
    rows.push({ tool: `PyTorch ${torch.version} (2 threads)`, 'wall s': torch.wallSeconds, 'training loop s': torch.loopSeconds, steps: torch.steps, 'steps/s': torch.steps / torch.loopSeconds });
    notes.push(`nndoctor / PyTorch time, training loop: ${(ours.curveSeconds / torch.loopSeconds).toFixed(2)}×; whole process: ${(ours.wallSeconds / torch.wallSeconds).toFixed(2)}× (same sizes, repeats and optimizer steps per run; PyTorch uses OMP_WAIT_POLICY=PASSIVE).`);
  }
  return { title: 'learning-curve: digits, default sizes × 3 seeds', rows, notes };
}
