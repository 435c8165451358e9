/**
 * Start-up stays lazy: `--version`, `--help` and `explain` load no run machinery, and `class-balance` loads only its
 * own rules and gatherers (no other area's rules, no training engine, no TF.js, no other formatter).
 */
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { closeSync, cpSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ROOT } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'nndoctor-startup-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Project-relative paths (or package names) of the modules `nndoctor args` loads, and `require:<name>` for each
 * require(). Module by module (NNDOCTOR_NO_BUNDLE=1) unless `bundled`: which modules load is what keeps the bundled
 * CLI lazy too, since the bundle runs a module's code only when the same import would have loaded it.
 */
function modulesLoaded(args: string[], { bundled = false }: { bundled?: boolean } = {}): { code: number | null; stderr: string; modules: string[] } {
  const trace = join(dir, `trace-${bundled ? 'bundled-' : ''}${args.join('_').replace(/[^\w-]/g, '')}.txt`);
  rmSync(trace, { force: true });
  const result = spawnSync(process.execPath, ['--import', join(ROOT, 'test/helpers/module-trace.mjs'), join(ROOT, 'bin/nndoctor.js'), ...args], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, NNDOCTOR_MODULE_TRACE: trace, NNDOCTOR_NO_BUNDLE: bundled ? '0' : '1' }, timeout: 60_000,
  });
  const urls = readFileSync(trace, 'utf8').trim().split('\n');
  const modules = urls.map((url) => url.replace(`file://${ROOT}`, '').replace(/^node_modules\/((@[^/]+\/)?[^/]+)\/.*/, '$1'));
  return { code: result.status, stderr: result.stderr, modules: [...new Set(modules)] };
}

const matching = (modules: string[], pattern: RegExp): string[] => modules.filter((m) => pattern.test(m));

/** The Node built-ins (internal ones too) a json class-balance run loads, its stdout a pipe or the given fd. */
function builtinsLoaded(stdout: 'pipe' | number): { result: SpawnSyncReturns<string>; builtins: string[] } {
  const trace = join(dir, `builtins-class-balance-${stdout}.txt`);
  const result = spawnSync(process.execPath, ['--require', join(ROOT, 'test/helpers/builtin-trace.cjs'), join(ROOT, 'bin/nndoctor.js'), 'class-balance', '--data', 'examples/imbalanced-labels/train.csv', '--format', 'json'], {
    cwd: ROOT, encoding: 'utf8', stdio: ['ignore', stdout, 'pipe'], env: { ...process.env, NNDOCTOR_BUILTIN_TRACE: trace }, timeout: 60_000,
  });
  return { result, builtins: readFileSync(trace, 'utf8').trim().split('\n') };
}
const RUN_MACHINERY = /^dist\/src\/(rules|gather|checks|run|engine|load\/(?!expand-folders))|^dist\/src\/report\/formatters\/|^(zod|csv-parse|chalk|cli-table3|cli-progress|asciichart|seedrandom|vega|vega-lite|@tensorflow\/.*|@resvg\/resvg-js|h5wasm)$/;

describe('start-up', () => {
  for (const args of [['--version'], ['--help'], ['class-balance', '--help']]) {
    it(`nndoctor ${args.join(' ')} loads no rule, gatherer, loader, formatter or engine`, () => {
      const { code, modules } = modulesLoaded(args);
      assert.equal(code, 0);
      assert.deepEqual(matching(modules, RUN_MACHINERY), []);
    });
  }

  it('explain loads the rules but not the engine, gatherers or formatters', () => {
    const { code, modules } = modulesLoaded(['explain', 'class-imbalance']);
    assert.equal(code, 0);
    assert.ok(modules.includes('dist/src/rules/class-imbalance.js'));
    assert.deepEqual(matching(modules, /^dist\/src\/(engine|run)\/|^dist\/src\/gather\/(index\.js|groups\/)|^dist\/src\/report\/formatters\/|^@tensorflow/), []);
  });

  it('class-balance loads its own rules only, no training engine, no TF.js and only the formatter it prints with', () => {
    const { code, modules } = modulesLoaded(['class-balance', '--data', 'examples/imbalanced-labels/train.csv', '--format', 'json']);
    assert.equal(code, 1, 'the example really is imbalanced');
    assert.deepEqual(matching(modules, /^dist\/src\/rules\/[a-z-]+\.js$/).filter((m) => !/\/(define-rule|rule-ids)\.js$/.test(m)).sort(), [
      'dist/src/rules/class-imbalance.js', 'dist/src/rules/label-out-of-range.js', 'dist/src/rules/label-shift.js', 'dist/src/rules/missing-class.js',
    ]);
    assert.deepEqual(matching(modules, /^dist\/src\/(engine|gather\/groups)\/|^dist\/src\/rules\/index\.js$|^dist\/src\/gather\/index\.js$|^@tensorflow|^(vega|vega-lite|@resvg\/resvg-js|h5wasm|seedrandom|chalk|cli-table3)$/), []);
    assert.deepEqual(matching(modules, /^dist\/src\/report\/formatters\//), ['dist/src/report/formatters/json.js']);
  });

  it('the bundled CLI (the default) runs class-balance without loading a dist/src module, TF.js or any other large package', () => {
    const { code, modules } = modulesLoaded(['class-balance', '--data', 'examples/imbalanced-labels/train.csv', '--format', 'json'], { bundled: true });
    assert.equal(code, 1, 'the example really is imbalanced');
    assert.deepEqual(matching(modules, /^dist\/src\//), []);
    assert.ok(modules.includes('require:./load-cli.js'), 'the trace sees the loader');
    assert.deepEqual(matching(modules, /^require:(?!node:|[a-z_]+$|\.\/load-cli\.js$|\/.*\/bin\/nndoctor\.js$)/), [], 'only Node built-ins are required');
  });

  it('class-balance piped into a script or CI job loads no stream, worker or perf_hooks machinery (each costs milliseconds of start-up)', () => {
    const { result, builtins } = builtinsLoaded('pipe');
    assert.equal(result.status, 1, 'the example really is imbalanced');
    assert.equal(JSON.parse(result.stdout).status, 'fail', 'the report arrives whole through the pipe');
    assert.ok(builtins.includes('fs'), 'the trace sees the built-ins');
    assert.deepEqual(builtins.filter((name) => /^(stream|net|tty|worker_threads|perf_hooks|internal\/fs\/sync_write_stream)$/.test(name)), []);
  });

  it('class-balance with its output thrown away (> /dev/null, as benchmark tools run it) loads no stream either', () => {
    const devNull = openSync('/dev/null', 'w');
    try {
      const { result, builtins } = builtinsLoaded(devNull);
      assert.equal(result.status, 1, result.stderr);
      assert.ok(builtins.includes('fs'), 'the trace sees the built-ins');
      assert.deepEqual(builtins.filter((name) => /^(stream|net|tty|internal\/fs\/sync_write_stream)$/.test(name)), []);
    } finally {
      closeSync(devNull);
    }
  });

  it('the bundled `check --jobs 2` hands folders to bundled workers that answer like the module build', () => {
    const folders = ['examples/healthy-iris', 'examples/imbalanced-labels'];
    const run = (noBundle: string): string => {
      const result = spawnSync(process.execPath, [join(ROOT, 'bin/nndoctor.js'), 'check', ...folders, '--jobs', '2', '--format', 'json', '--seed', '7'], {
        cwd: ROOT, encoding: 'utf8', env: { ...process.env, NNDOCTOR_NO_BUNDLE: noBundle, NNDOCTOR_CHECK_WORKERS: 'only' }, timeout: 300_000,
      });
      assert.equal(result.status, 1, result.stderr);
      const report = JSON.parse(result.stdout) as { experiments: { path: string; status: string; checks: { id: string; status: string }[] }[] };
      return JSON.stringify(report.experiments.map((e) => [e.path, e.status, e.checks.map((c) => `${c.id}:${c.status}`)]));
    };
    assert.equal(run('0'), run('1'));
  });

  it('the bundle is strict code, as the ES modules it is made from', () => {
    for (const name of ['main.cjs', 'check-worker.cjs']) {
      assert.ok(readFileSync(join(ROOT, 'dist/cli', name), 'latin1').startsWith('"use strict";'), `${name} starts with its "use strict" directive`);
    }
  });

  it('a copied install ignores a code cache made elsewhere: its crash stacks name its own files', () => {
    const copy = join(dir, 'copied install');
    cpSync(join(ROOT, 'bin'), join(copy, 'bin'), { recursive: true });
    cpSync(join(ROOT, 'dist'), join(copy, 'dist'), { recursive: true });
    cpSync(join(ROOT, 'package.json'), join(copy, 'package.json'));
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
    const result = spawnSync(process.execPath, [join(copy, 'bin/nndoctor.js'), 'explain', 'dead-units'], {
      cwd: dir, encoding: 'utf8', env: { ...process.env, NNDOCTOR_TEST_CRASH: '1' }, timeout: 60_000,
    });
    assert.equal(result.status, 3);
    assert.ok(result.stderr.includes(`at main (${join(copy, 'src/cli/main.ts')}:`), result.stderr);
  });

  it('class-balance with a nndoctor.json naming another area\'s rule loads the whole registry and still validates it', () => {
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ rules: { 'unscaled-inputs': 'off' } }));
    const ok = modulesLoaded(['class-balance', '--data', 'examples/imbalanced-labels/train.csv', '--format', 'json', '--config', good]);
    assert.equal(ok.code, 1);
    assert.ok(ok.modules.includes('dist/src/rules/index.js'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ rules: { 'unscaled-inputs': ['warn', { bogus: 1 }] } }));
    const refused = modulesLoaded(['class-balance', '--data', 'examples/imbalanced-labels/train.csv', '--format', 'json', '--config', bad]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /bad\.json.*unscaled-inputs/);
  });
});
