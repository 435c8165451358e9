/** Text rendering of the learning-curve check: a headline, a per-size table and a terminal chart on a log axis. */
import asciichart from 'asciichart';
import type { CheckResult, Json } from '../types.js';
import type { DetailRenderer } from './details.js';

type Obj = Record<string, Json>;
const asObj = (value: Json | undefined): Obj => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : {});
const CHART_WIDTH = 56;
const CHART_HEIGHT = 10;

interface Point {
  size: number;
  train: Obj | null;
  test: Obj | null;
  trainLoss: Obj | null;
  testLoss: Obj | null;
}

function pointsOf(data: Json): Point[] {
  const raw = (asObj(data).points as Json[] | undefined) ?? [];
  return raw.map((p) => {
    const o = asObj(p);
    const spread = (v: Json | undefined): Obj | null => (v && typeof v === 'object' ? asObj(v) : null);
    return { size: Number(o.size), train: spread(o.trainError), test: spread(o.testError), trainLoss: spread(o.trainLoss), testLoss: spread(o.testLoss) };
  });
}

/** 0.0312 → "0.031"; large losses keep 3 significant digits. */
function short(value: Json | undefined): string {
  if (typeof value !== 'number') return '—';
  if (value !== 0 && Math.abs(value) < 0.001) return value.toExponential(1);
  return Math.abs(value) >= 100 ? value.toPrecision(3) : value.toFixed(3);
}

function spreadText(s: Obj | null, repeats: boolean): string {
  if (!s) return '—';
  return repeats && s.min !== s.max ? `${short(s.mean)} (${short(s.min)}–${short(s.max)})` : short(s.mean);
}

export function curveTable(data: Json): string[] {
  const d = asObj(data);
  const repeats = Number(d.repeats) > 1;
  const head = ['rows', d.errorMetric === 'meanSquaredError' ? 'train MSE' : 'train error', d.errorMetric === 'meanSquaredError' ? 'test MSE' : 'test error', 'train loss', 'test loss'];
  const rows = pointsOf(data).map((p) => [String(p.size), spreadText(p.train, repeats), spreadText(p.test, repeats), short(p.trainLoss?.mean), short(p.testLoss?.mean)]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(head), ...rows.map(line)];
}

/** Mean error at log-spaced columns between the smallest and largest size, linear in log(size) between points. */
function resample(points: Point[], which: 'train' | 'test', width: number): number[] | null {
  const known = points.filter((p) => typeof p[which]?.mean === 'number' && p.size > 0);
  if (known.length < 2) return null;
  const lo = Math.log(known[0]!.size);
  const hi = Math.log(known[known.length - 1]!.size);
  const out: number[] = [];
  for (let c = 0; c < width; c++) {
    const at = lo + ((hi - lo) * c) / (width - 1);
    let k = 0;
    while (k < known.length - 2 && Math.log(known[k + 1]!.size) < at) k++;
    const a = known[k]!;
    const b = known[k + 1]!;
    const la = Math.log(a.size);
    const lb = Math.log(b.size);
    const t = lb === la ? 0 : Math.min(1, Math.max(0, (at - la) / (lb - la)));
    out.push(Number(a[which]!.mean) * (1 - t) + Number(b[which]!.mean) * t);
  }
  return out;
}

// asciichart only colours series; tag them with marker "colours" and restyle afterwards: solid train, dashed test.
const TRAIN_MARK = '\u0001';
const TEST_MARK = '\u0002';
const DASHED: Record<string, string> = { '─': '╌', '│': '╎' };

/** A chart of train (solid) and test (dashed) error against training rows on a log axis; [] below 3 sizes. */
export function curveChart(data: Json): string[] {
  const points = pointsOf(data);
  if (points.length < 3) return [];
  const train = resample(points, 'train', CHART_WIDTH);
  const test = resample(points, 'test', CHART_WIDTH);
  if (!train) return [];
  const series = test ? [train, test] : [train];
  const all = series.flat();
  const max = Math.max(...all);
  const plot = asciichart.plot(series, {
    height: CHART_HEIGHT,
    min: 0,
    max: max > 0 ? max : 1,
    colors: [TRAIN_MARK as never, TEST_MARK as never],
    // Rounding can print −0.00 for a tiny negative axis step; show it as 0.00.
    format: (x: number) => (Math.abs(x) < 0.005 ? 0 : x).toFixed(2).padStart(6),
  });
  const restyled = plot
    .replace(new RegExp(`${TRAIN_MARK}(.)\\x1b\\[0m`, 'g'), '$1')
    .replace(new RegExp(`${TEST_MARK}(.)\\x1b\\[0m`, 'g'), (_, ch: string) => DASHED[ch] ?? ch)
    .split('\n');
  const first = restyled[0] ?? '';
  const axisAt = Math.max(first.indexOf('┤'), first.indexOf('┼'));
  const start = axisAt + 1;
  const lo = Math.log(points[0]!.size);
  const hi = Math.log(points[points.length - 1]!.size);
  const ticks = Array.from({ length: CHART_WIDTH }, () => '─');
  const labels = Array.from({ length: CHART_WIDTH + 8 }, () => ' ');
  let free = 0;
  for (const p of points) {
    const col = hi === lo ? 0 : Math.round(((Math.log(p.size) - lo) / (hi - lo)) * (CHART_WIDTH - 1));
    ticks[col] = '┬';
    const text = String(p.size);
    const from = Math.max(col - Math.floor(text.length / 2), free);
    if (from + text.length > labels.length) continue;
    for (let i = 0; i < text.length; i++) labels[from + i] = text[i]!;
    free = from + text.length + 1;
  }
  const pad = ' '.repeat(Math.max(0, start - 1));
  const metric = asObj(data).errorMetric === 'meanSquaredError' ? 'MSE' : 'error';
  return [
    ...restyled.map((l) => l.trimEnd()),
    `${pad}└${ticks.join('')}`,
    `${pad} ${labels.join('').trimEnd()}`,
    `${pad} ${metric} vs training rows (log scale)   ── train   ╌╌ test`,
  ];
}

export const learningCurveRenderer: DetailRenderer = {
  headline(data: Json, result: CheckResult) {
    const d = asObj(data);
    const points = pointsOf(data);
    if (points.length === 0) return result.findings.length === 0 ? 'no problems found' : `${result.findings.length} findings`;
    const last = points[points.length - 1]!;
    const metric = d.errorMetric === 'meanSquaredError' ? 'MSE' : 'error';
    const parts = [`${points.length} sizes up to ${last.size} rows × ${d.repeats} seed${d.repeats === 1 ? '' : 's'}`];
    parts.push(`train ${metric} ${short(last.train?.mean)}, test ${short(last.test?.mean)}`);
    const capacity = asObj(d.capacity);
    if (typeof capacity.size === 'number') parts.push(`training ${metric} above ${capacity.threshold} from ${capacity.size} row${capacity.size === 1 ? '' : 's'} on`);
    if (d.quick === true) parts.push('quick');
    return parts.join(', ');
  },
  lines(data: Json, result: CheckResult, verbose: boolean) {
    const d = asObj(data);
    // In `check`'s quick mode the curve is a side result: show it only when asked or when something fired.
    if (d.quick === true && result.status === 'pass' && !verbose) return [];
    if (pointsOf(data).length === 0) return [];
    const test = d.testFrom === 'holdout' ? `test: ${d.testRows} rows held out (${Math.round(Number(d.holdoutShare) * 100)}%, seeded, stratified)` : `test: ${d.testRows} rows from the test file`;
    const chart = curveChart(data);
    return [...curveTable(data), '', ...(chart.length > 0 ? [...chart, ''] : []), `${test}; ${d.stepBudget} steps per size at most, batch ${d.batchSize}, loss ${d.loss}`];
  },
};
