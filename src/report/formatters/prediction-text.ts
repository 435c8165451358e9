/**
 * Text/markdown detail renderer of the prediction check: accuracy headline, predicted-class histogram, confusion matrix;
 * for multi-label and regression targets, predicted vs labelled share per label, or prediction vs target spread.
 */
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

const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
/** 3 significant digits, plain decimals down to 1e-6 so a tiny spread reads as tiny. */
const short = (value: number): string => (Math.abs(value) >= 1e5 ? value.toExponential(2) : String(Number(value.toPrecision(3))));
const objs = (value: Json | undefined): Obj[] => (Array.isArray(value) ? value.map(asObj) : []);

function otherHeadline(task: string, splits: Obj[]): string {
  if (task === 'multi-label') {
    return splits.map((s) => {
      const labels = objs(s.labels);
      return `${s.split}: labels predicted present ${pct(mean(labels.map((l) => Number(l.predictedShare))))} vs ${pct(mean(labels.map((l) => Number(l.labelledShare))))} labelled (${s.rows} rows)`;
    }).join(', ');
  }
  return splits.map((s) => {
    const stds = objs(s.targets).map((t) => Number(t.targetStd));
    const [lo, hi] = [short(Math.min(...stds)), short(Math.max(...stds))];
    const std = lo === hi ? lo : `${lo}–${hi}`;
    return `${s.split} MSE ${typeof s.mse === 'number' ? short(s.mse) : 'n/a'} (target std ${std}, ${s.rows} rows)`;
  }).join(', ');
}

function otherLines(task: string, split: Obj): string[] {
  if (task === 'multi-label') {
    const labels = objs(split.labels);
    const rows = Number(split.rows) || 1;
    const width = Math.max(5, ...labels.slice(0, MAX_CLASSES_SHOWN).map((l) => String(l.column).length));
    const out = [
      `labels on ${split.file} (${split.rows} rows; ${pct(Number(split.rowsNonePredicted ?? 0) / rows)} with no label predicted present):`,
      `  ${'label'.padEnd(width)}  ${'predicted present'.padEnd(28)}  labelled  mean output`,
    ];
    for (const l of labels.slice(0, MAX_CLASSES_SHOWN)) {
      const p = Number(l.predictedShare);
      out.push(`  ${String(l.column).padEnd(width)}  ${histogramBar(p)} ${pct(p).padStart(6)}  ${pct(Number(l.labelledShare)).padStart(8)}  ${typeof l.meanOutput === 'number' ? short(l.meanOutput) : 'n/a'}`);
    }
    if (labels.length > MAX_CLASSES_SHOWN) out.push(`  … ${labels.length - MAX_CLASSES_SHOWN} more labels (see --format json)`);
    return out;
  }
  const targets = objs(split.targets);
  const width = Math.max(6, ...targets.slice(0, MAX_CLASSES_SHOWN).map((t) => String(t.column).length));
  const pair = (m: Json | undefined, sd: Json | undefined): string => (typeof m === 'number' && typeof sd === 'number' ? `${short(m)} ± ${short(sd)}` : 'n/a');
  const out = [
    `targets on ${split.file} (${split.rows} rows, MSE ${typeof split.mse === 'number' ? short(split.mse) : 'n/a'}):`,
    `  ${'target'.padEnd(width)}  ${'predictions (mean ± std)'.padEnd(26)}  targets (mean ± std)`,
  ];
  for (const t of targets.slice(0, MAX_CLASSES_SHOWN)) {
    out.push(`  ${String(t.column).padEnd(width)}  ${pair(t.predictionMean, t.predictionStd).padEnd(26)}  ${pair(t.targetMean, t.targetStd)}`);
  }
  if (targets.length > MAX_CLASSES_SHOWN) out.push(`  … ${targets.length - MAX_CLASSES_SHOWN} more targets (see --format json)`);
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
    if (typeof d.task === 'string') return `${otherHeadline(d.task, splits)}${unitText}`;
    const parts = splits.map((s) => `${s.split} accuracy ${typeof s.accuracy === 'number' ? pct(s.accuracy) : 'n/a'} (${s.rows} rows)`);
    return `${parts.join(', ')}${unitText}`;
  },
  lines(data: Json, result: CheckResult, verbose: boolean) {
    const d = asObj(data);
    if (!Array.isArray(d.splits) || (result.status === 'pass' && !verbose)) return [];
    const splits = d.splits.map(asObj);
    if (typeof d.task === 'string') return splits.flatMap((split) => otherLines(String(d.task), split));
    const classes = Array.isArray(d.classes) ? d.classes.map(String) : [];
    const out: string[] = [];
    for (const split of splits) out.push(...histogram(split, classes));
    const train = splits.find((s) => s.split === 'train');
    if (train) out.push(...confusionMatrix(train, classes));
    const test = splits.find((s) => s.split === 'test');
    if (test && verbose) out.push(...confusionMatrix(test, classes));
    return out;
  },
};
