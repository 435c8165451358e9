/** Runs checks on fixture experiment folders and reads back the set of rule ids that fired. */
import { fileURLToPath } from 'node:url';
import { runChecks, type CommandOptions } from '../../src/index.js';
import type { CheckId, Report } from '../../src/report/types.js';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));
export const EXPERIMENTS = `${FIXTURES}experiments/`;

export async function runOn(checks: CheckId[], name: string, options: CommandOptions = {}): Promise<Report> {
  const outcome = await runChecks(checks, { dir: `${EXPERIMENTS}${name}`, ...options });
  if (outcome.crashes.length > 0) throw outcome.crashes[0]!.error;
  return outcome.report;
}

export function firedRules(report: Report): string[] {
  return [...new Set(report.experiments.flatMap((e) => e.checks.flatMap((c) => c.findings.map((f) => f.rule))))].sort();
}

/** Removes the only fields allowed to differ between same-seed runs. */
export function withoutTimings(report: Report): unknown {
  return JSON.parse(JSON.stringify(report, (key, value) => (key === 'durationMs' ? undefined : value)));
}
