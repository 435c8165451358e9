/** Spawns the built binary (dist/ must be built: `npm test` builds first) from the repository root. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], options: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {}): CliResult {
  const env: Record<string, string> = { ...process.env as Record<string, string>, ...(options.env ?? {}) };
  // Tests must not depend on the developer's terminal settings unless they set them.
  if (!options.env || !('FORCE_COLOR' in options.env)) delete env.FORCE_COLOR;
  if (!options.env || !('NO_COLOR' in options.env)) delete env.NO_COLOR;
  const result = spawnSync(process.execPath, [`${ROOT}bin/nndoctor.js`, ...args], {
    cwd: options.cwd ?? ROOT,
    env,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 120_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** attw-style snapshot: the command, its stdout and its exit code in one file (UPDATE_SNAPSHOTS=1 rewrites it). */
export function snapshot(name: string, args: string[]): void {
  const { code, stdout } = runCli(args);
  const actual = `$ nndoctor ${args.join(' ')}\n${stdout}exit code: ${code}\n`;
  const file = `${ROOT}fixtures/snapshots/cli/${name}.txt`;
  if (process.env.UPDATE_SNAPSHOTS === '1' || !existsSync(file)) writeFileSync(file, actual);
  assert.equal(actual, readFileSync(file, 'utf8'));
}

/** Exactly one line on stderr, matching `pattern`, and no stack trace. */
export function assertOneLineError(stderr: string, pattern: RegExp): void {
  const lines = stderr.trim().split('\n');
  assert.equal(lines.length, 1, `expected one line on stderr, got:\n${stderr}`);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
}
