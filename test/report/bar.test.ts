/** The class-balance bar chart: lengths in eighths of a cell, never shorter for a larger share. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bar } from '../../src/report/formatters/details.js';

const EIGHTHS = ' ▏▎▍▌▋▊▉';
/** Drawn length in eighths of a cell. */
function length(drawn: string): number {
  let eighths = 0;
  for (const ch of drawn) eighths += ch === '█' ? 8 : Math.max(0, EIGHTHS.indexOf(ch));
  return eighths;
}

describe('bar', () => {
  it('a fraction that rounds up to a whole cell draws that cell (33 of 800 rows, 50 of 150)', () => {
    assert.equal(bar(33 / 800), '█'.padEnd(24));
    assert.equal(bar(50 / 150), '████████'.padEnd(24));
    assert.equal(bar(49 / 150), '███████▉'.padEnd(24));
  });

  it('is monotone: a larger share never draws a shorter bar', () => {
    let previous = -1;
    for (let i = 0; i <= 24 * 8 * 16; i++) {
      const drawn = bar(i / (24 * 8 * 16));
      assert.equal([...drawn].length, 24, 'always padded to the width');
      const now = length(drawn);
      assert.ok(now >= previous, `share ${i / (24 * 8 * 16)} drew ${now}/8 cells, less than ${previous}/8 for a smaller share`);
      previous = now;
    }
    assert.equal(previous, 24 * 8);
  });

  it('is within half an eighth of the exact length', () => {
    for (let count = 1; count <= 800; count++) {
      const exact = (count / 800) * 24 * 8;
      assert.ok(Math.abs(length(bar(count / 800)) - Math.max(1, exact)) <= 0.5, `count ${count}`);
    }
  });

  it('draws nothing for a zero, negative or non-finite share, at least one eighth for a tiny one, and clamps at 1', () => {
    assert.equal(bar(0), ' '.repeat(24));
    assert.equal(bar(-0.2), ' '.repeat(24));
    assert.equal(bar(Number.NaN), ' '.repeat(24));
    assert.equal(bar(1e-6), '▏'.padEnd(24));
    assert.equal(bar(1.5), '█'.repeat(24));
    assert.equal(bar(0.5, 8), '████    ');
  });
});
