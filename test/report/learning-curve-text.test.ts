import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { curveChart, curveTable, learningCurveRenderer } from '../../src/report/formatters/learning-curve-text.js';
import { curveCsv, curveSpec, curveSvg } from '../../src/cli/learning-curve-files.js';
import type { CheckResult, Json } from '../../src/report/types.js';

const spread = (mean: number, min = mean, max = mean): Json => ({ mean, min, max });
const data: Json = {
  errorMetric: 'errorRate', loss: 'sparseCategoricalCrossentropy', classes: 10, poolRows: 1346, testRows: 451, testFrom: 'test-file', holdoutShare: null,
  repeats: 3, batchSize: 32, stepBudget: 860, quick: false, baselineError: 0.9, capacity: { threshold: 0.05, size: null },
  points: [
    { size: 1, repeats: 3, trainError: spread(0), testError: spread(0.9, 0.88, 0.92), trainLoss: spread(0.04), testLoss: spread(4.5), nonFinite: 0, steps: 90, stoppedBy: { 'target-loss': 3 } },
    { size: 37, repeats: 3, trainError: spread(0), testError: spread(0.3, 0.25, 0.35), trainLoss: spread(0.05), testLoss: spread(1.1), nonFinite: 0, steps: 400, stoppedBy: { 'target-loss': 3 } },
    { size: 1346, repeats: 3, trainError: spread(0.03, 0.02, 0.04), testError: spread(0.06, 0.05, 0.07), trainLoss: spread(0.19), testLoss: spread(0.24), nonFinite: 0, steps: 860, stoppedBy: { epochs: 3 } },
  ],
};
const result: CheckResult = { check: 'learning-curve', status: 'pass', durationMs: 1, findings: [], data };

describe('learning-curve text output', () => {
  it('renders a table with mean (min–max) per size', () => {
    assert.deepEqual(curveTable(data), [
      'rows  train error          test error           train loss  test loss',
      '   1  0.000                0.900 (0.880–0.920)  0.040       4.500',
      '  37  0.000                0.300 (0.250–0.350)  0.050       1.100',
      '1346  0.030 (0.020–0.040)  0.060 (0.050–0.070)  0.190       0.240',
    ]);
  });

  it('draws train solid and test dashed on a log axis with the sizes under their ticks', () => {
    const chart = curveChart(data);
    assert.equal(chart.length, 11 + 3);
    assert.ok(chart.some((l) => l.includes('╌')), 'test series is dashed');
    assert.ok(chart.some((l) => l.includes('─')), 'train series is solid');
    const labels = chart[chart.length - 2]!;
    assert.match(labels, /^\s+1\s+37\s+1346$/);
    // On a log axis 37 sits half-way between 1 and 1346 (√1346 ≈ 37).
    const at = (s: string): number => labels.indexOf(s) + s.length / 2;
    assert.ok(Math.abs(at('37') - (at('1') + at('1346')) / 2) <= 2, labels);
    assert.doesNotMatch(chart.join('\n'), /\x1b|\u0001|\u0002|-0\.00/);
  });

  it('has a headline with sizes, seeds and the last errors', () => {
    assert.equal(learningCurveRenderer.headline(data, result), '3 sizes up to 1346 rows × 3 seeds, train error 0.030, test 0.060');
  });

  it('writes CSV and a vega-lite chart with a log size axis and min–max bands', async () => {
    assert.equal(curveCsv(data).split('\n')[3], '1346,3,0.03,0.02,0.04,0.06,0.05,0.07,0.19,0.24');
    const spec = curveSpec(data, 'title') as { layer: Array<{ mark: { type: string }; encoding: { x: { scale: { type: string } } } }> };
    assert.deepEqual(spec.layer.map((l) => l.mark.type), ['area', 'line']);
    assert.equal(spec.layer[1]!.encoding.x.scale.type, 'log');
    const svg = await curveSvg(data, 'title');
    assert.match(svg, /^<svg/);
    assert.match(svg, /training rows \(log scale\)/);
  });
});
