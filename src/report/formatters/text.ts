/** The doctor-style text format: a glyph per check, a hint under each finding, a summary line. */
import { Chalk, type ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import type { CheckResult, ExperimentResult, Report, Status } from '../types.js';
import type { FormatOptions } from './index.js';
import { detailLines, headlineOf } from './details.js';
import { errorLine } from '../error-line.js';
import { diagnosisTextLines } from './diagnosis.js';

export const GLYPHS: Record<Status, string> = { pass: '✓', warn: '!', fail: '✗', error: '☠', skipped: '-' };

function paint(chalk: ChalkInstance, status: Status, text: string): string {
  switch (status) {
    case 'pass': return chalk.green(text);
    case 'warn': return chalk.yellow(text);
    case 'fail': return chalk.red(text);
    case 'error': return chalk.magenta(text);
    default: return chalk.dim(text);
  }
}

function renderCheck(chalk: ChalkInstance, check: CheckResult, verbose: boolean, details: boolean): string[] {
  const glyph = paint(chalk, check.status, GLYPHS[check.status]);
  let headline = headlineOf(check);
  if (check.status === 'error') {
    headline = `could not run: ${check.error ? errorLine(check.error) : ''}`;
  }
  const lines = [`  ${glyph} ${chalk.bold(check.check)}  ${check.status === 'skipped' ? chalk.dim(headline) : headline}`];
  for (const finding of check.findings) {
    lines.push(`      ${paint(chalk, finding.severity, GLYPHS[finding.severity])} ${chalk.dim(finding.rule)}  ${finding.message}`);
    if (finding.hint) lines.push(`        ${chalk.cyan('→')} ${finding.hint}`);
  }
  if (details) for (const line of detailLines(check, verbose)) lines.push(`      ${line}`);
  return lines;
}

function renderExperiment(chalk: ChalkInstance, experiment: ExperimentResult, verbose: boolean, details: boolean): string[] {
  const lines = [`${chalk.bold(experiment.path)}  ${paint(chalk, experiment.status, `${GLYPHS[experiment.status]} ${experiment.status}`)}`];
  lines.push(...diagnosisTextLines(chalk, experiment));
  for (const note of experiment.notes ?? []) lines.push(chalk.dim(`  note: ${note}`));
  if (experiment.error) {
    lines.push(`  ${paint(chalk, 'error', GLYPHS.error)} could not run: ${errorLine(experiment.error)}`);
  }
  for (const check of experiment.checks) lines.push(...renderCheck(chalk, check, verbose, details));
  if (verbose && Object.keys(experiment.settings).length > 0) {
    lines.push(chalk.dim(`  settings: ${Object.entries(experiment.settings).map(([k, v]) => `${k}=${JSON.stringify(v.value)} (${v.from})`).join(', ')}`));
  }
  return lines;
}

function summaryTable(report: Report): string {
  const table = new Table({
    head: ['experiment', 'status', 'failing rules'],
    chars: { top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '', left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ' },
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
  });
  for (const experiment of report.experiments) {
    const failing = [...new Set(experiment.checks.flatMap((c) => c.findings.filter((f) => f.severity === 'fail').map((f) => f.rule)))];
    const errors = experiment.checks.filter((c) => c.status === 'error').map((c) => `${c.check} (error)`);
    table.push([experiment.path, `${GLYPHS[experiment.status]} ${experiment.status}`, [...failing, ...errors].join(', ') || (experiment.error ? 'inputs unusable' : '—')]);
  }
  return table.toString().split('\n').map((l) => l.trimEnd()).join('\n');
}

export function formatText(report: Report, options: FormatOptions): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const out: string[] = [];
  // Over many folders, tables and charts under each check would bury the verdicts: they come with --verbose.
  const many = report.experiments.length > 1;
  const details = !many || options.verbose;
  for (const experiment of report.experiments) {
    out.push(...renderExperiment(chalk, experiment, options.verbose, details), '');
  }
  if (many) out.push(summaryTable(report), '');
  if (!details && report.experiments.some((e) => e.checks.some((c) => detailLines(c, false).length > 0))) {
    out.push(chalk.dim('(tables, histograms and charts: add --verbose, or run on one folder)'));
  }
  for (const warning of report.warnings) out.push(chalk.yellow(`note: ${warning}`));
  const { pass, warn, fail, error } = report.summary;
  const counts = [
    paint(chalk, 'fail', `${fail} failed`),
    paint(chalk, 'warn', `${warn} warned`),
    paint(chalk, 'pass', `${pass} passed`),
    ...(error > 0 ? [paint(chalk, 'error', `${error} could not run`)] : []),
  ].join(', ');
  const rules = [...new Set(report.experiments.flatMap((e) => e.checks.flatMap((c) => c.findings.map((f) => f.rule))))];
  // `check` ranks causes: point at the first experiment's most likely cause rather than the first rule that fired.
  const topCause = report.experiments.find((e) => e.diagnosis?.causes[0])?.diagnosis?.causes[0]?.rule;
  const explain = rules.length > 0 ? ` — details: nndoctor explain ${topCause ?? rules[0]}` : '';
  out.push(`${paint(chalk, report.status, `${GLYPHS[report.status]} ${report.status}`)}: ${counts} (checks)${explain}`);
  return out.join('\n') + '\n';
}
