#!/usr/bin/env node
// CommonJS (bin/package.json): a CommonJS entry starts ~8 ms sooner than an ES module one; see load-cli.js.
require('./load-cli.js').loadMain().then(async (main) => {
  process.exitCode = await main(process.argv);
});
