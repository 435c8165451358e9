/** Writes docs/rules.md from the rule registry's metadata (`npm run docs`), so the docs cannot drift from the code. */
import { writeFileSync } from 'node:fs';
import { rulesMarkdown } from '../src/explain.js';

const target = new URL('../docs/rules.md', import.meta.url);
writeFileSync(target, rulesMarkdown());
console.log(`wrote ${target.pathname}`);
