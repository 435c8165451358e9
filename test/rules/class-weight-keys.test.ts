/**
 * The class-imbalance hint and the class-balance summary print the same classWeight, keyed by the class index
 * training uses (red-team c30: a 0.5 among integer labels was keyed "0.5" in one and shifted every index in the other).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runChecks } from '../../src/index.js';
import { classWeightsByIndex } from '../../src/rules/support/labels.js';
import { makeLabelTable } from '../helpers/builders.js';

const DIR = mkdtempSync(join(tmpdir(), 'nndoctor-class-weight-'));
after(() => rmSync(DIR, { recursive: true, force: true }));

describe('classWeightsByIndex', () => {
  it('integer labels are their own index', () => {
    assert.deepEqual(classWeightsByIndex(makeLabelTable({ 0: 990, 1: 10 })), { classWeight: { 0: 0.505051, 1: 50 }, classIndex: null, unindexed: [] });
    // Labels 1 and 3 only: keys 1 and 3, not positions 0 and 1.
    assert.deepEqual(classWeightsByIndex(makeLabelTable({ 1: 30, 3: 10 })).classWeight, { 1: 0.666667, 3: 2 });
  });

  it('a non-integer or negative label gets no key, and the others are balanced among themselves', () => {
    const { classWeight, classIndex, unindexed } = classWeightsByIndex(makeLabelTable({ 0: 49, '0.5': 1, 1: 50, 2: 50, '-1': 10 }));
    assert.deepEqual(classWeight, { 0: 1.01361, 1: 0.993333, 2: 0.993333 });
    assert.equal(classIndex, null);
    assert.deepEqual(unindexed.sort(), ['-1', '0.5']);
  });

  it('text labels are keyed by their sorted position, with the mapping', () => {
    const { classWeight, classIndex } = classWeightsByIndex(makeLabelTable({ dog: 10, cat: 30 }));
    assert.deepEqual(classIndex, { cat: 0, dog: 1 });
    assert.deepEqual(classWeight, { 0: 0.666667, 1: 2 });
  });
});

describe('class-balance on a 0.5 among integer labels', () => {
  it('the hint and the summary print the same classWeight, keyed 0, 1, 2', async () => {
    const lines = ['x,label'];
    const labels = [...Array(49).fill('0'), '0.5', ...Array(50).fill('1'), ...Array(50).fill('2')];
    labels.forEach((label, i) => lines.push(`${(i % 7) / 7},${label}`));
    const file = join(DIR, 'train.csv');
    writeFileSync(file, lines.join('\n') + '\n');
    const { report } = await runChecks(['class-balance'], { data: file });
    const check = report.experiments[0]!.checks[0]!;
    const summary = check.data as { classWeight: Record<string, number>; unweightedLabels: string[] };
    assert.deepEqual(summary.classWeight, { 0: 1.01361, 1: 0.993333, 2: 0.993333 });
    assert.deepEqual(summary.unweightedLabels, ['0.5']);
    const imbalance = check.findings.find((f) => f.rule === 'class-imbalance');
    assert.ok(imbalance, 'one 0.5 among 50s is a 50:1 imbalance');
    assert.deepEqual((imbalance.data as { classWeight: unknown }).classWeight, summary.classWeight);
    assert.ok(imbalance.hint!.includes(`classWeight: ${JSON.stringify(summary.classWeight)}`), imbalance.hint);
    assert.match(imbalance.hint!, /label 0\.5 is no class index and gets no weight/);
    assert.ok(check.findings.some((f) => f.rule === 'label-out-of-range'));
  });
});
