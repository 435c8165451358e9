/** Text/markdown detail renderer of the prediction check: accuracy headline, predicted-class histogram, confusion matrix. */
import type { CheckResult, Json } from '../types.js';
import type { DetailRenderer } from './details.js';

type Obj = Record<string, Json>;
const asObj = (value: Json | undefined): Obj => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : {});
const numbers = (value: Json | undefined): number[] => (Array.isArray(value) ? value.map(Number) : []);

/** Classes beyond this are summarised (see --format json for all). */
const MAX_CLASSES_SHOWN = 12;

function histogramBar(share: number, width = 20): string {
  const cells = Math.round(Math.max(0, Math.min(1, share)) * width);
  return '█'.repeat(cells).padEnd(width, '·');
}

const pct = (share: number): string => `${(share * 100).toFixed(1)}%`;

function histogram(split: Obj, classes: string[]): string[] {
  const predicted = numbers(split.predicted);
  const labels = numbers(split.labels);
  const rows = Number(split.rows) || 1;
  const width = Math.max(5, ...classes.slice(0, MAX_CLASSES_SHOWN).map((c) => c.length));
  const out = [`predicted classes on ${split.file} (${split.rows} rows):`, `  ${'class'.padEnd(width)}  ${'predicted'.padEnd(28)}  labelled`];
  classes.slice(0, MAX_CLASSES_SHOWN).forEach((name, i) => {
    const p = (predicted[i] ?? 0) / rows;
    const l = (labels[i] ?? 0) / rows;
    out.push(`  ${name.padEnd(width)}  ${histogramBar(p)} ${pct(p).padStart(6)}  ${pct(l).padStart(6)}`);
  });
  if (classes.length > MAX_CLASSES_SHOWN) out.push(`  … ${classes.length - MAX_CLASSES_SHOWN} more classes (see --format json)`);
  return out;
}

function confusionMatrix(split: Obj, classes: string[]): string[] {
  if (classes.length > MAX_CLASSES_SHOWN) return [`confusion matrix: ${classes.length} classes, see --format json`];
  const matrix = Array.isArray(split.confusion) ? split.confusion.map(numbers) : [];
  const cellWidth = Math.max(4, ...classes.map((c) => c.length + 1), ...matrix.flat().map((v) => String(v).length + 1));
  const labelWidth = Math.max(5, ...classes.map((c) => c.length));
  const out = [`confusion matrix on ${split.file} (rows: label, columns: predicted):`, `  ${''.padEnd(labelWidth)}${classes.map((c) => c.padStart(cellWidth)).join('')}`];
  classes.forEach((name, i) => out.push(`  ${name.padEnd(labelWidth)}${(matrix[i] ?? []).map((v) => String(v).padStart(cellWidth)).join('')}`));
  return out;
}

export const predictionRenderer: DetailRenderer = {
  headline(data: Json) {
    const d = asObj(data);
    const layers = Array.isArray(d.layers) ? d.layers.map(asObj) : [];
    const dead = layers.reduce((sum, l) => sum + (typeof l.dead === 'number' ? l.dead : 0), 0);
    const units = layers.filter((l) => typeof l.dead === 'number').reduce((sum, l) => sum + Number(l.units), 0);
    const unitText = units > 0 ? `; ${dead} of ${units} hidden ReLU units dead` : '';
    if (d.note) return `${String(d.note)}${unitText}`;
    const splits = Array.isArray(d.splits) ? d.splits.map(asObj) : [];
    const parts = splits.map((s) => `${s.split} accuracy ${typeof s.accuracy === 'number' ? pct(s.accuracy) : 'n/a'} (${s.rows} rows)`);
    return `${parts.join(', ')}${unitText}`;
  },
  lines(data: Json, result: CheckResult, verbose: boolean) {
    const d = asObj(data);
    if (!Array.isArray(d.splits) || (result.status === 'pass' && !verbose)) return [];
    const classes = Array.isArray(d.classes) ? d.classes.map(String) : [];
    const splits = d.splits.map(asObj);
    const out: string[] = [];
    for (const split of splits) out.push(...histogram(split, classes));
    const train = splits.find((s) => s.split === 'train');
    if (train) out.push(...confusionMatrix(train, classes));
    const test = splits.find((s) => s.split === 'test');
    if (test && verbose) out.push(...confusionMatrix(test, classes));
    return out;
  },
};
