/** Shared tail of every report command: format, write, and decide the exit code. */
import type { Report } from '../report/types.js';
import type { RunOutcome } from '../run/run-experiments.js';
import { FORMATTERS } from '../report/formatters/index.js';
import { exitCodeFor, type ExitCodeValue } from './exit-code.js';
import { useColor, writeReport, type Io } from './io.js';
import type { CommonFlags } from './options.js';
import { REPORT_BUGS_AT, VERSION } from '../version.js';

export function filterQuiet(report: Report): Report {
  return {
    ...report,
    experiments: report.experiments.map((e) => ({ ...e, checks: e.checks.filter((c) => c.status !== 'pass' && c.status !== 'skipped') })),
  };
}

export function renderOutcome(io: Io, outcome: RunOutcome, flags: CommonFlags): ExitCodeValue {
  const { report, crashes } = outcome;
  const shown = flags.quiet && flags.format === 'text' ? filterQuiet(report) : report;
  const text = FORMATTERS[flags.format](shown, {
    color: flags.format === 'text' && useColor(io, flags.output !== undefined),
    verbose: flags.verbose === true,
    failOnWarn: flags.failOn === 'warn',
  });
  writeReport(io, text, flags.output);
  for (const crash of crashes) {
    io.stderr(`nndoctor ${VERSION} crashed while running ${crash.what} on ${crash.experiment}: ${crash.error.message}\n`);
    io.stderr(`${crash.error.stack ?? ''}\nThis is a bug in nndoctor; please report it at ${REPORT_BUGS_AT} with the command you ran.\n`);
  }
  return exitCodeFor(report, flags.failOn, crashes.length > 0);
}
