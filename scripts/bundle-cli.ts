/**
 * The second half of `npm run build` (after tsc): bundles the compiled CLI (dist/src/cli/main.js) and the `check
 * --jobs` worker into dist/cli/*.cjs, then runs the bundled CLI once on a small CSV and saves V8's code cache of it
 * (dist/cli/main.cjs.cache). bin/load-cli.js explains why; the run also proves the bundle works before any test.
 *
 * TF.js, h5wasm, vega and resvg stay outside the bundle: they are large, native or load their own files, and are
 * only loaded by the commands that need them.
 */
import { build, type Plugin } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBundle, writeCodeCache } from '../bin/load-cli.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = join(root, 'dist', 'cli');
const bundle = join(outdir, 'main.cjs');

/**
 * commander loads node:child_process at start-up (~10 ms: it pulls in net and streams) for executable subcommands,
 * which nndoctor does not have; in the bundle commander gets it on first use instead.
 */
const deferChildProcessForCommander: Plugin = {
  name: 'defer-child-process-for-commander',
  setup(builder) {
    builder.onResolve({ filter: /^node:child_process$/ }, (args) =>
      (args.importer.includes(`${sep}node_modules${sep}commander${sep}`) ? { path: 'child_process', namespace: 'deferred' } : undefined));
    builder.onLoad({ filter: /.*/, namespace: 'deferred' }, () => ({
      contents: 'module.exports = new Proxy({}, { get: (_, key) => require("node:child_process")[key] });',
      loader: 'js',
      resolveDir: root,
    }));
  },
};

rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { main: join(root, 'dist/src/cli/main.js'), 'check-worker': join(root, 'dist/src/run/check-worker.js') },
  outdir,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // Names are kept so that crash reports stay readable; whitespace and comments go (a smaller file to read and hash).
  minifyWhitespace: true,
  minifySyntax: true,
  charset: 'ascii',
  // Not linked from the bundle (nothing reads it on a normal run): crash reports map their stack through it.
  sourcemap: 'external',
  external: ['@tensorflow/*', 'h5wasm', 'vega', 'vega-lite', '@resvg/resvg-js'],
  define: { 'import.meta.url': 'importMetaUrl' },
  inject: [join(root, 'scripts/bundle-import-meta.js')],
  plugins: [deferChildProcessForCommander],
  logLevel: 'warning',
});

const source = readFileSync(bundle);
const nonAscii = source.findIndex((byte) => byte >= 0x80);
if (nonAscii !== -1) throw new Error(`${bundle}: byte ${nonAscii} is not ASCII; bin/load-cli.js reads the bundle as latin1`);
// The bundle runs as a vm script that cannot import(): the only import() left must be src/import-package.ts's fallback.
const imports = source.toString('latin1').match(/\bimport\(/g)?.length ?? 0;
if (imports !== 1) throw new Error(`${bundle}: ${imports} import() calls; import external packages through src/import-package.ts`);

// The code cache holds what the run compiled: start-up, argument parsing, the CSV scanner, rules and formatters.
const work = mkdtempSync(join(tmpdir(), 'nndoctor-build-'));
try {
  const csv = join(work, 'train.csv');
  writeFileSync(csv, 'x1,x2,label\n0.1,0.2,0\n0.3,0.4,1\n0.5,0.6,0\n0.7,0.8,1\n');
  const { exports, script } = loadBundle(null);
  const main = (exports as { main: (argv: string[], io: object) => Promise<number> }).main;
  let errors = '';
  const io = { stdout: () => undefined, stderr: (text: string) => { errors += text; }, stdoutIsTTY: false, stderrIsTTY: false, env: {} };
  for (const format of ['json', 'text']) {
    const code = await main(['node', 'nndoctor', 'class-balance', '--data', csv, '--format', format], io);
    if (code !== 0) throw new Error(`the bundled CLI exited ${code} on a balanced 4-row CSV (--format ${format}): ${errors}`);
  }
  writeCodeCache(script);
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(`bundled the CLI into ${outdir}`);
