/**
 * `nndoctor class-balance` on a generated ~1 GB CSV (5M rows × 20 float features + a skewed integer label)
 * against `wc -l`, miller and pandas: medians of 7 runs, taken in turn (wall and CPU time), peak RSS, ratios, and nndoctor's own
 * start-up (a 3-row file, --version). The CSV is generated into bench/out/ (gitignored) once and reused.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import seedrandom from 'seedrandom';
import type { BenchSection } from './run.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const ROWS = 5_000_000;
const FEATURES = 20;
const RUNS = 7;
/** Label k has share ∝ 2^-k: class 0 holds half the rows, class 9 about 0.1 %. */
const CLASSES = 10;
const dataFile = join(here, 'out', `class-balance-${ROWS / 1_000_000}m.csv`);
/** Same columns, 3 rows: class-balance's own start-up (it loads more modules than --version). */
const tinyFile = join(here, 'out', 'class-balance-3-rows.csv');

/** Seeded unsigned 32-bit integers (seedrandom's alea, as everywhere else in nndoctor). */
function randomWords(seed: number): () => number {
  const random = seedrandom.alea(String(seed));
  return () => random.int32() >>> 0;
}

/** Writes the CSV byte by byte (number formatting through strings would take minutes); returns label counts. */
function generate(file: string): number[] {
  mkdirSync(dirname(file), { recursive: true });
  const random = randomWords(42);
  const counts = new Array<number>(CLASSES).fill(0);
  const fd = openSync(`${file}.partial`, 'w');
  const chunk = Buffer.allocUnsafe(8 * 1024 * 1024);
  let used = 0;
  const header = `${Array.from({ length: FEATURES }, (_, i) => `f${i}`).join(',')},label\n`;
  used += chunk.write(header, used);
  for (let row = 0; row < ROWS; row++) {
    if (used > chunk.length - 512) {
      writeSync(fd, chunk, 0, used);
      used = 0;
    }
    for (let f = 0; f < FEATURES; f++) {
      const r = random();
      // "-0.1234567" or "2.1234567": a sign, one integer digit, seven decimals.
      if (r & 1) chunk[used++] = 45;
      chunk[used++] = 48 + ((r >>> 1) % 3);
      chunk[used++] = 46;
      let digits = (r >>> 3) % 10_000_000;
      for (let d = 6; d >= 0; d--) {
        chunk[used + d] = 48 + (digits % 10);
        digits = Math.floor(digits / 10);
      }
      used += 7;
      chunk[used++] = 44;
    }
    const u = random() / 4294967296;
    let label = 0;
    while (label < CLASSES - 1 && u >= 1 - 2 ** -(label + 1)) label++;
    counts[label]! += 1;
    if (label >= 10) chunk[used++] = 48 + Math.floor(label / 10);
    chunk[used++] = 48 + (label % 10);
    chunk[used++] = 10;
  }
  writeSync(fd, chunk, 0, used);
  closeSync(fd);
  spawnSync('mv', [`${file}.partial`, file]);
  return counts;
}

interface Timed { seconds: number; cpuSeconds: number; peakRssMb: number; stdout: string; status: number | null; stderr: string }

const PYTHON = '/usr/bin/python3';
const timer = join(here, 'time_command.py');
let timerWorks: boolean | undefined;

/**
 * Runs a command and measures it. With Python, bench/time_command.py times the process from just before it
 * starts to its exit (see there why not from here); without, /usr/bin/time -v around it, timed from here.
 */
function timed(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Timed {
  timerWorks ??= spawnSync(PYTHON, [timer, '/dev/null', '/dev/null', '--', 'true'], { encoding: 'utf8' }).status === 0;
  if (timerWorks) {
    const out = join(here, 'out', 'timed-stdout.txt');
    const err = join(here, 'out', 'timed-stderr.txt');
    const child = spawnSync(PYTHON, [timer, out, err, '--', command, ...args], { cwd: root, encoding: 'utf8', env });
    if (child.status !== 0) throw new Error(`${timer} failed: ${child.stderr.trim()}`);
    const measured = JSON.parse(child.stdout) as Omit<Timed, 'stdout' | 'stderr'>;
    return { ...measured, stdout: readFileSync(out, 'utf8'), stderr: readFileSync(err, 'utf8') };
  }
  const start = performance.now();
  const child = spawnSync('/usr/bin/time', ['-v', command, ...args], { cwd: root, encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
  const seconds = (performance.now() - start) / 1000;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(child.stderr);
  const user = /User time \(seconds\): ([\d.]+)/.exec(child.stderr);
  const system = /System time \(seconds\): ([\d.]+)/.exec(child.stderr);
  const cpuSeconds = user && system ? Number(user[1]) + Number(system[1]) : NaN;
  return { seconds, cpuSeconds, peakRssMb: rss ? Number(rss[1]) / 1024 : NaN, stdout: child.stdout, status: child.status, stderr: child.stderr };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

interface Tool {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Why it cannot run here, or null. */
  missing: () => string | null;
  /** Parses the tool's output into label → count (null when it only counts lines). */
  counts: (stdout: string) => Map<string, number> | null;
  okStatus: number[];
}

function which(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
}

function tools(file: string): Tool[] {
  return [
    {
      name: 'nndoctor class-balance', command: process.execPath, args: [join(root, 'bin', 'nndoctor.js'), 'class-balance', '--data', file, '--format', 'json'],
      missing: () => (existsSync(join(root, 'dist')) ? null : 'dist/ is missing: run `npm run build` first'),
      counts: (stdout) => {
        type Check = { check: string; data?: { train?: { classes?: Array<{ label: string; count: number }> } } };
        const report = JSON.parse(stdout) as { experiments: Array<{ checks: Check[] }> };
        const classes = report.experiments.flatMap((e) => e.checks).filter((c) => c.check === 'class-balance').flatMap((c) => c.data?.train?.classes ?? []);
        return new Map(classes.map((c) => [c.label, c.count]));
      },
      // Exit 1: the generated labels really are imbalanced, so the check fails — as it should.
      okStatus: [0, 1],
    },
    {
      // Not a baseline: what the bundled CLI (bin/load-cli.js) saves against loading dist/src module by module.
      name: 'nndoctor class-balance, module per file (NNDOCTOR_NO_BUNDLE=1)', command: process.execPath, args: [join(root, 'bin', 'nndoctor.js'), 'class-balance', '--data', file, '--format', 'json'],
      env: { ...process.env, NNDOCTOR_NO_BUNDLE: '1' },
      missing: () => (existsSync(join(root, 'dist')) ? null : 'dist/ is missing'), counts: () => null, okStatus: [0, 1],
    },
    {
      // Not a baseline: class-balance's process and module start-up, without the scan.
      name: 'nndoctor class-balance, 3-row file (start-up)', command: process.execPath, args: [join(root, 'bin', 'nndoctor.js'), 'class-balance', '--data', tinyFile, '--format', 'json'],
      missing: () => (existsSync(join(root, 'dist')) ? null : 'dist/ is missing'), counts: () => null, okStatus: [0, 1],
    },
    {
      // Not a baseline: how much of nndoctor's time is process and module start-up rather than scanning.
      name: 'nndoctor --version (start-up only)', command: process.execPath, args: [join(root, 'bin', 'nndoctor.js'), '--version'],
      missing: () => (existsSync(join(root, 'dist')) ? null : 'dist/ is missing'), counts: () => null, okStatus: [0],
    },
    {
      // Not a baseline: Node's own start-up, which every nndoctor run pays before any of nndoctor's code runs.
      name: 'node -e 0 (Node start-up)', command: process.execPath, args: ['-e', '0'], missing: () => null, counts: () => null, okStatus: [0],
    },
    ...(process.env.NODE_EXTRA_CA_CERTS
      ? [{
        // Node reads NODE_EXTRA_CA_CERTS at every start, although nndoctor makes no TLS connection.
        name: 'node -e 0 without NODE_EXTRA_CA_CERTS (start-up)', command: process.execPath, args: ['-e', '0'],
        env: Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'NODE_EXTRA_CA_CERTS')),
        missing: () => null, counts: () => null, okStatus: [0],
      } satisfies Tool]
      : []),
    { name: 'wc -l', command: 'wc', args: ['-l', file], missing: () => null, counts: () => null, okStatus: [0] },
    {
      name: 'mlr count-distinct', command: 'mlr', args: ['--icsv', '--ojson', 'count-distinct', '-f', 'label', file],
      missing: () => (which('mlr') ? null : 'miller is not installed (Debian: apt-get install miller)'),
      counts: (stdout) => new Map((JSON.parse(stdout) as Array<{ label: number | string; count: number }>).map((r) => [String(r.label), r.count])),
      okStatus: [0],
    },
    {
      name: 'pandas value_counts', command: PYTHON,
      args: ['-c', "import json, sys, pandas as pd; c = pd.read_csv(sys.argv[1], usecols=['label'])['label'].value_counts(); print(json.dumps({str(k): int(v) for k, v in c.items()}))", file],
      missing: () => (spawnSync(PYTHON, ['-c', 'import pandas'], { encoding: 'utf8' }).status === 0 ? null : `pandas is not importable by ${PYTHON} (Debian: apt-get install python3-pandas)`),
      counts: (stdout) => new Map(Object.entries(JSON.parse(stdout) as Record<string, number>)),
      okStatus: [0],
    },
  ];
}

export async function bench(): Promise<BenchSection> {
  const notes: string[] = [];
  let expected: number[] | null = null;
  if (!existsSync(dataFile)) {
    const start = performance.now();
    expected = generate(dataFile);
    notes.push(`generated ${dataFile} in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  }
  const header = `${Array.from({ length: FEATURES }, (_, i) => `f${i}`).join(',')},label\n`;
  writeFileSync(tinyFile, header + ['0', '1', '1'].map((label) => `${new Array(FEATURES).fill('0.5').join(',')},${label}\n`).join(''));
  const sizeMb = statSync(dataFile).size / 1024 / 1024;
  notes.push(`${ROWS.toLocaleString('en-US')} rows × ${FEATURES} float features + a label with ${CLASSES} classes (shares ∝ 2^-k), ${sizeMb.toFixed(0)} MB, read from the page cache (one warm-up run per tool).`);
  const rows: BenchSection['rows'] = [];
  const medians = new Map<string, number>();
  let reference: Map<string, number> | null = expected ? new Map(expected.map((c, i) => [String(i), c])) : null;
  const available = tools(dataFile).filter((tool) => {
    const missing = tool.missing();
    if (missing) notes.push(`${tool.name}: skipped — ${missing}`);
    return !missing;
  });
  // One warm-up run puts the file in the page cache. The runs then go round the tools in turn, so a slow spell of
  // a shared machine slows every tool alike instead of one tool's runs.
  if (available.length > 0) timed(available[0]!.command, available[0]!.args, available[0]!.env);
  const runsOf = new Map<Tool, Timed[]>(available.map((tool) => [tool, []]));
  for (let i = 0; i < RUNS; i++) {
    for (const tool of available) runsOf.get(tool)!.push(timed(tool.command, tool.args, tool.env));
  }
  for (const tool of available) {
    const runs = runsOf.get(tool)!;
    const failed = runs.find((r) => !tool.okStatus.includes(r.status ?? -1));
    if (failed) {
      notes.push(`${tool.name}: failed with exit ${failed.status}: ${failed.stderr.trim().split('\n').filter((l) => !l.startsWith('\t')).slice(0, 3).join(' ')}`);
      continue;
    }
    let agreement = '';
    try {
      const counts = tool.counts(runs[0]!.stdout);
      if (counts) {
        if (!reference) reference = counts;
        const same = reference.size === counts.size && [...reference].every(([k, v]) => counts.get(k) === v);
        agreement = same ? 'same counts' : 'COUNTS DIFFER';
        if (!same) notes.push(`${tool.name}: counts ${JSON.stringify([...counts])} differ from ${JSON.stringify([...reference])}`);
      } else if (tool.name.includes('3-row') || tool.name.includes('NO_BUNDLE') || tool.name.startsWith('node -e')) {
        agreement = `exit ${runs[0]!.status}`;
      } else if (tool.name.includes('start-up')) {
        agreement = runs[0]!.stdout.trim();
      } else {
        const lines = Number(runs[0]!.stdout.trim().split(/\s+/)[0]);
        agreement = lines === ROWS + 1 ? `${lines.toLocaleString('en-US')} lines` : `UNEXPECTED ${lines} lines`;
      }
    } catch (error) {
      agreement = `unparsable output (${(error as Error).message})`;
    }
    const seconds = median(runs.map((r) => r.seconds));
    medians.set(tool.name, seconds);
    rows.push({
      tool: tool.name,
      'median s': seconds,
      'runs s': runs.map((r) => r.seconds.toFixed(2)).join(' / '),
      // CPU time (user + sys) varies less than wall time when other work shares the cores.
      'median CPU s': median(runs.map((r) => r.cpuSeconds)),
      'peak RSS MB': Math.max(...runs.map((r) => r.peakRssMb)),
      'MB/s': sizeMb / seconds,
      output: agreement,
    });
  }
  const ours = medians.get('nndoctor class-balance');
  if (ours !== undefined) {
    for (const row of rows) {
      const theirs = medians.get(String(row.tool))!;
      row['nndoctor ÷ tool'] = row.tool === 'nndoctor class-balance' || String(row.tool).includes('start-up') ? '' : `${(ours / theirs).toFixed(2)}×`;
    }
    const wc = medians.get('wc -l');
    const pandas = medians.get('pandas value_counts');
    const rss = Number(rows.find((r) => r.tool === 'nndoctor class-balance')!['peak RSS MB']);
    const startup = medians.get('nndoctor class-balance, 3-row file (start-up)');
    if (startup !== undefined && wc) notes.push(`without process and module start-up (${startup.toFixed(2)} s, measured on the 3-row file) class-balance takes ${(ours - startup).toFixed(2)} s: ${((ours - startup) / wc).toFixed(2)}× wc -l.`);
    const pandasTool = available.find((t) => t.name === 'pandas value_counts');
    const oursTool = available.find((t) => t.name === 'nndoctor class-balance');
    if (pandas && pandasTool && oursTool) {
      // Round by round: the runs of one round are seconds apart, so this shows how much a slow spell of the
      // machine moved the ratio of medians.
      const paired = runsOf.get(pandasTool)!.map((r, i) => r.seconds / runsOf.get(oursTool)![i]!.seconds);
      notes.push(`pandas ÷ nndoctor round by round: ${paired.map((x) => `${x.toFixed(1)}×`).join(', ')}.`);
    }
    notes.push(`target: within 2× of wc -l → ${wc ? `${(ours / wc).toFixed(2)}× (${ours / wc <= 2 ? 'met' : 'MISSED'})` : 'n/a'}; ≥ 10× faster than pandas → ${pandas ? `${(pandas / ours).toFixed(1)}× (${pandas / ours >= 10 ? 'met' : 'MISSED'})` : 'n/a'}; peak RSS < 100 MB → ${rss.toFixed(0)} MB (${rss < 100 ? 'met' : 'MISSED'}).`);
  }
  const [load1] = loadavg();
  notes.push(`Medians of ${RUNS} runs; wall time includes process start-up (Node's own: the node -e 0 rows; python + pandas import ≈ 0.3 s). ${timerWorks ? 'Wall time, CPU (user + sys) and peak RSS of each command\'s own process, taken by bench/time_command.py (so forking this bench\'s large Node process is not counted)' : 'Wall time from here around /usr/bin/time -v (which also gives peak RSS and CPU); install python3 for the tighter timer'}. Load average when done: ${load1!.toFixed(1)} on ${cpus().length} cores (a loaded machine inflates wall times).`);
  return { title: 'class-balance on a 1 GB CSV', rows, notes };
}
