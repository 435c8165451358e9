/**
 * `nndoctor check` over 32 small experiment folders, in one run with --jobs 1 (one process) and --jobs 2 (two
 * worker processes): wall time, time per folder, speed-up, and whether both reports agree (apart from durationMs).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { BenchSection } from './run.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const FOLDERS = 32;
/** Small (iris/digits-sized) real experiments, healthy and faulty, copied round-robin into the temp dir. */
const TEMPLATES = [
  'examples/healthy-iris', 'examples/dead-relu', 'examples/softmax-one-unit',
  'fixtures/experiments/pr-healthy-iris', 'fixtures/experiments/pr-dead-relu', 'fixtures/experiments/pr-shuffled-labels',
  'fixtures/experiments/pr-test-unscaled', 'fixtures/experiments/pr-imbalanced',
];

const TIME = '/usr/bin/time';

/** Runs check once; CPU seconds (user + sys of the whole process tree) come from GNU time when it is installed. */
function runCheck(dirs: string[], jobs: number): { ms: number; cpuS: number | null; code: number | null; report: string } {
  const args = [join(root, 'bin/nndoctor.js'), 'check', ...dirs, '--format', 'json', '--jobs', String(jobs)];
  const timed = existsSync(TIME);
  const start = performance.now();
  const result = spawnSync(timed ? TIME : process.execPath, timed ? ['-f', 'NNDOCTOR_CPU %U %S', process.execPath, ...args] : args, {
    cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 30 * 60 * 1000,
  });
  const ms = performance.now() - start;
  const cpu = /NNDOCTOR_CPU ([\d.]+) ([\d.]+)/.exec(result.stderr ?? '');
  return { ms, cpuS: cpu ? Number(cpu[1]) + Number(cpu[2]) : null, code: result.status, report: result.stdout };
}

const withoutTimings = (json: string): unknown => JSON.parse(json, (key, value) => (key === 'durationMs' ? undefined : value));

/** JSON path of the first place two values differ, or null when they are equal. */
function firstDifference(a: unknown, b: unknown, path = '$'): string | null {
  if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b) || (a === null) !== (b === null)) return path;
  if (a && typeof a === 'object') {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b as object)])];
    for (const key of keys) {
      const found = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`);
      if (found) return found;
    }
    return null;
  }
  return a === b ? null : `${path} (${JSON.stringify(a)} vs ${JSON.stringify(b)})`;
}

export async function bench(): Promise<BenchSection> {
  const dir = mkdtempSync(join(tmpdir(), 'nndoctor-bench-check-'));
  try {
    const dirs = Array.from({ length: FOLDERS }, (_, i) => {
      const target = join(dir, `exp-${String(i + 1).padStart(2, '0')}`);
      cpSync(join(root, TEMPLATES[i % TEMPLATES.length]!), target, { recursive: true });
      return target;
    });
    const one = runCheck(dirs, 1);
    const two = runCheck(dirs, 2);
    const difference = one.report.length > 0 && two.report.length > 0 ? firstDifference(withoutTimings(one.report), withoutTimings(two.report)) : 'no report';
    const same = difference === null;
    const speedUp = one.ms / two.ms;
    const row = (jobs: number, r: { ms: number; cpuS: number | null; code: number | null }): Record<string, string | number> => ({
      command: `nndoctor check <${FOLDERS} folders> --jobs ${jobs}`,
      'wall s': Number((r.ms / 1000).toFixed(1)),
      'per folder ms': Math.round(r.ms / FOLDERS),
      'speed-up': jobs === 1 ? 1 : Number(speedUp.toFixed(2)),
      'CPU s (all processes)': r.cpuS ?? 'n/a',
      'exit code': r.code ?? -1,
    });
    // On an idle machine the wall time of --jobs 2 is about half its CPU time: this estimate does not depend on load.
    const idleEstimate = one.cpuS !== null && two.cpuS !== null ? one.cpuS / (two.cpuS / 2) : null;
    return {
      title: `check over ${FOLDERS} small folders: --jobs 1 vs --jobs 2`,
      rows: [row(1, one), row(2, two)],
      notes: [
        `folders: ${TEMPLATES.length} iris/digits-sized experiments (healthy and faulty) copied round-robin; every registered check runs (quick mode).`,
        `--jobs 2 report identical to --jobs 1 apart from durationMs: ${same ? 'yes' : `NO, first difference at ${difference}`}`,
        `target speed-up on 2 cores: ≥ 1.7× (measured ${speedUp.toFixed(2)}× wall; a machine busy with other work lowers it).`,
        ...(idleEstimate !== null ? [`speed-up expected on an idle 2-core machine from CPU time (jobs-1 CPU ÷ half the jobs-2 CPU): ${idleEstimate.toFixed(2)}×; per folder ${Math.round((one.cpuS! / FOLDERS) * 1000)} ms of CPU.`] : []),
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
