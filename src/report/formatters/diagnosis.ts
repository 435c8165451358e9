/** Renders an experiment's diagnosis (symptom, ranked causes, fix) as the first lines under its header. */
import type { ChalkInstance } from 'chalk';
import type { ExperimentResult } from '../types.js';

/** Causes shown in full; the rest are named in one line (all of them appear as findings below). */
const SHOWN_CAUSES = 3;
/** Secondary causes are cut to one terminal line; their full text is in the findings below. */
const ALSO_WIDTH = 110;

function clip(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1).trimEnd()}…`;
}

export function diagnosisTextLines(chalk: ChalkInstance, experiment: ExperimentResult): string[] {
  const d = experiment.diagnosis;
  if (!d) return [];
  const bar = chalk.red('┃');
  const label = (text: string): string => chalk.bold(text.padEnd(8));
  const lines = [`  ${bar} ${label('symptom')} ${d.symptom}`];
  const [top, ...rest] = d.causes;
  if (top) {
    lines.push(`  ${bar} ${label('cause')} ${chalk.bold(top.rule)}: ${top.message}`);
    lines.push(`  ${bar} ${' '.repeat(8)} ${chalk.dim(`why: ${top.because}`)}`);
    rest.slice(0, SHOWN_CAUSES - 1).forEach((cause, i) => {
      lines.push(`  ${bar} ${label(i === 0 ? 'also' : '')} ${chalk.bold(cause.rule)}: ${clip(cause.message, ALSO_WIDTH - cause.rule.length)}`);
    });
    if (rest.length > SHOWN_CAUSES - 1) lines.push(`  ${bar} ${' '.repeat(8)} ${chalk.dim(`and ${rest.slice(SHOWN_CAUSES - 1).map((c) => c.rule).join(', ')} (below)`)}`);
  } else {
    lines.push(`  ${bar} ${label('cause')} no other rule found one`);
  }
  lines.push(`  ${bar} ${label('fix')} ${chalk.cyan(d.fix)}`);
  return lines;
}

function cell(value: string): string {
  return value.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function diagnosisMarkdownLines(experiment: ExperimentResult): string[] {
  const d = experiment.diagnosis;
  if (!d) return [];
  const lines = [`> **Symptom:** ${cell(d.symptom)}  `];
  const [top, ...rest] = d.causes;
  if (top) {
    lines.push(`> **Likely cause:** \`${top.rule}\` — ${cell(top.message)} (${cell(top.because)})  `);
    if (rest.length > 0) lines.push(`> **Also found:** ${rest.map((c) => `\`${c.rule}\``).join(', ')}  `);
  } else {
    lines.push('> **Likely cause:** no other rule found one  ');
  }
  lines.push(`> **Fix first:** ${cell(d.fix)}`, '');
  return lines;
}
