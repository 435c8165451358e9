/** Markdown for pull-request comments and job summaries: the text layout as tables. */
import type { Report } from '../types.js';
import type { FormatOptions } from './index.js';
import { GLYPHS } from './text.js';
import { detailLines, headlineOf } from './details.js';
import { diagnosisMarkdownLines } from './diagnosis.js';

function cell(value: string): string {
  return value.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function formatMarkdown(report: Report, options: FormatOptions): string {
  const out: string[] = [`## nndoctor: ${GLYPHS[report.status]} ${report.status}`, ''];
  if (report.experiments.length > 1) {
    out.push('| experiment | status | failing rules |', '|---|---|---|');
    for (const e of report.experiments) {
      const failing = [...new Set(e.checks.flatMap((c) => c.findings.filter((f) => f.severity === 'fail').map((f) => `\`${f.rule}\``)))];
      out.push(`| ${cell(e.path)} | ${GLYPHS[e.status]} ${e.status} | ${failing.join(', ') || (e.error ? 'inputs unusable' : '—')} |`);
    }
    out.push('');
  }
  for (const experiment of report.experiments) {
    out.push(`### ${cell(experiment.path)} — ${GLYPHS[experiment.status]} ${experiment.status}`, '');
    out.push(...diagnosisMarkdownLines(experiment));
    for (const note of experiment.notes ?? []) out.push(`_Note: ${cell(note)}_`, '');
    if (experiment.error) out.push(`☠ could not run: ${cell(experiment.error.message)}`, '');
    if (experiment.checks.length > 0) {
      out.push('| | check | result |', '|---|---|---|');
      for (const check of experiment.checks) out.push(`| ${GLYPHS[check.status]} | \`${check.check}\` | ${cell(headlineOf(check))} |`);
      out.push('');
    }
    const findings = experiment.checks.flatMap((c) => c.findings);
    if (findings.length > 0) {
      out.push('| | rule | finding | what to do |', '|---|---|---|---|');
      for (const f of findings) out.push(`| ${GLYPHS[f.severity]} | \`${f.rule}\` | ${cell(f.message)} | ${cell(f.hint ?? '')} |`);
      out.push('');
    }
    for (const check of experiment.checks) {
      const lines = detailLines(check, options.verbose);
      if (lines.length > 0) out.push(`<details><summary>${check.check}</summary>`, '', '```', ...lines, '```', '', '</details>', '');
    }
  }
  for (const warning of report.warnings) out.push(`> note: ${warning}`);
  const { pass, warn, fail, error } = report.summary;
  out.push('', `**${fail} failed, ${warn} warned, ${pass} passed${error > 0 ? `, ${error} could not run` : ''}** (checks)`);
  return out.join('\n') + '\n';
}
