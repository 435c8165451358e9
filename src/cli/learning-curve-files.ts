/**
 * Output step of `learning-curve`: writes the curve's points as CSV, and as a chart (vega-lite compiled and rendered
 * headlessly to SVG; PNG through resvg). Reads only the check's data, never trains or judges.
 */
import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { InputError } from '../errors.js';
import type { Json } from '../report/types.js';
import { importPackage } from '../import-package.js';

type Obj = Record<string, Json>;
const asObj = (value: Json | undefined): Obj => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : {});

export const PLOT_EXTENSIONS = ['.svg', '.png'] as const;

interface Row {
  size: number;
  repeats: number;
  series: 'train' | 'test';
  errorMean: number | null;
  errorMin: number | null;
  errorMax: number | null;
  lossMean: number | null;
}

function rowsOf(data: Json): Row[] {
  const points = (asObj(data).points as Json[] | undefined) ?? [];
  const rows: Row[] = [];
  for (const p of points.map(asObj)) {
    for (const series of ['train', 'test'] as const) {
      const error = asObj(p[`${series}Error`]);
      const loss = asObj(p[`${series}Loss`]);
      const value = (v: Json | undefined): number | null => (typeof v === 'number' ? v : null);
      rows.push({ size: Number(p.size), repeats: Number(p.repeats), series, errorMean: value(error.mean), errorMin: value(error.min), errorMax: value(error.max), lossMean: value(loss.mean) });
    }
  }
  return rows;
}

function write(file: string, content: string | Buffer, what: string): void {
  try {
    writeFileSync(file, content);
  } catch (error) {
    throw new InputError(`cannot write the ${what} (${(error as NodeJS.ErrnoException).code ?? 'write error'})`, { file }, 'pick a writable path in an existing folder');
  }
}

/** One line per size: the mean and min–max over the repeats of training and test error, and the mean losses. */
export function curveCsv(data: Json): string {
  const metric = asObj(data).errorMetric === 'meanSquaredError' ? 'mse' : 'error';
  const header = ['size', 'repeats', `train_${metric}`, `train_${metric}_min`, `train_${metric}_max`, `test_${metric}`, `test_${metric}_min`, `test_${metric}_max`, 'train_loss', 'test_loss'];
  const rows = rowsOf(data);
  const cell = (v: number | null): string => (v === null ? '' : String(v));
  const lines = [header.join(',')];
  for (let i = 0; i < rows.length; i += 2) {
    const train = rows[i]!;
    const test = rows[i + 1]!;
    lines.push([train.size, train.repeats, cell(train.errorMean), cell(train.errorMin), cell(train.errorMax), cell(test.errorMean), cell(test.errorMin), cell(test.errorMax), cell(train.lossMean), cell(test.lossMean)].join(','));
  }
  return lines.join('\n') + '\n';
}

export function writeCurveCsv(file: string, data: Json): void {
  write(file, curveCsv(data), 'CSV');
}

/** The vega-lite spec: mean error lines with points, min–max bands, log-scaled size axis, a legend. */
export function curveSpec(data: Json, title: string): Record<string, unknown> {
  const d = asObj(data);
  const isMse = d.errorMetric === 'meanSquaredError';
  const yTitle = isMse ? 'mean squared error' : 'error (1 − accuracy)';
  const repeats = Number(d.repeats);
  const values = rowsOf(data).filter((r) => r.errorMean !== null).map((r) => ({ ...r, series: r.series === 'train' ? 'training' : 'test' }));
  const color = { field: 'series', type: 'nominal', title: null, scale: { domain: ['training', 'test'], range: ['#1f77b4', '#d62728'] }, legend: { orient: 'top-right', labelFontSize: 12, symbolType: 'stroke', symbolStrokeWidth: 3, symbolOpacity: 1, fillColor: 'white', padding: 6 } };
  const x = { field: 'size', type: 'quantitative', scale: { type: 'log', nice: false }, title: 'training rows (log scale)', axis: { grid: true, labelFontSize: 11, titleFontSize: 12, tickCount: 8, format: '~s' } };
  const layers: Array<Record<string, unknown>> = [];
  if (repeats > 1) {
    layers.push({
      mark: { type: 'area', opacity: 0.18 },
      encoding: { x, y: { field: 'errorMin', type: 'quantitative' }, y2: { field: 'errorMax' }, color },
    });
  }
  layers.push({
    mark: { type: 'line', point: { filled: true, size: 40 }, strokeWidth: 2 },
    encoding: {
      x,
      y: { field: 'errorMean', type: 'quantitative', title: yTitle, scale: { zero: true }, axis: { labelFontSize: 11, titleFontSize: 12 } },
      color,
      tooltip: [{ field: 'size' }, { field: 'series' }, { field: 'errorMean', title: 'mean' }, { field: 'errorMin', title: 'min' }, { field: 'errorMax', title: 'max' }],
    },
  });
  const subtitle = `${repeats} seed${repeats === 1 ? '' : 's'} per size${repeats > 1 ? ' (line: mean, band: min–max)' : ''}; test: ${d.testFrom === 'holdout' ? `${d.testRows} held-out rows` : `${d.testRows} rows of the test file`}`;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: title, subtitle, fontSize: 15, subtitleFontSize: 11, anchor: 'start' },
    width: 560,
    height: 320,
    padding: 16,
    background: 'white',
    data: { values },
    layer: layers,
    config: { view: { stroke: '#ccc' }, font: 'DejaVu Sans, Lato, Helvetica, Arial, sans-serif' },
  };
}

/** Renders the chart to SVG text without a browser (vega's headless View, renderer `none`). */
export async function curveSvg(data: Json, title: string): Promise<string> {
  const [vega, vegaLite] = await Promise.all([importPackage('vega'), importPackage('vega-lite')]);
  const compiled = vegaLite.compile(curveSpec(data, title) as never).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Writes `file` as SVG or PNG (by extension); PNG is the SVG rasterised by resvg at 2× for sharp text. */
export async function writeCurvePlot(file: string, data: Json, title: string): Promise<void> {
  const svg = await curveSvg(data, title);
  if (extname(file).toLowerCase() === '.png') {
    const { Resvg } = await importPackage('@resvg/resvg-js');
    const png = new Resvg(svg, { fitTo: { mode: 'zoom', value: 2 }, font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } }).render().asPng();
    write(file, png, 'plot');
  } else {
    write(file, svg, 'plot');
  }
}
