/** Status arithmetic: one `worst()` that rolls findings up into checks, experiments and reports. */
import { STATUSES, type CheckResult, type ExperimentResult, type Finding, type Report, type Status } from './types.js';

export function worst(statuses: Iterable<Status>, empty: Status = 'pass'): Status {
  let result: Status | undefined;
  for (const status of statuses) {
    if (result === undefined || STATUSES.indexOf(status) > STATUSES.indexOf(result)) result = status;
  }
  return result ?? empty;
}

export function statusOfFindings(findings: readonly Finding[]): Status {
  return worst(findings.map((f) => f.severity), 'pass');
}

/** An experiment whose checks were all skipped is `skipped`; otherwise the worst non-skipped status. */
export function statusOfChecks(checks: readonly CheckResult[]): Status {
  return worst(checks.map((c) => c.status), 'skipped');
}

export function summarize(experiments: readonly ExperimentResult[]): Report['summary'] {
  const summary = { pass: 0, warn: 0, fail: 0, error: 0 };
  for (const experiment of experiments) {
    for (const check of experiment.checks) {
      if (check.status !== 'skipped') summary[check.status] += 1;
    }
    if (experiment.error) summary.error += 1;
  }
  return summary;
}
