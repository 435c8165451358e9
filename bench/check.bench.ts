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

/** Heavier experiments that train on TF.js (a CNN, dropout models, a saturated sigmoid net): seconds per folder. */
const HEAVY_TEMPLATES = [
  'fixtures/experiments/of-digits-cnn', 'fixtures/experiments/lc-high-dropout', 'fixtures/experiments/lc-clean-binary', 'fixtures/experiments/pr-saturated',
];
const HEAVY_FOLDERS = 24;

interface SetResult { rows: Array<Record<string, string | number>>; notes: string[] }

function measureSet(dir: string, label: string, templates: readonly string[], count: number): SetResult {
  const dirs = Array.from({ length: count }, (_, i) => {
    const target = join(dir, `${label}-${String(i + 1).padStart(2, '0')}`);
    cpSync(join(root, templates[i % templates.length]!), target, { recursive: true });
    return target;
  });
  const one = runCheck(dirs, 1);
  const two = runCheck(dirs, 2);
  const difference = one.report.length > 0 && two.report.length > 0 ? firstDifference(withoutTimings(one.report), withoutTimings(two.report)) : 'no report';
  const speedUp = one.ms / two.ms;
  const row = (jobs: number, r: { ms: number; cpuS: number | null; code: number | null }): Record<string, string | number> => ({
    command: `nndoctor check <${count} ${label} folders> --jobs ${jobs}`,
    'wall s': Number((r.ms / 1000).toFixed(1)),
    'per folder ms': Math.round(r.ms / count),
    'speed-up': jobs === 1 ? 1 : Number(speedUp.toFixed(2)),
    'CPU s (all processes)': r.cpuS ?? 'n/a',
    'exit code': r.code ?? -1,
  });
  const cores = one.cpuS !== null ? ` --jobs 1 itself kept ${(one.cpuS / (one.ms / 1000)).toFixed(2)} cores busy (V8's JIT and GC threads), which a second lane cannot add.` : '';
  return {
    rows: [row(1, one), row(2, two)],
    notes: [`${label}: --jobs 2 report identical to --jobs 1 apart from durationMs: ${difference === null ? 'yes' : `NO, first difference at ${difference}`}; speed-up ${speedUp.toFixed(2)}×.${cores}`],
  };
}

export async function bench(): Promise<BenchSection> {
  const dir = mkdtempSync(join(tmpdir(), 'nndoctor-bench-check-'));
  try {
    const small = measureSet(dir, 'small', TEMPLATES, FOLDERS);
    const heavy = measureSet(dir, 'heavier', HEAVY_TEMPLATES, HEAVY_FOLDERS);
    return {
      title: `check over ${FOLDERS} small folders (and ${HEAVY_FOLDERS} heavier ones): --jobs 1 vs --jobs 2`,
      rows: [...small.rows, ...heavy.rows],
      notes: [
        `small: ${TEMPLATES.length} iris/digits-sized experiments (healthy and faulty) copied round-robin; every registered check runs (quick mode). Their models train on the plain-JS dense path, tens of ms per folder.`,
        `heavier: ${HEAVY_TEMPLATES.map((t) => t.split('/').pop()).join(', ')} copied round-robin: models that train on TF.js (conv, dropout), seconds per folder.`,
        ...small.notes, ...heavy.notes,
        'With --jobs N, nndoctor checks folders in its own process, times them, and starts N − 1 worker processes once the work left exceeds 6 s (a worker takes ~1.5 s to be up to speed, competing with this process meanwhile), checking folders alongside them. Quick folders are therefore never slowed down by workers that could not pay for themselves.',
        `target speed-up on 2 cores (issue #6, on the small folders): ≥ 1.7× (measured ${(small.rows[0]!['wall s'] as number / (small.rows[1]!['wall s'] as number)).toFixed(2)}×).`,
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
