/** Shared tail of every report command: format, write, and decide the exit code. */
import type { CheckError, Report } from '../report/types.js';
import { errorLine } from '../report/error-line.js';
import type { RunOutcome } from '../run/run-experiments.js';
import { loadFormatter } from '../report/formats.js';
import { exitCodeFor, type ExitCodeValue } from './exit-code.js';
import { useColor, writeReport, type Io } from './io.js';
import type { CommonFlags } from './options.js';
import { REPORT_BUGS_AT, VERSION } from '../version.js';
import { sourceMappedStack } from './source-mapped-stack.js';

export function filterQuiet(report: Report): Report {
  return {
    ...report,
    experiments: report.experiments.map((e) => ({ ...e, checks: e.checks.filter((c) => c.status !== 'pass' && c.status !== 'skipped') })),
  };
}

function inputErrors(report: Report): CheckError[] {
  const errors: CheckError[] = [];
  for (const experiment of report.experiments) {
    if (experiment.error) errors.push(experiment.error);
    for (const check of experiment.checks) if (check.error && !(check.error as { internal?: boolean }).internal) errors.push(check.error);
  }
  // One line per distinct problem: several checks often trip over the same bad file.
  return errors.filter((e, i) => errors.findIndex((o) => errorLine(o) === errorLine(e)) === i);
}

/**
 * Writes the report and returns the exit code. Unusable inputs are also reported as one line each on stderr;
 * a single-experiment command whose inputs were unusable prints no text report (only JSON, which scripts parse).
 */
export async function renderOutcome(io: Io, outcome: RunOutcome, flags: CommonFlags, { many = false }: { many?: boolean } = {}): Promise<ExitCodeValue> {
  const { report, crashes } = outcome;
  // Clear a progress line left on the terminal before anything else is printed.
  if (io.stderrIsTTY) io.stderr('\r\x1b[2K');
  for (const error of inputErrors(report)) io.stderr(`nndoctor: ${errorLine(error)}\n`);
  const suppress = !many && report.status === 'error' && flags.format !== 'json';
  const shown = flags.quiet && flags.format === 'text' ? filterQuiet(report) : report;
  // Only the formatter in use is loaded (start-up time: the text formatter alone pulls in chalk and cli-table3).
  const format = await loadFormatter(flags.format);
  const text = format(shown, {
    color: flags.format === 'text' && useColor(io, flags.output !== undefined),
    verbose: flags.verbose === true,
    failOnWarn: flags.failOn === 'warn',
  });
  if (!suppress) writeReport(io, text, flags.output);
  for (const crash of crashes) {
    io.stderr(`nndoctor ${VERSION} crashed while running ${crash.what} on ${crash.experiment}: ${crash.error.message}\n`);
    io.stderr(`${sourceMappedStack(crash.error.stack ?? '')}\nThis is a bug in nndoctor; please report it at ${REPORT_BUGS_AT} with the command you ran.\n`);
  }
  return exitCodeFor(report, flags.failOn, crashes.length > 0);
}
