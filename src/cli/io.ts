/** Where output goes: the report to stdout or --output, progress to stderr only on a TTY; colour conventions. */
import { writeFileSync } from 'node:fs';
import { InputError } from '../errors.js';

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  env: NodeJS.ProcessEnv;
}

let stdoutGuarded = false;
let stdoutFailed = false;

/**
 * A report that cannot be written to stdout (a full disk behind `> file`, a closed pipe) must not end in Node's
 * unhandled-error stack. A closed pipe means the reader has gone: nothing to say, the exit code stands. Any other
 * failure is one line and exit 2: main returns 2 when the failure came first (stdoutFailedEarlier), and the exit
 * code is set here when the failure is reported after main returned (Node reports write errors on a later tick).
 */
function guardStdout(): void {
  if (stdoutGuarded) return;
  stdoutGuarded = true;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || stdoutFailed) return;
    stdoutFailed = true;
    process.stderr.write(`nndoctor: cannot write the report to standard output (${error.code ?? error.message}). Fix: free space on its disk, or write the report with --output FILE\n`);
    process.exitCode = 2;
  });
}

/** Whether writing the report to stdout has already failed (not a closed pipe). */
export function stdoutFailedEarlier(): boolean {
  return stdoutFailed;
}

export function processIo(): Io {
  guardStdout();
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    env: process.env,
  };
}

/** NO_COLOR (any non-empty value) wins, then FORCE_COLOR (0/false disables), then whether stdout is a TTY. */
export function useColor(io: Io, toFile: boolean): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined) return !(force === '0' || force === 'false');
  return !toFile && io.stdoutIsTTY;
}

export function writeReport(io: Io, text: string, output: string | undefined): void {
  if (output === undefined) {
    io.stdout(text);
    return;
  }
  try {
    writeFileSync(output, text);
  } catch (error) {
    throw new InputError(`cannot write the report (${(error as NodeJS.ErrnoException).code ?? 'write error'})`, { file: output }, 'pick a writable --output path');
  }
}

/** A progress sink for long work: a single rewritten line on a TTY stderr, nothing otherwise. */
export function progressFor(io: Io, quiet: boolean): ((message: string) => void) | undefined {
  if (!io.stderrIsTTY || quiet) return undefined;
  return (message) => io.stderr(`\r\x1b[2K${message}`);
}
