/** Where output goes: the report to stdout or --output, progress to stderr only on a TTY; colour conventions. */
import { fstatSync, statSync, writeFileSync, writeSync } from 'node:fs';
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
let stdoutClosed = false;

/**
 * Names a write failure on stdout: a closed pipe means the reader has gone (nothing to say, the exit code stands);
 * any other failure (a full disk behind `> file`) is one line and exit 2 — main returns 2 when the failure came
 * first (stdoutFailedEarlier), and the exit code is set here when Node reports it after main returned.
 */
function stdoutFailure(error: NodeJS.ErrnoException): void {
  if (error.code === 'EPIPE') {
    stdoutClosed = true;
    return;
  }
  if (stdoutFailed) return;
  stdoutFailed = true;
  process.stderr.write(`nndoctor: cannot write the report to standard output (${error.code ?? error.message}). Fix: free space on its disk, or write the report with --output FILE\n`);
  process.exitCode = 2;
}

/** A report that cannot be written to stdout must not end in Node's unhandled-error stack. */
function guardStdout(): void {
  if (stdoutGuarded) return;
  stdoutGuarded = true;
  process.stdout.on('error', stdoutFailure);
}

/** Whether writing the report to stdout has already failed (not a closed pipe). */
export function stdoutFailedEarlier(): boolean {
  return stdoutFailed;
}

/**
 * Whether `fd` is a file, a pipe, a socket or /dev/null, so certainly not a terminal. Asked with fstat because
 * Node's process.stdout/stderr objects cost ~5 ms to create (they load node:stream): a CI job or script, which pipes
 * or redirects the output, never pays for them. Another character device may be a terminal: Node's stream decides.
 */
function plainDescriptor(fd: number): boolean {
  try {
    const stat = fstatSync(fd);
    if (stat.isFile() || stat.isFIFO() || stat.isSocket()) return true;
    return stat.isCharacterDevice() && stat.rdev === statSync('/dev/null').rdev;
  } catch {
    return false;
  }
}

const retryDelay = new Int32Array(new SharedArrayBuffer(4));

/** Writes all of `text` to a plain fd 1, waiting out a non-blocking pipe that is full (EAGAIN). */
function writeStdoutDirectly(text: string): void {
  if (stdoutClosed || stdoutFailed) return;
  const bytes = Buffer.from(text, 'utf8');
  let done = 0;
  while (done < bytes.length) {
    try {
      done += writeSync(1, bytes, done, bytes.length - done);
    } catch (error) {
      const failure = error as NodeJS.ErrnoException;
      if (failure.code === 'EAGAIN') {
        Atomics.wait(retryDelay, 0, 0, 1);
        continue;
      }
      stdoutFailure(failure);
      return;
    }
  }
}

export function processIo(): Io {
  const stdoutPlain = plainDescriptor(1);
  if (!stdoutPlain) guardStdout();
  let stderrIsTTY: boolean | undefined;
  return {
    stdout: stdoutPlain ? writeStdoutDirectly : (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stdoutIsTTY: !stdoutPlain && process.stdout.isTTY === true,
    get stderrIsTTY() {
      stderrIsTTY ??= !plainDescriptor(2) && process.stderr.isTTY === true;
      return stderrIsTTY;
    },
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
