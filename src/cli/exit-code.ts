/** The one function that turns a report into an exit code. */
import type { Report } from '../report/types.js';

export const ExitCode = { ok: 0, checkFailed: 1, badInput: 2, crashed: 3 } as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export const FAIL_ON = ['warn', 'fail'] as const;
export type FailOn = (typeof FAIL_ON)[number];

export function exitCodeFor(report: Report, failOn: FailOn, crashed = false): ExitCodeValue {
  if (crashed) return ExitCode.crashed;
  if (report.status === 'error') return ExitCode.badInput;
  if (report.status === 'fail') return ExitCode.checkFailed;
  if (report.status === 'warn' && failOn === 'warn') return ExitCode.checkFailed;
  return ExitCode.ok;
}
