#!/usr/bin/env node
import { loadMain } from './load-cli.js';
const main = await loadMain();
process.exitCode = await main(process.argv);
