/** The comma counters behind class-balance's row-width check agree with a plain byte loop on every range. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countCommas, simdCommaCounter, wordView } from '../../src/load/comma-count.js';

function naive(bytes: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (bytes[i] === 44) n += 1;
  return n;
}

function fill(target: Uint8Array, seed: number): void {
  let a = seed >>> 0;
  // Commas, their neighbours in the zero-byte test (0x2c ^ 0x80 = 0xac, 0x2d, 0x2b), zero and high bytes.
  const alphabet = [44, 44, 44, 0xac, 0x2d, 0x2b, 0, 0xff, 0x80, 10, 48, 57, 0x7f];
  for (let i = 0; i < target.length; i++) {
    a = (Math.imul(a, 1103515245) + 12345) >>> 0;
    target[i] = alphabet[a % alphabet.length]!;
  }
}

describe('comma counting', () => {
  it('the SIMD counter is available here and matches a byte loop on random ranges', () => {
    const simd = simdCommaCounter(1 << 16);
    assert.ok(simd, 'WebAssembly SIMD should be available on Node 20');
    fill(simd.buffer, 1);
    for (let t = 0; t < 2000; t++) {
      const from = (t * 7919) % 4000;
      const to = from + ((t * 104729) % 300);
      assert.equal(simd.count(from, to), naive(simd.buffer, from, to), `range ${from}..${to}`);
    }
  });

  it('line() finds the next newline before the limit and counts the commas before it', () => {
    const simd = simdCommaCounter(1 << 16)!;
    fill(simd.buffer, 3);
    for (let t = 0; t < 2000; t++) {
      const from = (t * 7919) % 4000;
      const limit = from + ((t * 104729) % 300);
      let end = simd.buffer.indexOf(10, from);
      if (end === -1 || end >= limit) end = limit;
      assert.equal(simd.line(from, limit), end, `range ${from}..${limit}`);
      assert.equal(simd.commas(), naive(simd.buffer, from, end), `commas in ${from}..${end}`);
    }
  });

  it('line() flags exactly the lines with a quote or a byte >= 0x80 before their newline', () => {
    const simd = simdCommaCounter(1 << 16)!;
    let a = 7;
    const alphabet = [44, 10, 34, 0x80, 0xc3, 0xff, 0x7f, 48, 57, 97, 32, 13];
    for (let i = 0; i < 8000; i++) {
      a = (Math.imul(a, 1103515245) + 12345) >>> 0;
      // Mostly plain bytes, so lines run over several 16-byte blocks.
      simd.buffer[i] = (a >>> 16) % 9 === 0 ? alphabet[(a >>> 8) % alphabet.length]! : 48 + ((a >>> 4) % 10);
    }
    for (let t = 0; t < 2000; t++) {
      const from = (t * 7919) % 7000;
      const limit = from + ((t * 104729) % 600);
      const end = simd.line(from, limit);
      const expected = simd.buffer.subarray(from, end).some((byte) => byte === 34 || byte >= 0x80);
      assert.equal(simd.flags() !== 0, expected, `range ${from}..${end}`);
    }
  });

  it('the 4-byte fallback matches a byte loop, aligned or not', () => {
    const backing = Buffer.alloc(5000);
    fill(backing, 2);
    for (const offset of [0, 1, 3]) {
      const buffer = backing.subarray(offset);
      const words = wordView(buffer);
      assert.equal(words === null, offset % 4 !== 0);
      for (let t = 0; t < 2000; t++) {
        const from = (t * 31) % 4000;
        const to = Math.min(buffer.length, from + ((t * 17) % 257));
        assert.equal(countCommas(buffer, words, from, to), naive(buffer, from, to), `offset ${offset}, range ${from}..${to}`);
      }
    }
  });
  it('rows() counts labels in the histogram and reports how much of it is in use; clearHistogram empties that part', () => {
    const simd = simdCommaCounter(1 << 16)!;
    simd.clearHistogram();
    const text = 'a,3\nb,900\nc,3\nd,65535\n';
    simd.buffer.write(text, 0, 'latin1');
    assert.equal(simd.rows(0, text.length, 1), text.length);
    assert.equal(simd.taken(), 4);
    assert.equal(simd.histogramUsed(), 65536);
    assert.deepEqual([simd.histogram[3], simd.histogram[900], simd.histogram[65535]], [2, 1, 1]);
    simd.clearHistogram();
    assert.equal(simd.histogramUsed(), 0);
    assert.equal(simd.histogram.reduce((a, b) => a + b, 0), 0, 'no count may survive a clear');
    // A later scan with smaller labels: `used` follows the largest label of this scan only.
    const next = 'e,1\nf,0\n';
    simd.buffer.write(next, 0, 'latin1');
    simd.rows(0, next.length, 1);
    assert.equal(simd.histogramUsed(), 2);
    assert.deepEqual([...simd.histogram.subarray(0, 2)], [1, 1]);
    simd.clearHistogram();
  });
});
