/**
 * `node --import ./test/helpers/module-trace.mjs …` appends the URL of every ES module the process loads, and
 * `require:<name>` for every require() call, to the file named by NNDOCTOR_MODULE_TRACE (start-up tests: which
 * modules a command pulls in).
 */
import { appendFileSync } from 'node:fs';
import Module, { register } from 'node:module';

const hooks = `
import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  appendFileSync(process.env.NNDOCTOR_MODULE_TRACE, url + '\\n');
  return next(url, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);

const load = Module._load;
Module._load = function traced(request, ...rest) {
  appendFileSync(process.env.NNDOCTOR_MODULE_TRACE, `require:${request}\n`);
  return load.call(this, request, ...rest);
};
