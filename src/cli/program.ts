/** The commander program: subcommands, exitOverride, output routed through Io (so tests can capture it). */
import { Command } from 'commander';
import { VERSION } from '../version.js';
import type { Io } from './io.js';
import { classBalanceCommand } from './commands/class-balance.js';
import { checkCommand } from './commands/check.js';
import { explainCommand } from './commands/explain.js';
import { lintConfigCommand } from './commands/lint-config.js';
import { lintDataCommand } from './commands/lint-data.js';
import { learningCurveCommand } from './commands/learning-curve.js';
import { overfitOneCommand } from './commands/overfit-one.js';

export interface CommandContext {
  io: Io;
  /** Set by the command's action; main returns it. */
  exitCode: number;
}

export const COMMAND_FACTORIES: Array<(context: CommandContext) => Command> = [checkCommand, classBalanceCommand, lintConfigCommand, lintDataCommand, overfitOneCommand, learningCurveCommand, explainCommand];

/** Usage errors stay on one line (commander puts its "Did you mean" suggestion on a second one). */
function oneLineError(message: string, write: (s: string) => void): void {
  write(`${message.trimEnd().replace(/\s*\n\s*/g, ' ')}\n`);
}

export function buildProgram(context: CommandContext): Command {
  const program = new Command('nndoctor')
    .description('Finds out why a neural network misbehaves — "it always predicts the same class" — and reports pass/fail.')
    .version(VERSION, '-V, --version')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeOut: (s) => context.io.stdout(s), writeErr: (s) => context.io.stderr(s), outputError: oneLineError });
  for (const factory of COMMAND_FACTORIES) {
    const command = factory(context);
    // A second folder given to a one-folder command is an error, not silently ignored (commander 12 allows it).
    command.exitOverride().configureOutput({ writeOut: (s) => context.io.stdout(s), writeErr: (s) => context.io.stderr(s), outputError: oneLineError }).showSuggestionAfterError(true).allowExcessArguments(false);
    program.addCommand(command);
  }
  return program;
}
