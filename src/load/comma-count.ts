/**
 * Counts comma bytes in a line fast enough that checking every row's width costs about as much as finding its
 * end: a 16-byte-at-a-time WebAssembly SIMD loop over a buffer that lives in the module's own memory (the file
 * is read straight into it), with a 4-byte-at-a-time JavaScript fallback for any other buffer. For the usual
 * layout (the label is the last column) `rows` also takes whole runs of rows with small integer labels without
 * returning to JavaScript per row.
 */

const COMMA = 44;
const NEWLINE = 10;
const COMMAS = 0x2c2c2c2c;
const CR = 13;
const QUOTE = 34;
/** Labels 0 … HISTOGRAM_SIZE − 1 are counted inside wasm; any other label goes back to JavaScript. */
export const HISTOGRAM_SIZE = 65536;

/** A buffer backed by wasm memory and scanners over byte offsets into it. */
export interface SimdCommaCounter {
  buffer: Buffer;
  /** Commas in buffer[from, to). */
  count(from: number, to: number): number;
  /** Offset of the first newline in buffer[from, limit) (limit when there is none); commas before it in `commas()`. */
  line(from: number, limit: number): number;
  commas(): number;
  /** Non-zero when the bytes `line` passed over (up to its newline) hold a quote or a byte ≥ 0x80. */
  flags(): number;
  /**
   * Takes rows from `from` (a line start) while each ends with a newline before `limit`, has exactly `commas`
   * commas, and ends in a label of 1–6 ASCII digits below HISTOGRAM_SIZE (after the last comma, before an optional
   * CR), with no quote or non-ASCII byte; counts each such label in `histogram`. Returns the offset of the first row not taken (`limit` when all
   * were); how many rows were taken is in `taken()`.
   */
  rows(from: number, limit: number, commas: number): number;
  taken(): number;
  /** Label counts added by `rows`; only histogram[0, histogramUsed()) can be non-zero. */
  histogram: Int32Array;
  /** One more than the largest label `rows` has counted since the last clearHistogram (0 when none). */
  histogramUsed(): number;
  /** Zeroes the counts (call before a scan); touches only the part in use, not the whole 256 KB. */
  clearHistogram(): void;
}

function leb128(value: number): number[] {
  const out: number[] = [];
  let rest = value >>> 0;
  do {
    let byte = rest & 0x7f;
    rest >>>= 7;
    if (rest !== 0) byte |= 0x80;
    out.push(byte);
  } while (rest !== 0);
  return out;
}

function sleb128(value: number): number[] {
  const out: number[] = [];
  let rest = value | 0;
  for (;;) {
    const byte = rest & 0x7f;
    rest >>= 7;
    if ((rest === 0 && (byte & 0x40) === 0) || (rest === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

function section(id: number, bytes: number[]): number[] {
  return [id, ...leb128(bytes.length), ...bytes];
}

function name(text: string): number[] {
  return [text.length, ...Buffer.from(text, 'latin1')];
}

/**
 * The module, hand-assembled. `count(from, to)` sums popcount(bitmask(eq(load16(p), splat(','))))
 * over 16-byte blocks, then compares the remaining bytes one at a time (locals: 0 = p, 1 = to, 2 = n).
 * `line(from, limit)` walks 16-byte blocks until one holds a newline, adds the commas before it, stores the
 * comma count at `scratch`, whether a quote or non-ASCII byte came before it at `scratch + 8`, and returns the
 * newline's offset (locals: 0 = p, 1 = limit, 2 = n, 3 = newline mask, 4 = the byte loop's flags, 5 = the block,
 * 6 = the OR of the blocks' suspect bytes).
 */
function moduleBytes(pages: number, scratch: number, histogram: number): Uint8Array {
  const splatEq = (byte: number): number[] => [0x41, byte, 0xfd, 0x0f, 0xfd, 0x23, 0xfd, 0x64]; // bitmask(eq(·, splat(byte)))
  const storeN = [0x41, ...sleb128(scratch), 0x20, 0x02, 0x36, 0x02, 0x00];
  const count = [
    0x01, 0x01, 0x7f, // one extra i32 local: n
    0x02, 0x40, 0x03, 0x40, // block, loop
    0x20, 0x00, 0x41, 0x10, 0x6a, 0x20, 0x01, 0x4b, 0x0d, 0x01, // if p + 16 > to: break
    0x20, 0x02, 0x20, 0x00, 0xfd, 0x00, 0x00, 0x00, ...splatEq(COMMA), 0x69, 0x6a, 0x21, 0x02, // n += popcnt(commas in block)
    0x20, 0x00, 0x41, 0x10, 0x6a, 0x21, 0x00, 0x0c, 0x00, // p += 16; continue
    0x0b, 0x0b,
    0x02, 0x40, 0x03, 0x40,
    0x20, 0x00, 0x20, 0x01, 0x4f, 0x0d, 0x01, // if p >= to: break
    0x20, 0x02, 0x20, 0x00, 0x2d, 0x00, 0x00, 0x41, COMMA, 0x46, 0x6a, 0x21, 0x02, // n += load8_u(p) == ','
    0x20, 0x00, 0x41, 0x01, 0x6a, 0x21, 0x00, 0x0c, 0x00, // p += 1; continue
    0x0b, 0x0b,
    0x20, 0x02, 0x0b, // return n
  ];
  // line(p, limit) also ORs, over the bytes before the newline, each byte with its quote test: a set high bit in
  // that OR means the line holds a quote or a non-ASCII byte, which JavaScript must look at (stored at `flags`).
  const eq = (byte: number): number[] => [0x41, byte, 0xfd, 0x0f, 0xfd, 0x23]; // eq(·, splat(byte))
  const suspect = [0x20, 0x05, 0x20, 0x05, ...eq(QUOTE), 0xfd, 0x50]; // or(v, eq(v, '"'))
  const storeFlags = (value: number[]): number[] => [0x41, ...sleb128(scratch + 8), ...value, 0x36, 0x02, 0x00];
  const line = [
    0x02, 0x03, 0x7f, 0x02, 0x7b, // locals: n, mask, tail flags (i32); block, suspect bytes so far (v128)
    0x02, 0x40, 0x03, 0x40,
    0x20, 0x00, 0x41, 0x10, 0x6a, 0x20, 0x01, 0x4b, 0x0d, 0x01, // if p + 16 > limit: break to the byte loop
    0x20, 0x00, 0xfd, 0x00, 0x00, 0x00, 0x21, 0x05, // v = load16(p)
    0x20, 0x05, ...splatEq(NEWLINE), 0x21, 0x03, // mask = newlines in v
    0x20, 0x03, 0x04, 0x40, // if mask != 0:
    0x20, 0x02, 0x20, 0x05, ...splatEq(COMMA), // n, commas in v
    0x41, 0x01, 0x20, 0x03, 0x68, 0x74, 0x41, 0x01, 0x6b, 0x71, 0x69, 0x6a, 0x21, 0x02, // n += popcnt(commas & ((1 << ctz(mask)) - 1))
    ...storeN,
    // flags = bitmask(suspect(v)) & ((1 << ctz(mask)) - 1) | bitmask(suspect bytes so far)
    ...storeFlags([...suspect, 0xfd, 0x64, 0x41, 0x01, 0x20, 0x03, 0x68, 0x74, 0x41, 0x01, 0x6b, 0x71, 0x20, 0x06, 0xfd, 0x64, 0x72]),
    0x20, 0x00, 0x20, 0x03, 0x68, 0x6a, 0x0f, // return p + ctz(mask)
    0x0b,
    0x20, 0x02, 0x20, 0x05, ...splatEq(COMMA), 0x69, 0x6a, 0x21, 0x02, // n += popcnt(commas in v)
    0x20, 0x06, ...suspect, 0xfd, 0x50, 0x21, 0x06, // suspect bytes |= suspect(v)
    0x20, 0x00, 0x41, 0x10, 0x6a, 0x21, 0x00, 0x0c, 0x00, // p += 16; continue
    0x0b, 0x0b,
    0x02, 0x40, 0x03, 0x40,
    0x20, 0x00, 0x20, 0x01, 0x4f, 0x0d, 0x01, // if p >= limit: break
    0x20, 0x00, 0x2d, 0x00, 0x00, 0x41, NEWLINE, 0x46, 0x04, 0x40, // newline:
    ...storeN, ...storeFlags([0x20, 0x04, 0x20, 0x06, 0xfd, 0x64, 0x72]), 0x20, 0x00, 0x0f, 0x0b, // store n and flags, return p
    0x20, 0x02, 0x20, 0x00, 0x2d, 0x00, 0x00, 0x41, COMMA, 0x46, 0x6a, 0x21, 0x02, // n += load8_u(p) == ','
    // tail flags |= load8_u(p) == '"' | load8_u(p) >= 0x80
    0x20, 0x04, 0x20, 0x00, 0x2d, 0x00, 0x00, 0x41, QUOTE, 0x46, 0x72, 0x20, 0x00, 0x2d, 0x00, 0x00, 0x41, ...sleb128(0x80), 0x4f, 0x72, 0x21, 0x04,
    0x20, 0x00, 0x41, 0x01, 0x6a, 0x21, 0x00, 0x0c, 0x00,
    0x0b, 0x0b,
    ...storeN, ...storeFlags([0x20, 0x04, 0x20, 0x06, 0xfd, 0x64, 0x72]), 0x20, 0x01, 0x0b, // no newline: store n and flags, return limit
  ];
  // rows(p, limit, expected); locals: 3 = end, 4 = q (walks back over the label), 5 = value, 6 = place value,
  // 7 = rows taken, 8 = byte / digit, 9 = histogram address, 10 = histogram entries in use (kept at `scratch + 12`
  // between calls). Every `br_if 1` at the loop's top level (and `br_if 3` inside the digit loop) leaves with p at
  // the row that JavaScript must handle.
  const rows = [
    0x01, 0x08, 0x7f,
    0x41, 0x00, 0x21, 0x07, // taken = 0
    0x41, ...sleb128(scratch + 12), 0x28, 0x02, 0x00, 0x21, 0x0a, // used = load(scratch + 12)
    0x02, 0x40, 0x03, 0x40, // block $done, loop $row
    0x20, 0x00, 0x20, 0x01, 0x4f, 0x0d, 0x01, // if p >= limit: done
    0x20, 0x00, 0x20, 0x01, 0x10, 0x01, 0x21, 0x03, // end = line(p, limit)
    0x20, 0x03, 0x20, 0x01, 0x4f, 0x0d, 0x01, // no newline before limit: done
    0x41, ...sleb128(scratch), 0x28, 0x02, 0x00, 0x20, 0x02, 0x47, 0x0d, 0x01, // commas != expected: done
    0x41, ...sleb128(scratch + 8), 0x28, 0x02, 0x00, 0x0d, 0x01, // a quote or a non-ASCII byte: done
    0x20, 0x03, 0x21, 0x04, // q = end
    0x20, 0x04, 0x20, 0x00, 0x4b, 0x04, 0x40, // if q > p
    0x20, 0x04, 0x41, 0x01, 0x6b, 0x2d, 0x00, 0x00, 0x41, CR, 0x46, 0x04, 0x40, // if load8(q - 1) == CR
    0x20, 0x04, 0x41, 0x01, 0x6b, 0x21, 0x04, // q -= 1
    0x0b, 0x0b,
    0x41, 0x00, 0x21, 0x05, 0x41, 0x01, 0x21, 0x06, // value = 0, place = 1
    0x02, 0x40, 0x03, 0x40, // block $parsed, loop $digit
    0x20, 0x04, 0x20, 0x00, 0x4d, 0x0d, 0x01, // q <= p: parsed
    0x20, 0x04, 0x41, 0x01, 0x6b, 0x2d, 0x00, 0x00, 0x21, 0x08, // c = load8(q - 1)
    0x20, 0x08, 0x41, COMMA, 0x46, 0x0d, 0x01, // c == ',': parsed
    0x20, 0x08, 0x41, 0x30, 0x6b, 0x22, 0x08, 0x41, 0x09, 0x4b, 0x0d, 0x03, // c -= '0'; not a digit: done
    0x20, 0x06, 0x41, ...sleb128(1_000_000), 0x46, 0x0d, 0x03, // a 7th digit: done
    0x20, 0x05, 0x20, 0x08, 0x20, 0x06, 0x6c, 0x6a, 0x21, 0x05, // value += c * place
    0x20, 0x06, 0x41, 0x0a, 0x6c, 0x21, 0x06, // place *= 10
    0x20, 0x04, 0x41, 0x01, 0x6b, 0x21, 0x04, // q -= 1
    0x0c, 0x00, 0x0b, 0x0b, // next digit
    0x20, 0x06, 0x41, 0x01, 0x46, 0x0d, 0x01, // empty label: done
    0x20, 0x05, 0x41, ...sleb128(HISTOGRAM_SIZE), 0x4f, 0x0d, 0x01, // value >= HISTOGRAM_SIZE: done
    0x20, 0x05, 0x20, 0x0a, 0x4f, 0x04, 0x40, 0x20, 0x05, 0x41, 0x01, 0x6a, 0x21, 0x0a, 0x0b, // if value >= used: used = value + 1
    0x20, 0x05, 0x41, 0x02, 0x74, 0x41, ...sleb128(histogram), 0x6a, 0x22, 0x09, // address of histogram[value]
    0x20, 0x09, 0x28, 0x02, 0x00, 0x41, 0x01, 0x6a, 0x36, 0x02, 0x00, // histogram[value] += 1
    0x20, 0x07, 0x41, 0x01, 0x6a, 0x21, 0x07, // taken += 1
    0x20, 0x03, 0x41, 0x01, 0x6a, 0x21, 0x00, // p = end + 1
    0x0c, 0x00, 0x0b, 0x0b, // next row
    0x41, ...sleb128(scratch + 4), 0x20, 0x07, 0x36, 0x02, 0x00, // store taken
    0x41, ...sleb128(scratch + 12), 0x20, 0x0a, 0x36, 0x02, 0x00, // store used
    0x20, 0x00, 0x0b, // return p
  ];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [0x02, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x03, 0x7f, 0x7f, 0x7f, 0x01, 0x7f]), // (i32, i32) -> i32; (i32, i32, i32) -> i32
    ...section(3, [0x03, 0x00, 0x00, 0x01]),
    ...section(5, [0x01, 0x00, ...leb128(pages)]),
    ...section(7, [0x04, ...name('memory'), 0x02, 0x00, ...name('count'), 0x00, 0x00, ...name('line'), 0x00, 0x01, ...name('rows'), 0x00, 0x02]),
    ...section(10, [0x03, ...leb128(count.length), ...count, ...leb128(line.length), ...line, ...leb128(rows.length), ...rows]),
  ]);
}

/** The slice of the WebAssembly API used here (the project's lib settings do not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: Record<string, unknown> };
}

let cached: SimdCommaCounter | null | undefined;

/**
 * A counter whose `buffer` holds `bytes` bytes, or null where WebAssembly SIMD is unavailable. One per process:
 * callers must finish with the buffer before the next call (the scanner is synchronous).
 */
export function simdCommaCounter(bytes: number): SimdCommaCounter | null {
  if (cached !== undefined) return cached && cached.buffer.length >= bytes ? cached : null;
  try {
    // The buffer, then (at least 16 bytes past its end, so block loads stay in bounds) four scratch words, then the histogram.
    const scratch = Math.ceil((bytes + 16) / 4) * 4;
    const histogramAt = scratch + 16;
    const pages = Math.ceil((histogramAt + HISTOGRAM_SIZE * 4) / 65536);
    const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    const instance = new wasm.Instance(new wasm.Module(moduleBytes(pages, scratch, histogramAt)));
    const memory = instance.exports.memory as { buffer: ArrayBuffer };
    const count = instance.exports.count as (from: number, to: number) => number;
    const line = instance.exports.line as (from: number, limit: number) => number;
    const rows = instance.exports.rows as (from: number, limit: number, commas: number) => number;
    const word = new Int32Array(memory.buffer, scratch, 4);
    const histogram = new Int32Array(memory.buffer, histogramAt, HISTOGRAM_SIZE);
    const buffer = Buffer.from(memory.buffer, 0, bytes);
    const sample = '1,2,,3,4,5,6,7,8,9,10,11,12,13,\n,a,b\n,,';
    buffer.write(sample, 0, 'latin1');
    const commas = (): number => word[0]!;
    const taken = (): number => word[1]!;
    const flags = (): number => word[2]!;
    const histogramUsed = (): number => word[3]!;
    const clearHistogram = (): void => {
      histogram.fill(0, 0, word[3]!);
      word[3] = 0;
    };
    // A self-test guards against a runtime that compiles the module but miscounts.
    const ok = count(0, 31) === 14 && count(1, 4) === 2 && count(5, 5) === 0
      && line(0, sample.length) === 31 && commas() === 14 && line(32, sample.length) === 36 && commas() === 2
      && line(37, sample.length) === sample.length && commas() === 2 && line(3, 4) === 4 && commas() === 1
      && flagsSelfTest(buffer, line, flags)
      && rowsSelfTest(buffer, rows, taken, histogram, histogramUsed, clearHistogram);
    cached = ok ? { buffer, count, line, commas, flags, rows, taken, histogram, histogramUsed, clearHistogram } : null;
  } catch {
    cached = null;
  }
  return cached;
}

/** `flags` marks exactly the lines with a quote or a non-ASCII byte before their newline, in the block loop and the byte loop. */
function flagsSelfTest(buffer: Buffer, line: SimdCommaCounter['line'], flags: () => number): boolean {
  // 16-byte blocks first (a quote after the newline in the same block must not count), the last three lines byte by byte.
  const lines = ['plain,1,2,3,4,5,6,7,8,9,10,11,12', 'a "quoted" cell,0123456789abcdef', 'caf\u00e9,0123456789abcdef,1', 'x'.repeat(40), 'ab', '"c', '0123456789abcde"', 'ok', 'q"', '\u00e9'];
  const expected = [false, true, true, false, false, true, true, false, true, true];
  const text = Buffer.from(lines.join('\n') + '\n', 'utf8');
  text.copy(buffer, 0);
  let from = 0;
  for (let i = 0; i < lines.length; i++) {
    const end = line(from, text.length);
    if ((flags() !== 0) !== expected[i]) return false;
    from = end + 1;
  }
  return true;
}

/** `rows` on a few rows that it must take or stop at (each stop is a row JavaScript handles). */
function rowsSelfTest(buffer: Buffer, rows: SimdCommaCounter['rows'], taken: () => number, histogram: Int32Array, used: () => number, clear: () => void): boolean {
  const sample = 'a,7\nb,45\r\nc,007\nd,\ne,x\nf,1234567\ng,65536\nh,1,2\ni,3';
  buffer.write(sample, 0, 'latin1');
  const stops: number[] = [];
  const counts: number[] = [];
  for (let p = 0; p < sample.length;) {
    p = rows(p, sample.length, 1);
    counts.push(taken());
    stops.push(p);
    p = sample.indexOf('\n', p) === -1 ? sample.length : sample.indexOf('\n', p) + 1;
  }
  const ok = stops.join() === [sample.indexOf('d,'), sample.indexOf('e,'), sample.indexOf('f,'), sample.indexOf('g,'), sample.indexOf('h,'), sample.indexOf('i,')].join()
    && counts.join() === '3,0,0,0,0,0' && used() === 46 && histogram[7] === 2 && histogram[45] === 1
    && histogram.subarray(0, 46).reduce((a, b) => a + b, 0) === 3;
  clear();
  return ok && used() === 0 && histogram[7] === 0 && histogram[45] === 0;
}

/** A 32-bit view of the buffer for countCommas, or null when the buffer is not 4-byte aligned. */
export function wordView(buffer: Buffer): Int32Array | null {
  return buffer.byteOffset % 4 === 0 ? new Int32Array(buffer.buffer, buffer.byteOffset, buffer.length >>> 2) : null;
}

/**
 * Number of comma bytes in buffer[from, to), without WebAssembly. The aligned middle is read as 32-bit words:
 * XOR with four commas turns each comma into a zero byte, and the exact zero-byte test
 * ((x & 0x7f…) + 0x7f…) | x leaves a byte's high bit clear only for those, so the count is the clear high bits.
 */
export function countCommas(buffer: Buffer, words: Int32Array | null, from: number, to: number): number {
  let count = 0;
  let i = from;
  if (words) {
    const head = Math.min(to, (from + 3) & ~3);
    for (; i < head; i++) if (buffer[i] === COMMA) count += 1;
    const wordEnd = to >>> 2;
    for (let k = i >>> 2; k < wordEnd; k++) {
      const x = words[k]! ^ COMMAS;
      const zeros = ~(((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x) & 0x80808080;
      if (zeros !== 0) count += Math.imul(zeros >>> 7, 0x01010101) >>> 24;
    }
    i = Math.max(i, wordEnd << 2);
  }
  for (; i < to; i++) if (buffer[i] === COMMA) count += 1;
  return count;
}
