/**
 * Regenerates every committed fixture and example, seeded, by running each area's script in turn
 * (`npm run fixtures`). Each script writes only its own folders.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('./fixtures/', import.meta.url));
const helpers = new Set(['save-model.ts', 'rng.ts', 'train-model.ts']);
const scripts = readdirSync(dir).filter((f) => f.endsWith('.ts') && !helpers.has(f)).sort();
for (const script of scripts) {
  process.stderr.write(`fixtures: ${script}\n`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', `${dir}${script}`], { stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write(`fixtures: ${script} failed (exit ${result.status})\n`);
    process.exitCode = 1;
  }
}
