/** Text rendering of the overfit-one check: a headline and a compact per-class table (steps to fit, loss, prediction). */
import type { Json } from '../types.js';
import type { DetailRenderer } from './details.js';

type Obj = Record<string, Json>;
const asObj = (value: Json | undefined): Obj => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : {});
const fmt = (value: Json | undefined): string => (typeof value === 'number' ? String(Number(value.toPrecision(3))) : '–');
/** Longer tables are cut; the JSON report has every class. */
const MAX_ROWS = 30;

function cell(start: Obj, maxSteps: number): string {
  if (!start.runs) return '';
  const mark = start.fitted ? '✓' : '✗';
  const steps = start.steps !== null && start.steps !== undefined ? `${start.steps} step${start.steps === 1 ? '' : 's'}` : `>${maxSteps}`;
  const seeds = Number(start.runs) > 1 ? ` ${start.fittedRuns}/${start.runs} seeds` : '';
  const predicted = start.fitted || start.predicted === null || start.predicted === undefined ? '' : ` → ${start.predicted}`;
  return `${mark} ${steps.padEnd(9)} ${fmt(start.lossStart).padStart(6)} → ${fmt(start.lossEnd).padEnd(6)}${predicted}${seeds}`;
}

export const overfitOneRenderer: DetailRenderer = {
  headline(data) {
    const d = asObj(data);
    const examples = (d.examples as Json[] | undefined) ?? [];
    const perStart = asObj(d.fittedPerStart);
    const what = d.classes === null ? 'examples' : 'classes';
    const starts = ((d.starts as string[] | undefined) ?? []).map((s) => `${s} ${perStart[s] ?? '?'}/${examples.length}`).join(', ');
    const parts = [`${what} fitted: ${starts} (≤ ${d.maxSteps} steps)`];
    if (typeof d.initialLoss === 'number' && typeof d.uniformLoss === 'number') parts.push(`loss at init ${fmt(d.initialLoss)} vs −ln(1/C) ${fmt(d.uniformLoss)}`);
    return parts.join(', ');
  },
  lines(data, result, verbose) {
    const d = asObj(data);
    const examples = ((d.examples as Json[] | undefined) ?? []).map(asObj);
    if (examples.length === 0 || (result.status === 'pass' && !verbose)) return [];
    const starts = (d.starts as string[] | undefined) ?? [];
    const maxSteps = Number(d.maxSteps);
    const labelWidth = Math.max(5, ...examples.map((e) => String(e.label).length));
    const cells = examples.slice(0, MAX_ROWS).map((e) => starts.map((s) => cell(asObj(asObj(e.starts)[s]), maxSteps)));
    const widths = starts.map((_, i) => Math.max(starts[i]!.length, ...cells.map((row) => row[i]!.length)));
    const out = [`${'class'.padEnd(labelWidth)}  ${starts.map((s, i) => s.padEnd(widths[i]!)).join('  ')}`.trimEnd()];
    examples.slice(0, MAX_ROWS).forEach((e, r) => out.push(`${String(e.label).padEnd(labelWidth)}  ${cells[r]!.map((c, i) => c.padEnd(widths[i]!)).join('  ')}`.trimEnd()));
    if (examples.length > MAX_ROWS) out.push(`… ${examples.length - MAX_ROWS} more (see --format json)`);
    const missing = (d.missingClasses as number[] | undefined) ?? [];
    if (missing.length > 0) out.push(`no example in the data for class${missing.length === 1 ? '' : 'es'} ${missing.join(', ')}`);
    out.push(`${d.optimizer}, learning rate ${fmt(d.learningRate)}, loss ${d.loss}`);
    return out;
  },
};
