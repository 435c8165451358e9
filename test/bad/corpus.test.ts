/**
 * The hostile-input corpus (fixtures/bad/cases.json) through the built binary: every broken input ends in its
 * expected exit code with one stderr line naming the file and row/column or key, no stack trace, a clean stdout,
 * no hang, and no input file changed.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { BAD_ROOT, hashTree, writeGeneratedCorpus } from '../../scripts/fixtures/bad.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'nndoctor.js');
/** A run longer than this is a hang (the slowest case, a 1 MB header, takes about 1 s of CPU; the margin covers a loaded CI machine). */
const HANG_MS = 120_000;

interface Case {
  name: string;
  args: string[];
  stderrMatch: string;
  exitCode: number;
  stdout: 'empty' | 'json' | 'any';
  requires?: string;
  note?: string;
}

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  hung: boolean;
  ms: number;
  modified: string[];
}

const ONLY = process.env.CORPUS_ONLY ? new RegExp(process.env.CORPUS_ONLY) : null;
const { cases: allCases } = JSON.parse(readFileSync(join(BAD_ROOT, 'cases.json'), 'utf8')) as { cases: Case[] };
/** CORPUS_ONLY=regex runs the matching rows only (for debugging one input). */
const cases = ONLY ? allCases.filter((c) => ONLY.test(c.name)) : allCases;

function changed(before: Map<string, string>, after: Map<string, string>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((k) => before.get(k) !== after.get(k));
}

/**
 * A private copy of the corpus (committed files + freshly generated gen/) in the temp folder, so runs never touch
 * the repository and two test runs cannot trip over each other.
 */
const WORK = mkdtempSync(join(tmpdir(), 'nndoctor-bad-'));

/** The files a case names (paths that exist in the working copy). */
function inputsOf(testCase: Case): string[] {
  return testCase.args.map((a) => join(WORK, a)).filter((p) => existsSync(p) && p.startsWith(WORK + '/'));
}

function run(testCase: Case): Promise<Outcome> {
  const inputs = inputsOf(testCase);
  const hashesBefore = inputs.map((p) => hashTree(p));
  const env = { ...process.env };
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  delete env.NNDOCTOR_TEST_CRASH;
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...testCase.args], { cwd: WORK, env });
    let stdout = '';
    let stderr = '';
    let hung = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, HANG_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const modified = inputs.flatMap((p, i) => changed(hashesBefore[i]!, hashTree(p)).map((k) => join(relative(WORK, p), k)));
      resolve({ code, signal, stdout, stderr, hung, ms: Date.now() - started, modified });
    });
  });
}

async function runPool<T, R>(items: T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  }));
  return results;
}

function registeredCommands(): Set<string> {
  const help = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' }).stdout;
  const commands = help.split('Commands:')[1] ?? '';
  return new Set([...commands.matchAll(/^\s{2}([a-z][a-z-]*)/gm)].map((m) => m[1]!));
}

after(() => rmSync(WORK, { recursive: true, force: true }));

describe('hostile-input corpus through the built binary', () => {
  const outcomes = new Map<string, Outcome>();
  let available = new Set<string>();
  let treeBefore = new Map<string, string>();

  before(async () => {
    if (!existsSync(join(ROOT, 'dist', 'src', 'cli', 'main.js'))) spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'inherit' });
    cpSync(BAD_ROOT, WORK, { recursive: true, filter: (src) => !src.startsWith(join(BAD_ROOT, 'gen')) });
    writeGeneratedCorpus(WORK);
    available = registeredCommands();
    treeBefore = hashTree(WORK);
    const runnable = cases.filter((c) => !c.requires || available.has(c.requires));
    const results = await runPool(runnable, 2, run);
    runnable.forEach((c, i) => outcomes.set(c.name, results[i]!));
  });

  it('has at least 60 inputs, each named once', () => {
    assert.ok(allCases.length >= 60, `${allCases.length} cases`);
    assert.equal(new Set(allCases.map((c) => c.name)).size, allCases.length);
  });

  for (const testCase of cases) {
    it(testCase.name, (t) => {
      if (testCase.requires && !available.has(testCase.requires)) {
        t.skip(`needs the ${testCase.requires} command`);
        return;
      }
      const outcome = outcomes.get(testCase.name)!;
      const shown = `nndoctor ${testCase.args.join(' ')}\n--- stderr ---\n${outcome.stderr}--- stdout (start) ---\n${outcome.stdout.slice(0, 400)}`;
      assert.equal(outcome.hung, false, `hung: ${shown}`);
      assert.equal(outcome.code, testCase.exitCode, shown);
      assert.match(outcome.stderr, new RegExp(testCase.stderrMatch), shown);
      assert.doesNotMatch(outcome.stderr, /crashed while running/, shown);
      if (testCase.note === 'debug') {
        assert.match(outcome.stderr, /\n\s+at /, `--debug shows the stack: ${shown}`);
      } else {
        assert.doesNotMatch(outcome.stderr, /^\s+at /m, `no stack trace: ${shown}`);
        if (testCase.exitCode === 2) assert.equal(outcome.stderr.trimEnd().split('\n').length, 1, `one stderr line: ${shown}`);
        else assert.equal(outcome.stderr, '', shown);
      }
      if (testCase.stdout === 'empty') assert.equal(outcome.stdout, '', shown);
      if (testCase.stdout === 'json') {
        const report = JSON.parse(outcome.stdout) as { schemaVersion: number; status: string };
        assert.equal(report.schemaVersion, 1);
        if (testCase.exitCode === 2) assert.equal(report.status, 'error');
      }
      assert.deepEqual(outcome.modified, [], 'inputs unchanged');
    });
  }

  it('leaves every corpus file unchanged and reports the counts', () => {
    const modified = changed(treeBefore, hashTree(WORK));
    assert.deepEqual(modified, []);
    const ran = [...outcomes.values()];
    const clean = cases.filter((c) => outcomes.has(c.name) && c.exitCode === 2 && outcomes.get(c.name)!.code === 2 && outcomes.get(c.name)!.stderr.trimEnd().split('\n').length === (c.note === 'debug' ? outcomes.get(c.name)!.stderr.trimEnd().split('\n').length : 1));
    const crashes = ran.filter((o) => o.code === 3 || o.signal !== null).length;
    const hangs = ran.filter((o) => o.hung).length;
    const summary = `corpus: ${ran.length} inputs tried (${cases.length - ran.length} skipped: command not registered), ${clean.length} exit-2 clean errors, ${crashes} crashes, ${hangs} hangs, ${modified.length} inputs modified`;
    const slowest = [...outcomes.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 5).map(([name, o]) => `${name} ${o.ms} ms`);
    process.stderr.write(`${summary}\nslowest: ${slowest.join('; ')}\n`);
    assert.equal(crashes, 0, summary);
    assert.equal(hangs, 0, summary);
  });
});
