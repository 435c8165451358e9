/**
 * End-to-end guarantees through the built binary: inputs are never written, same seed ⇒ same JSON, a huge
 * declared tensor is refused before any allocation, every command honours --timeout, a bug exits 3 with where to
 * report it, and class-balance streams a large file in little memory.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { BAD_ROOT, hashTree, writeBigCsv, writeGeneratedCorpus } from '../../scripts/fixtures/bad.js';
import { readModelFiles } from '../../src/load/model-files.js';
import { InputError } from '../../src/errors.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'nndoctor.js');
const WORK = mkdtempSync(join(tmpdir(), 'nndoctor-guarantees-'));
const EXPERIMENT = join(WORK, 'exp');
after(() => rmSync(WORK, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function nndoctor(args: string[], env: Record<string, string> = {}, timeoutMs = 300_000): Promise<Run> {
  const started = Date.now();
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  delete childEnv.FORCE_COLOR;
  if (!('NNDOCTOR_TEST_CRASH' in env)) delete childEnv.NNDOCTOR_TEST_CRASH;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: WORK, env: childEnv });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** The report without the one field allowed to differ between runs. */
function withoutDurations(json: string): unknown {
  return JSON.parse(json, (key, value: unknown) => (key === 'durationMs' ? undefined : value));
}

/** Every command, on a small but real experiment (iris subset, a Dense softmax model), kept cheap to train. */
const COMMANDS: Array<{ name: string; args: string[] }> = [
  { name: 'class-balance', args: ['class-balance', 'exp'] },
  { name: 'lint-data', args: ['lint-data', 'exp'] },
  { name: 'lint-config', args: ['lint-config', 'exp'] },
  { name: 'overfit-one', args: ['overfit-one', 'exp', '--max-steps', '20', '--backend', 'cpu'] },
  { name: 'learning-curve', args: ['learning-curve', 'exp', '--sizes', '1,6', '--repeats', '1', '--epochs', '2', '--backend', 'cpu'] },
  { name: 'check', args: ['check', 'exp', '--jobs', '1', '--backend', 'cpu'] },
];

let registered = new Set<string>();

before(() => {
  if (!existsSync(join(ROOT, 'dist', 'src', 'cli', 'main.js'))) spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'inherit' });
  writeGeneratedCorpus(WORK);
  mkdirSync(EXPERIMENT);
  copyFileSync(join(WORK, 'gen', 'models', 'ok', 'model.json'), join(EXPERIMENT, 'model.json'));
  copyFileSync(join(WORK, 'gen', 'models', 'ok', 'group1-shard1of1.bin'), join(EXPERIMENT, 'group1-shard1of1.bin'));
  const iris = readFileSync(join(ROOT, 'fixtures', 'datasets', 'iris.csv'), 'utf8').trim().split('\n');
  const pick = (from: number, count: number): string[] => [0, 50, 100].flatMap((start) => iris.slice(1 + start + from, 1 + start + from + count));
  writeFileSync(join(EXPERIMENT, 'train.csv'), [iris[0], ...pick(0, 8)].join('\n') + '\n');
  writeFileSync(join(EXPERIMENT, 'test.csv'), [iris[0], ...pick(20, 4)].join('\n') + '\n');
  const help = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' }).stdout.split('Commands:')[1] ?? '';
  registered = new Set([...help.matchAll(/^\s{2}([a-z][a-z-]*)/gm)].map((m) => m[1]!));
});

describe('guarantees', () => {
  for (const command of COMMANDS) {
    it(`${command.name}: leaves its inputs unchanged and gives identical JSON for the same seed`, async (t) => {
      if (!registered.has(command.name)) return t.skip(`${command.name} is not registered`);
      const before = hashTree(EXPERIMENT);
      const first = await nndoctor([...command.args, '--seed', '7', '--format', 'json']);
      const second = await nndoctor([...command.args, '--seed', '7', '--format', 'json']);
      assert.deepEqual(hashTree(EXPERIMENT), before, 'inputs unchanged');
      assert.ok(first.code !== null && first.code <= 1, `${first.code}: ${first.stderr}`);
      assert.deepEqual(withoutDurations(first.stdout), withoutDurations(second.stdout));
    });

    it(`${command.name}: honours --timeout and reports error for what it could not finish`, async (t) => {
      if (!registered.has(command.name)) return t.skip(`${command.name} is not registered`);
      const run = await nndoctor([...command.args, '--timeout', '0.001', '--format', 'json']);
      assert.equal(run.code, 2, run.stderr);
      const report = JSON.parse(run.stdout) as { status: string; experiments: Array<{ checks: Array<{ status: string; error?: { message: string } }> }> };
      assert.equal(report.status, 'error');
      const errors = report.experiments.flatMap((e) => e.checks).filter((c) => c.status === 'error');
      assert.ok(errors.length > 0 && errors.every((c) => /deadline/.test(c.error!.message)), JSON.stringify(report.experiments));
      assert.match(run.stderr, /deadline/);
    });
  }

  it('overfit-one stops training at the deadline instead of running its 100000 steps', async (t) => {
    if (!registered.has('overfit-one')) return t.skip('overfit-one is not registered');
    // A learning rate of 1e-12 keeps the loss flat, so every fit would run to --max-steps (3000 steps ≈ 10 s here;
    // 100000 would take minutes) unless the deadline stops it.
    const run = await nndoctor(['overfit-one', 'exp', '--max-steps', '100000', '--lr', '1e-12', '--backend', 'cpu', '--timeout', '2', '--format', 'json'], {}, 120_000);
    assert.equal(run.code, 2, run.stderr);
    assert.ok(run.ms < 60_000, `stopped after ${run.ms} ms`);
    const report = JSON.parse(run.stdout) as { experiments: Array<{ checks: Array<{ check: string; status: string; error?: { message: string } }> }> };
    const check = report.experiments[0]!.checks.find((c) => c.check === 'overfit-one')!;
    assert.equal(check.status, 'error');
    assert.match(check.error!.message, /deadline/);
  });

  it('refuses a model that declares a 1 GiB tensor before allocating it', () => {
    const model = join(WORK, 'gen', 'models', 'huge-under-cap', 'model.json');
    const RealUint8Array = globalThis.Uint8Array;
    let largest = 0;
    // Record every typed-array allocation the loader asks for while it validates the manifest.
    globalThis.Uint8Array = new Proxy(RealUint8Array, {
      construct(target, args: unknown[]) {
        if (typeof args[0] === 'number') largest = Math.max(largest, args[0]);
        return Reflect.construct(target, args) as object;
      },
    });
    try {
      assert.throws(() => readModelFiles(model), (error: unknown) => error instanceof InputError && /declare 1073741824/.test(error.message));
    } finally {
      globalThis.Uint8Array = RealUint8Array;
    }
    assert.ok(largest < 1024 * 1024, `largest allocation ${largest} bytes`);
  });

  it('refuses [1e9, 1e9] through the binary at once, with one line', async () => {
    const run = await nndoctor(['class-balance', '--model', 'gen/models/huge-shape', '--data', join(BAD_ROOT, 'csv', 'ok4.csv')]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /declares shape \[1000000000,1000000000\]/);
    assert.equal(run.stderr.trimEnd().split('\n').length, 1);
    assert.equal(run.stdout, '');
  });

  it('exits 3 on a bug, naming the version, what was running and where to report it', async () => {
    const run = await nndoctor(['class-balance', '--data', join(BAD_ROOT, 'csv', 'ok.csv')], { NNDOCTOR_TEST_CRASH: '1' });
    const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    assert.equal(run.code, 3);
    assert.match(run.stderr, new RegExp(`nndoctor ${version.replace(/\./g, '\\.')} crashed while running "class-balance"`));
    assert.match(run.stderr, /please report it at https:\/\/\S+/);
    // The bundled CLI is one file of long lines: its frames are mapped to the TypeScript source through the map.
    assert.match(run.stderr, /\n\s+at main \(\S*\/src\/cli\/main\.ts:\d+:\d+\)/);
    assert.doesNotMatch(run.stderr, /dist\/cli\/main\.cjs/);
    assert.equal(run.stdout, '');
  });

  it('class-balance streams a ~150 MB CSV in under 100 MB of RSS', async () => {
    const big = join(WORK, 'big.csv');
    const rows = writeBigCsv(big, 150 * 1024 * 1024);
    assert.ok(statSync(big).size > 140 * 1024 * 1024);
    const peak = await peakRssOf(['class-balance', '--data', big, '--format', 'json']);
    rmSync(big);
    assert.equal(peak.run.code, 1, peak.run.stderr); // the label is skewed on purpose: class-imbalance fails
    const report = JSON.parse(peak.run.stdout) as { experiments: Array<{ checks: Array<{ data: { train: { rows: number } } }> }> };
    assert.equal(report.experiments[0]!.checks[0]!.data.train.rows, rows);
    assert.ok(peak.kb > 0, 'peak RSS measured');
    assert.ok(peak.kb < 100 * 1024, `peak RSS ${Math.round(peak.kb / 1024)} MB`);
  });
});

/** Peak RSS (KB) of a run: GNU time when installed, else VmHWM sampled from /proc while the process lives. */
async function peakRssOf(args: string[]): Promise<{ run: Run; kb: number }> {
  if (existsSync('/usr/bin/time')) {
    const started = Date.now();
    const result = spawnSync('/usr/bin/time', ['-f', 'NNDOCTOR_PEAK_KB=%M', process.execPath, BIN, ...args], { cwd: WORK, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const match = /NNDOCTOR_PEAK_KB=(\d+)/.exec(result.stderr);
    return { run: { code: result.status, stdout: result.stdout, stderr: result.stderr.replace(/NNDOCTOR_PEAK_KB=\d+\n?/, ''), ms: Date.now() - started }, kb: match ? Number(match[1]) : 0 };
  }
  const started = Date.now();
  const child = spawn(process.execPath, [BIN, ...args], { cwd: WORK });
  let kb = 0;
  const sample = setInterval(() => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      kb = Math.max(kb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
    } catch {
      // the process has ended between samples
    }
  }, 10);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(sample);
  return { run: { code, stdout, stderr, ms: Date.now() - started }, kb };
}
