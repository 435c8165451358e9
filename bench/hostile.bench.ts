/**
 * class-balance memory and scaling on large generated CSVs: 256 MB and 1 GB always, 5 GB with BENCH_HUGE=1.
 * Each size is timed through the built binary with peak RSS (GNU time, else /proc sampling); a linear scan shows
 * as a constant time per GB and a flat RSS. Files go to bench/out/ (gitignored) and are deleted afterwards.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeBigCsv } from '../scripts/fixtures/bad.js';
import type { BenchSection } from './run.js';

const here = dirname(fileURLToPath(import.meta.url));
const BIN = join(here, '..', 'bin', 'nndoctor.js');
const GB = 1024 ** 3;
const RUNS = 3;

interface Measured {
  seconds: number;
  peakMb: number;
  code: number | null;
  /** Rows the report says it counted (null when the report could not be read). */
  counted: number | null;
}

function countedRows(stdout: string): number | null {
  try {
    return (JSON.parse(stdout) as { experiments: Array<{ checks: Array<{ data: { train?: { rows?: number } } }> }> }).experiments[0]?.checks[0]?.data.train?.rows ?? null;
  } catch {
    return null;
  }
}

async function measure(file: string): Promise<Measured> {
  const args = [BIN, 'class-balance', '--data', file, '--format', 'json'];
  if (existsSync('/usr/bin/time')) {
    const started = performance.now();
    const result = spawnSync('/usr/bin/time', ['-f', 'PEAK_KB=%M', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const kb = Number(/PEAK_KB=(\d+)/.exec(result.stderr)?.[1] ?? 0);
    return { seconds: (performance.now() - started) / 1000, peakMb: kb / 1024, code: result.status, counted: countedRows(result.stdout) };
  }
  const started = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  let kb = 0;
  const timer = setInterval(() => {
    try {
      kb = Math.max(kb, Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0));
    } catch {
      // ended between samples
    }
  }, 20);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(timer);
  return { seconds: (performance.now() - started) / 1000, peakMb: kb / 1024, code, counted: countedRows(stdout) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export async function bench(): Promise<BenchSection> {
  const huge = process.env.BENCH_HUGE === '1';
  const sizes = [0.25 * GB, 1 * GB, ...(huge ? [5 * GB] : [])];
  const outDir = join(here, 'out');
  mkdirSync(outDir, { recursive: true });
  const rows: BenchSection['rows'] = [];
  const notes: string[] = [];
  let perGbAtSmallest = 0;
  // The fixed cost (node start-up, module loading) is measured on a 3-row file and taken out of "s per GB".
  const tiny = join(outDir, 'hostile-tiny.csv');
  writeFileSync(tiny, 'a,b,label\n1,2,0\n3,4,1\n5,6,1\n');
  const startupRuns: number[] = [];
  for (let i = 0; i < RUNS; i++) startupRuns.push((await measure(tiny)).seconds);
  const startup = median(startupRuns);
  rmSync(tiny, { force: true });
  for (const bytes of sizes) {
    const file = join(outDir, `hostile-${Math.round(bytes / 1024 ** 2)}mb.csv`);
    try {
      const dataRows = writeBigCsv(file, bytes);
      const actualGb = statSync(file).size / GB;
      const runs: Measured[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await measure(file));
      const seconds = median(runs.map((r) => r.seconds));
      const peakMb = Math.max(...runs.map((r) => r.peakMb));
      const perGb = Math.max(seconds - startup, 0) / actualGb;
      if (perGbAtSmallest === 0) perGbAtSmallest = perGb;
      rows.push({
        file: `${actualGb.toFixed(2)} GB`,
        rows: dataRows,
        'all rows counted': runs.every((r) => r.counted === dataRows) ? 'yes' : `NO (${runs.map((r) => r.counted).join('/')})`,
        'median s': seconds,
        's per GB (minus start-up)': perGb,
        'vs smallest (s/GB)': perGb / perGbAtSmallest,
        'peak RSS MB': peakMb,
        'under 100 MB': peakMb < 100 ? 'yes' : 'NO',
        exit: runs.map((r) => r.code).join('/'),
      });
    } finally {
      rmSync(file, { force: true });
    }
  }
  notes.push(`start-up (a 3-row file): ${startup.toFixed(2)} s, subtracted before dividing by the size`);
  notes.push(`median of ${RUNS} runs of \`nndoctor class-balance --data FILE --format json\` per size; exit 1 is expected (the label is skewed on purpose, so class-imbalance fails)`);
  notes.push('linear scaling shows as a constant "s per GB" (ratio ≈ 1 to the smallest file) and a peak RSS that does not grow with the file');
  if (!huge) notes.push('the 5 GB run is opt-in: BENCH_HUGE=1 npm run bench -- hostile (needs ~5 GB free in bench/out/)');
  return { title: 'class-balance memory and scaling (hostile.bench.ts)', rows, notes };
}
