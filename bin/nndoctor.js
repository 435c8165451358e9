#!/usr/bin/env node
// CommonJS (bin/package.json): a CommonJS entry starts ~8 ms sooner than an ES module one; see load-cli.js.
// One libuv pool thread unless the user chose a size. The command line's pool work is file reads, above all
// class-balance's, which one busy thread with a queued read serves faster than four that each must be woken
// (READS_IN_FLIGHT in src/load/label-stream.ts). libuv reads the size when the pool first starts, after this line.
process.env.UV_THREADPOOL_SIZE ??= '1';
require('./load-cli.js').loadMain().then(async (main) => {
  process.exitCode = await main(process.argv);
});
