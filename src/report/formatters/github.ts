/** GitHub Actions workflow commands: one ::error / ::warning annotation per finding or unusable input. */
import type { Report } from '../types.js';

/** Workflow-command escaping: %, CR and LF in data; also : and , in properties. */
function data(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function property(value: string): string {
  return data(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(report: Report): string {
  const lines: string[] = [];
  for (const experiment of report.experiments) {
    if (experiment.error) {
      const file = experiment.error.file ? `file=${property(experiment.error.file)},` : '';
      lines.push(`::error ${file}title=${property('nndoctor: inputs unusable')}::${data(`${experiment.path}: ${experiment.error.message}`)}`);
    }
    for (const check of experiment.checks) {
      if (check.status === 'error') {
        const file = check.error?.file ? `file=${property(check.error.file)},` : '';
        const line = check.error?.row !== undefined ? `line=${check.error.row},` : '';
        lines.push(`::error ${file}${line}title=${property(`nndoctor ${check.check}`)}::${data(`${experiment.path}: could not run: ${check.error?.message ?? ''}`)}`);
      }
      for (const finding of check.findings) {
        const level = finding.severity === 'fail' ? 'error' : 'warning';
        const hint = finding.hint ? ` → ${finding.hint}` : '';
        lines.push(`::${level} title=${property(finding.rule)}::${data(`${experiment.path}: ${finding.message}${hint}`)}`);
      }
    }
  }
  const { pass, warn, fail, error } = report.summary;
  lines.push(`nndoctor: ${report.status} (${fail} failed, ${warn} warned, ${pass} passed, ${error} could not run)`);
  return lines.join('\n') + '\n';
}
