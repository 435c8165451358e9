/** CLI entry: parses argv, runs the command, maps every error to an exit code. The only top-level catch. */
import { CommanderError } from 'commander';
import { InputError, printable, UsageError } from '../errors.js';
import { REPORT_BUGS_AT, VERSION } from '../version.js';
import { ExitCode } from './exit-code.js';
import { processIo, stdoutFailedEarlier, type Io } from './io.js';
import { buildProgram, type CommandContext } from './program.js';
import { sourceMappedStack } from './source-mapped-stack.js';

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const context: CommandContext = { io, exitCode: ExitCode.ok };
  const debug = argv.includes('--debug');
  const program = buildProgram(context);
  if (argv.length <= 2) {
    io.stdout(program.helpInformation());
    return ExitCode.ok;
  }
  try {
    // Test-only hook (test/bad/guarantees.test.ts): simulates a bug so the crash path (exit 3) can be tested end to end.
    if (io.env.NNDOCTOR_TEST_CRASH === '1') throw new Error('simulated crash (NNDOCTOR_TEST_CRASH=1 is for tests only)');
    await program.parseAsync(argv);
    return stdoutFailedEarlier() ? ExitCode.badInput : context.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return ExitCode.ok;
      // commander has already printed its one-line message to stderr.
      return ExitCode.badInput;
    }
    if (error instanceof InputError) {
      io.stderr(`nndoctor: ${error.toLine()}\n`);
      if (debug) io.stderr(`${sourceMappedStack(error.stack ?? '')}\n`);
      return ExitCode.badInput;
    }
    if (error instanceof UsageError) {
      io.stderr(`nndoctor: ${printable(error.message)}\n`);
      if (debug) io.stderr(`${sourceMappedStack(error.stack ?? '')}\n`);
      return ExitCode.badInput;
    }
    const err = error instanceof Error ? error : new Error(String(error));
    const command = argv.slice(2).find((a) => !a.startsWith('-')) ?? '(no command)';
    io.stderr(`nndoctor ${VERSION} crashed while running "${command}": ${err.message}\n${sourceMappedStack(err.stack ?? '')}\nThis is a bug in nndoctor; please report it at ${REPORT_BUGS_AT} with the command you ran.\n`);
    return ExitCode.crashed;
  }
}
