// Injected into the bundled CLI (scripts/bundle-cli.ts): what `import.meta.url` was in the ES module build. An
// injected module, not a banner, so that the bundle's "use strict" stays the first statement.
export const importMetaUrl = require('node:url').pathToFileURL(__filename).href;
