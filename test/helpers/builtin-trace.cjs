/**
 * `node --require ./test/helpers/builtin-trace.cjs …` writes, when the process exits, the Node built-in modules it
 * loaded (internal ones too: process.moduleLoadList) to the file named by NNDOCTOR_BUILTIN_TRACE.
 */
const { writeFileSync } = require('node:fs');

process.on('exit', () => {
  const builtins = process.moduleLoadList.filter((entry) => entry.startsWith('NativeModule ')).map((entry) => entry.slice('NativeModule '.length));
  writeFileSync(process.env.NNDOCTOR_BUILTIN_TRACE, `${builtins.join('\n')}\n`);
});
