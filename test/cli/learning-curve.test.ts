import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../helpers/cli.js';

const VARIANCE = 'fixtures/experiments/lcv-high-variance';

describe('nndoctor learning-curve CLI', () => {
  it('fails with exit 1 when a tiny set cannot be fitted; table and chart on stdout, nothing on a non-TTY stderr', () => {
    const { code, stdout, stderr } = runCli(['learning-curve', 'fixtures/experiments/lcv-cannot-fit', '--sizes', '1,2,3', '--repeats', '1', '--epochs', '5']);
    assert.equal(code, 1, stdout + stderr);
    assert.match(stdout, /✗ cannot-fit-tiny/);
    assert.match(stdout, /rows\s+train error\s+test error\s+train loss\s+test loss/);
    assert.match(stdout, /error vs training rows \(log scale\)\s+── train\s+╌╌ test/);
    assert.equal(stderr, '');
  });

  it('writes --csv and --plot (SVG and PNG) for a passing-with-warning curve, exit 0', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nndoctor-lc-'));
    try {
      const csv = join(dir, 'points.csv');
      const svg = join(dir, 'curve.svg');
      const png = join(dir, 'curve.png');
      const first = runCli(['learning-curve', VARIANCE, '--sizes', '1,30,60', '--repeats', '2', '--epochs', '5', '--csv', csv, '--plot', svg, '--format', 'json']);
      assert.equal(first.code, 0, first.stderr);
      const report = JSON.parse(first.stdout);
      assert.equal(report.experiments[0].checks[0].check, 'learning-curve');
      assert.deepEqual(report.experiments[0].checks[0].data.points.map((p: { size: number }) => p.size), [1, 30, 60]);
      const lines = readFileSync(csv, 'utf8').trim().split('\n');
      assert.equal(lines[0], 'size,repeats,train_error,train_error_min,train_error_max,test_error,test_error_min,test_error_max,train_loss,test_loss');
      assert.deepEqual(lines.slice(1).map((l) => l.split(',')[0]), ['1', '30', '60']);
      const svgText = readFileSync(svg, 'utf8');
      assert.match(svgText, /^<svg/);
      assert.match(svgText, /training rows \(log scale\)/);
      assert.match(svgText, />training</);
      const second = runCli(['learning-curve', VARIANCE, '--sizes', '1,60', '--repeats', '1', '--epochs', '5', '--plot', png, '--quiet']);
      assert.ok(second.code === 0 || second.code === 1, second.stderr);
      assert.ok(existsSync(png));
      assert.deepEqual([...readFileSync(png).subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects bad --sizes, --repeats and --plot values with exit 2 and one line', () => {
    for (const args of [['--sizes', '1,abc'], ['--sizes', '2.5'], ['--repeats', '0'], ['--plot', 'curve.pdf']]) {
      const { code, stderr } = runCli(['learning-curve', VARIANCE, ...args]);
      assert.equal(code, 2, `${args.join(' ')}: ${stderr}`);
      assert.doesNotMatch(stderr, /\n\s+at /);
    }
  });

  it('reports a size beyond the training rows as an error naming the key, exit 2', () => {
    const { code, stdout } = runCli(['learning-curve', VARIANCE, '--sizes', '1,500', '--format', 'json']);
    assert.equal(code, 2);
    const check = JSON.parse(stdout).experiments[0].checks[0];
    assert.equal(check.status, 'error');
    assert.equal(check.error.key, 'sizes');
  });
});
