/** JUnit XML: one testsuite per experiment, one testcase per check (fail → failure, error → error). */
import type { Report } from '../types.js';
import type { FormatOptions } from './index.js';
import { errorLine } from '../error-line.js';

function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\n/g, '&#10;');
}

function cdata(value: string): string {
  return `<![CDATA[${value.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

export function formatJunit(report: Report, options: FormatOptions): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  let skipped = 0;
  const suites: string[] = [];
  for (const experiment of report.experiments) {
    const cases: string[] = [];
    let sFailures = 0;
    let sErrors = 0;
    let sSkipped = 0;
    const checks = experiment.error
      ? [{ check: 'inputs', status: 'error' as const, durationMs: 0, findings: [], data: {}, error: experiment.error }]
      : experiment.checks;
    for (const check of checks) {
      const time = (check.durationMs / 1000).toFixed(3);
      const open = `    <testcase classname="${attr(experiment.path)}" name="${attr(check.check)}" time="${time}"`;
      const body = check.findings.map((f) => `[${f.severity}] ${f.rule}: ${f.message}${f.hint ? `\n  → ${f.hint}` : ''}`).join('\n');
      const failing = check.status === 'fail' || (check.status === 'warn' && options.failOnWarn === true);
      if (check.status === 'error') {
        sErrors += 1;
        // The same `file:row:column: message` line as the text report and stderr, so CI shows which file to fix.
        cases.push(`${open}>`, `      <error message="${attr(check.error ? errorLine(check.error) : 'could not run')}"/>`, '    </testcase>');
      } else if (failing) {
        sFailures += 1;
        const first = check.findings.find((f) => f.severity === 'fail') ?? check.findings[0];
        cases.push(`${open}>`, `      <failure message="${attr(first ? `${first.rule}: ${first.message}` : check.status)}">${cdata(body)}</failure>`, '    </testcase>');
      } else if (check.status === 'skipped') {
        sSkipped += 1;
        cases.push(`${open}>`, `      <skipped message="${attr(check.reason ?? 'not applicable')}"/>`, '    </testcase>');
      } else if (check.findings.length > 0) {
        cases.push(`${open}>`, `      <system-out>${cdata(body)}</system-out>`, '    </testcase>');
      } else {
        cases.push(`${open}/>`);
      }
    }
    const time = (checks.reduce((sum, c) => sum + c.durationMs, 0) / 1000).toFixed(3);
    suites.push(`  <testsuite name="${attr(experiment.path)}" tests="${checks.length}" failures="${sFailures}" errors="${sErrors}" skipped="${sSkipped}" time="${time}">`, ...cases, '  </testsuite>');
    tests += checks.length;
    failures += sFailures;
    errors += sErrors;
    skipped += sSkipped;
  }
  lines.push(`<testsuites name="nndoctor" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}">`, ...suites, '</testsuites>');
  return lines.join('\n') + '\n';
}
