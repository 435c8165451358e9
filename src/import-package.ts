/**
 * import() of the packages nndoctor loads on first use and keeps out of the bundled CLI (h5wasm is ES-module-only;
 * vega and resvg are large). The bundled CLI runs as a vm script compiled from V8's code cache, and Node 20 loses
 * such a script's import() callback (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING), so bin/load-cli.js lends its own
 * import() under a global symbol; everywhere else (library, module-per-file build, tests) this is plain import().
 */
type Imported = {
  h5wasm: typeof import('h5wasm');
  vega: typeof import('vega');
  'vega-lite': typeof import('vega-lite');
  '@resvg/resvg-js': typeof import('@resvg/resvg-js');
};

const LOADER_IMPORT = Symbol.for('nndoctor.import');

export function importPackage<Name extends keyof Imported>(name: Name): Promise<Imported[Name]> {
  const loaderImport = (globalThis as Record<symbol, ((name: string) => Promise<unknown>) | undefined>)[LOADER_IMPORT];
  return (loaderImport ? loaderImport(name) : import(name)) as Promise<Imported[Name]>;
}
