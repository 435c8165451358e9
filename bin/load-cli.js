/**
 * Finds the CLI's `main`. `npm run build` writes the compiled modules (dist/src, also the library API) and, from
 * them, one bundled file for the command line (dist/cli/main.cjs, scripts/bundle-cli.ts) with a V8 code cache next
 * to it. Loading the bundle with its cache skips resolving, reading and compiling ~80 modules one by one:
 * `class-balance` on a 3-row file takes ~185 ms instead of ~240 ms on the 2-core bench machine (Node alone: ~120 ms),
 * and 0.41 s instead of 0.50 s on a 1 GB CSV (`npm run bench -- class-balance`).
 *
 * NNDOCTOR_NO_BUNDLE=1 runs the module-per-file build instead (start-up tests trace which modules a command loads;
 * stack traces then name the source files).
 */
const Module = require('node:module');
const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const vm = require('node:vm');

const bundle = join(__dirname, '..', 'dist', 'cli', 'main.cjs');
const codeCache = `${bundle}.cache`;
// The first line of the code cache: the bundle it was made from (see readCodeCache).
const cacheHeader = Buffer.from(`${JSON.stringify({ file: bundle })}\n`);

/**
 * The code cache as written by `writeCodeCache`: a first line naming the bundle it was made from, then V8's data.
 * V8 keeps the file name it compiled the script under inside the cache, so a cache made in another directory (a
 * packed or copied install) would make stack traces name the build machine's files: it is not used then.
 */
function readCodeCache(cache) {
  if (!cache || !existsSync(cache)) return undefined;
  const bytes = readFileSync(cache);
  return bytes.subarray(0, cacheHeader.length).equals(cacheHeader) ? bytes.subarray(cacheHeader.length) : undefined;
}

/** Saves the code cache of `script` (compiled by loadBundle) for this bundle path. */
function writeCodeCache(script) {
  writeFileSync(codeCache, Buffer.concat([cacheHeader, script.createCachedData()]));
}

/** The bundle's exports and the compiled script (the build asks it for the code cache after a run). */
function loadBundle(cache = codeCache) {
  // The build checks that the bundle is pure ASCII, so latin1 is an exact and much faster decode than UTF-8.
  const source = readFileSync(bundle, 'latin1');
  const cachedData = readCodeCache(cache);
  // A cache from another Node or V8 version is rejected by V8 and the script is compiled as usual.
  const script = new vm.Script(Module.wrap(source), { filename: bundle, cachedData });
  // The script cannot import() (src/import-package.ts): it borrows this module's, which resolves from the same package.
  globalThis[Symbol.for('nndoctor.import')] = (name) => import(name);
  const bundled = { exports: {} };
  script.runInThisContext()(bundled.exports, Module.createRequire(bundle), bundled, bundle, dirname(bundle));
  return { exports: bundled.exports, script };
}

async function loadMain() {
  if (process.env.NNDOCTOR_NO_BUNDLE !== '1' && existsSync(bundle)) return loadBundle().exports.main;
  return (await import('../dist/src/cli/main.js')).main;
}

module.exports = { loadBundle, loadMain, writeCodeCache };
