/** The nearest-neighbour baseline: near 0 on separable classes, near chance on labels that ignore the features. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { neighbourBaseline, neighbourRegression } from '../../src/gather/neighbour-baseline.js';

/** Two features; class = which of 3 well-separated blobs a row comes from (or a label unrelated to the position). */
function blobs(rows: number, shuffleLabels: boolean): { features: Float32Array; labels: Int32Array } {
  let state = 7;
  const random = (): number => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296);
  const features = new Float32Array(rows * 2);
  const labels = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const blob = r % 3;
    features[r * 2] = blob * 10 + random();
    features[r * 2 + 1] = -blob * 10 + random() * 1000; // a wide column that standardisation must tame
    labels[r] = shuffleLabels ? Math.floor(random() * 3) : blob;
  }
  return { features, labels };
}

describe('neighbourBaseline', () => {
  it('classifies separable blobs almost perfectly, and shuffled labels near chance', () => {
    const separable = blobs(300, false);
    const clean = neighbourBaseline(separable.features, 2, separable.labels, 42)!;
    assert.ok(clean.error < 0.05, String(clean.error));
    const noise = blobs(300, true);
    const shuffled = neighbourBaseline(noise.features, 2, noise.labels, 42)!;
    assert.ok(shuffled.error > 0.5, String(shuffled.error));
  });

  it('is deterministic, skips unlabelled rows, and needs enough rows and a varying feature', () => {
    const { features, labels } = blobs(3000, false);
    assert.deepEqual(neighbourBaseline(features, 2, labels, 1), neighbourBaseline(features, 2, labels, 1));
    assert.ok(neighbourBaseline(features, 2, labels, 1)!.queries <= 500);
    const few = blobs(9, false);
    assert.equal(neighbourBaseline(few.features, 2, few.labels, 1), null);
    assert.equal(neighbourBaseline(new Float32Array(40), 2, new Int32Array(20), 1), null);
    const partly = Int32Array.from(labels.subarray(0, 300), (v, i) => (i % 2 === 0 ? -1 : v));
    assert.equal(neighbourBaseline(features.subarray(0, 600), 2, partly, 1)!.queries, 150);
  });

  it('regression: a smooth target leaves a small share of its variance, a target unrelated to the features about all of it', () => {
    let state = 3;
    const random = (): number => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296);
    const rows = 400;
    const features = Float32Array.from({ length: rows * 2 }, () => random() * 4);
    const smooth = Float32Array.from({ length: rows }, (_, r) => Math.sin(features[r * 2]!) + features[r * 2 + 1]!);
    const noise = Float32Array.from({ length: rows }, () => random());
    assert.ok(neighbourRegression(features, 2, smooth, 1, 42)!.error < 0.1, String(neighbourRegression(features, 2, smooth, 1, 42)!.error));
    assert.ok(neighbourRegression(features, 2, noise, 1, 42)!.error > 0.9, String(neighbourRegression(features, 2, noise, 1, 42)!.error));
    assert.equal(neighbourRegression(features, 2, new Float32Array(rows), 1, 42), null);
  });
});
