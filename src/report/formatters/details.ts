/**
 * Per-check renderers for the text and markdown formats: a one-line headline and optional detail lines built
 * from CheckResult.data. Checks without an entry get a generic headline.
 */
import type { CheckId, CheckResult, Json } from '../types.js';
import { learningCurveRenderer } from './learning-curve-text.js';
import { overfitOneRenderer } from './overfit-one-text.js';
import { predictionRenderer } from './prediction-text.js';

export interface DetailRenderer {
  /** Short summary after the check name, e.g. "3 classes, max ratio 1.4". */
  headline(data: Json, result: CheckResult): string;
  /** Extra lines (already indented by the caller), shown under the check. */
  lines?(data: Json, result: CheckResult, verbose: boolean): string[];
}

type Obj = Record<string, Json>;
const asObj = (value: Json | undefined): Obj => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : {});

/**
 * A horizontal bar of `share` × `width` cells in eighths of a cell. The length is rounded once, in eighths, so a
 * fraction that rounds up to 8/8 becomes a full cell (rounding the fraction alone lost that cell: 0.99 of a cell
 * drew nothing). A non-zero share draws at least one eighth, so a rare class never looks like a missing one.
 */
export function bar(share: number, width = 24): string {
  const clamped = Number.isFinite(share) ? Math.max(0, Math.min(1, share)) : 0;
  const eighths = clamped > 0 ? Math.max(1, Math.round(clamped * width * 8)) : 0;
  const partial = eighths % 8;
  return ('█'.repeat(Math.floor(eighths / 8)) + (partial > 0 ? '▏▎▍▌▋▊▉'[partial - 1]! : '')).padEnd(width, ' ');
}

/** Classes listed one per line (and in one-line maps) before the rest is left to --format json. */
const MAX_LISTED_CLASSES = 30;

/** A label → value map on one line, ready to paste; past MAX_LISTED_CLASSES entries only a pointer to the JSON. */
function inlineMap(name: string, map: Json | undefined): string[] {
  const entries = map ? Object.keys(asObj(map)).length : 0;
  if (entries === 0) return [];
  if (entries > MAX_LISTED_CLASSES) return [`${name}: ${entries} classes (see --format json)`];
  return [`${name}: ${JSON.stringify(map)}`];
}

function classTable(table: Obj, indent: string): string[] {
  const classes = (table.classes as Obj[] | undefined) ?? [];
  const shown = classes.slice(0, MAX_LISTED_CLASSES);
  const labelWidth = Math.max(5, ...shown.map((c) => String(c.label).length));
  const countWidth = Math.max(...shown.map((c) => String(c.count).length), 1);
  const out = shown.map((c) => `${indent}${String(c.label).padEnd(labelWidth)} ${bar(Number(c.share))} ${String(c.count).padStart(countWidth)}  ${(Number(c.share) * 100).toFixed(1).padStart(5)}%`);
  if (classes.length > shown.length) out.push(`${indent}… ${classes.length - shown.length} more classes (see --format json)`);
  return out;
}

export const DETAIL_RENDERERS: Partial<Record<CheckId, DetailRenderer>> = {
  prediction: predictionRenderer,
  'learning-curve': learningCurveRenderer,
  'overfit-one': overfitOneRenderer,
  'lint-config': {
    headline(data) {
      const d = asObj(data);
      const output = asObj(d.output);
      const settings = asObj(d.settings);
      const parts = [`${d.layers} layers (${d.weightLayers} with kernels)`];
      if (typeof d.parameters === 'number') parts.push(`${d.parameters} parameters${d.hasWeights ? '' : ' (topology only)'}`);
      parts.push(`output ${output.units ?? '?'} × ${output.activation}`);
      parts.push(`${settings.optimizer} lr ${settings.learningRate}, loss ${settings.loss}`);
      return parts.join(', ');
    },
    lines(data, result, verbose) {
      const d = asObj(data);
      if (result.status === 'pass' && !verbose) return [];
      const layers = (d.layerList as Obj[] | undefined) ?? [];
      const nameWidth = Math.max(4, ...layers.map((l) => String(l.name).length));
      const out = layers.slice(0, 40).map((l) => {
        const size = l.units ?? l.filters;
        const extras = [size !== undefined ? String(size) : '', l.activation !== undefined ? String(l.activation) : '', l.rate !== undefined ? `rate ${l.rate}` : '', l.trainable === false ? 'frozen' : ''].filter(Boolean).join(' ');
        return `${String(l.name).padEnd(nameWidth)}  ${String(l.className)}${extras ? ` ${extras}` : ''}`;
      });
      if (layers.length > 40) out.push(`… ${layers.length - 40} more layers (see --format json)`);
      return out;
    },
  },
  'class-balance': {
    headline(data) {
      const d = asObj(data);
      if (d.note) return String(d.note);
      const train = asObj(d.train);
      const classes = ((train.classes as Json[] | undefined) ?? []).length;
      const ratio = train.imbalanceRatio;
      const parts = [`${classes} classes`, `${train.rows} rows`];
      if (typeof ratio === 'number') parts.push(`max ratio ${Number(ratio.toPrecision(3))}`);
      if (typeof d.labelShift === 'number') parts.push(`train/test shift ${Number(d.labelShift.toFixed(3))}`);
      return parts.join(', ');
    },
    lines(data, result, verbose) {
      const d = asObj(data);
      if (!d.train || (result.status === 'pass' && !verbose)) return [];
      const out = [`${asObj(d.train).file}:`, ...classTable(asObj(d.train), '  ')];
      if (d.test) out.push(`${asObj(d.test).file}:`, ...classTable(asObj(d.test), '  '));
      out.push(...inlineMap('classWeight', d.classWeight), ...inlineMap('class index', d.classIndex));
      return out;
    },
  },
  'lint-data': {
    headline(data, result) {
      const d = asObj(data);
      // Without statistics (e.g. a hand-written report) fall back to the generic wording.
      if (!d.train) return result.findings.length === 0 ? 'no problems found' : `${result.findings.length} finding${result.findings.length === 1 ? '' : 's'}`;
      const parts = [`${tableHeadline(asObj(d.train))}`];
      if (d.test) parts.push(`test ${asObj(d.test).rows} rows`);
      return parts.join(', ');
    },
    lines(data, result, verbose) {
      const d = asObj(data);
      if (!d.train || (result.status === 'pass' && !verbose)) return [];
      const train = asObj(d.train);
      const out = [`${train.file}, ${train.scaling}:`, ...rangeLines(train, '  ')];
      if (d.test) {
        const test = asObj(d.test);
        out.push(`${test.file}, ${test.scaling}: ${tableHeadline(test)}`);
      }
      const constant = (d.constantColumns as Obj[] | undefined) ?? [];
      if (constant.length > 0) out.push(`constant columns: ${constant.slice(0, 8).map((c) => `${c.name}=${c.value}`).join(', ')}${constant.length > 8 ? ', …' : ''}`);
      return out;
    },
  },
};

/** lint-data: "120 rows × 4 features, values 0.1–7.9" for one table. */
function tableHeadline(table: Obj): string {
  const range = typeof table.min === 'number' && typeof table.max === 'number' ? `, values ${Number(table.min.toPrecision(3))}–${Number(table.max.toPrecision(3))}` : '';
  return `${table.rows} rows × ${table.features} features${range}`;
}

/** lint-data: one line per column range, capped so a 784-pixel table stays readable. */
function rangeLines(table: Obj, indent: string, shown = 12): string[] {
  const ranges = (table.ranges as Obj[] | undefined) ?? [];
  const width = Math.max(4, ...ranges.slice(0, shown).map((r) => String(r.name).length));
  const fmt = (v: Json | undefined): string => (typeof v === 'number' ? String(Number(v.toPrecision(4))) : '–');
  // A standardised column's mean is ~1e-7 of rounding noise; print it as 0 rather than as 2.85e-7.
  const mean = (r: Obj): Json | undefined => (typeof r.mean === 'number' && typeof r.std === 'number' && Math.abs(r.mean) < 1e-4 * r.std ? 0 : r.mean);
  const out = ranges.slice(0, shown).map((r) => `${indent}${String(r.name).padEnd(width)}  ${fmt(r.min)} … ${fmt(r.max)}  mean ${fmt(mean(r))}, std ${fmt(r.std)}`);
  if (ranges.length > shown) out.push(`${indent}… ${ranges.length - shown} more columns (see --format json)`);
  return out;
}

export function headlineOf(result: CheckResult): string {
  if (result.status === 'skipped') return `skipped: ${result.reason ?? 'does not apply'}`;
  if (result.status === 'error') return `could not run: ${result.error?.message ?? 'unknown error'}`;
  const renderer = DETAIL_RENDERERS[result.check];
  if (renderer) return renderer.headline(result.data, result);
  const n = result.findings.length;
  return n === 0 ? 'no problems found' : `${n} finding${n === 1 ? '' : 's'}`;
}

export function detailLines(result: CheckResult, verbose: boolean): string[] {
  if (result.status === 'skipped' || result.status === 'error') return [];
  return DETAIL_RENDERERS[result.check]?.lines?.(result.data, result, verbose) ?? [];
}
