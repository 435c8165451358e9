/**
 * `node --import ./test/helpers/module-trace.mjs …` appends the URL of every module the process loads to the file
 * named by NNDOCTOR_MODULE_TRACE (start-up tests: which modules a command pulls in).
 */
import { register } from 'node:module';

const hooks = `
import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  appendFileSync(process.env.NNDOCTOR_MODULE_TRACE, url + '\\n');
  return next(url, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
