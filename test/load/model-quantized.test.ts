/** Weights quantized by `tensorflowjs_converter --quantize_uint8/uint16/float16` load as TF.js decodes them. */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { halfToFloat, readModelFiles } from '../../src/load/model-files.js';
import { InputError } from '../../src/errors.js';
import { runCli } from '../helpers/cli.js';

type Manifest = { weightsManifest: Array<{ paths: string[]; weights: Array<Record<string, unknown>> }> };

/** Nearest IEEE half for a normal-range number (the test's own encoder, independent of the decoder under test). */
function toHalf(value: number): number {
  if (value === 0) return 0;
  const sign = value < 0 ? 0x8000 : 0;
  const magnitude = Math.abs(value);
  let exponent = Math.floor(Math.log2(magnitude));
  if (exponent < -14) return sign | Math.round(magnitude / 2 ** -24);
  let fraction = Math.round((magnitude / 2 ** exponent - 1) * 1024);
  if (fraction === 1024) {
    fraction = 0;
    exponent += 1;
  }
  return sign | ((exponent + 15) << 10) | fraction;
}

/** Copies examples/healthy-iris with every weight stored as `kind`, returning the folder. */
function quantizedCopy(kind: 'uint8' | 'uint16' | 'float16'): string {
  const dir = mkdtempSync(join(tmpdir(), `nndoctor-quantized-${kind}-`));
  cpSync('examples/healthy-iris', dir, { recursive: true });
  const model = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as Manifest;
  const group = model.weightsManifest[0]!;
  const shard = join(dir, group.paths[0]!);
  const bytes = readFileSync(shard);
  const floats = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
  const parts: Buffer[] = [];
  let at = 0;
  for (const weight of group.weights) {
    const count = (weight.shape as number[]).reduce((a, b) => a * b, 1);
    const values = Array.from(floats.subarray(at, at + count));
    at += count;
    if (kind === 'float16') {
      weight.quantization = { dtype: 'float16' };
      parts.push(Buffer.from(new Uint16Array(values.map(toHalf)).buffer));
      continue;
    }
    const levels = kind === 'uint8' ? 255 : 65535;
    const min = Math.min(...values);
    const scale = (Math.max(...values) - min) / levels || 1;
    weight.quantization = { dtype: kind, min, scale };
    const codes = values.map((v) => Math.round((v - min) / scale));
    parts.push(kind === 'uint8' ? Buffer.from(codes) : Buffer.from(new Uint16Array(codes).buffer));
  }
  writeFileSync(shard, Buffer.concat(parts));
  writeFileSync(join(dir, 'model.json'), JSON.stringify(model));
  return dir;
}

describe('quantized weights', () => {
  const dirs: Record<string, string> = {};
  before(() => {
    for (const kind of ['uint8', 'uint16', 'float16'] as const) dirs[kind] = quantizedCopy(kind);
  });
  after(() => Object.values(dirs).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('decodes IEEE half floats, subnormals and infinities included', () => {
    assert.equal(halfToFloat(0x3c00), 1);
    assert.equal(halfToFloat(0xc000), -2);
    assert.equal(halfToFloat(0x7bff), 65504);
    assert.equal(halfToFloat(0x0001), 2 ** -24);
    assert.equal(halfToFloat(0x7c00), Infinity);
    assert.ok(Number.isNaN(halfToFloat(0x7e00)));
    assert.ok(Math.abs(halfToFloat(0x3555) - 1 / 3) < 1e-3);
  });

  it('loads each encoding as float32 weights within its quantization step of the original', () => {
    const original = readModelFiles('examples/healthy-iris/model.json');
    const reference = new Float32Array(original.weightData!);
    for (const [kind, tolerance] of [['uint8', 0.02], ['uint16', 1e-4], ['float16', 2e-3]] as const) {
      const loaded = readModelFiles(join(dirs[kind]!, 'model.json'));
      assert.deepEqual(loaded.weightSpecs, original.weightSpecs, kind);
      const values = new Float32Array(loaded.weightData!);
      assert.equal(values.length, reference.length, kind);
      const worst = values.reduce((max, v, i) => Math.max(max, Math.abs(v - reference[i]!)), 0);
      assert.ok(worst > 0 && worst < tolerance, `${kind}: largest difference ${worst}`);
    }
  });

  it('passes check like the model it was quantized from', () => {
    for (const kind of ['uint8', 'float16']) {
      const run = runCli(['check', dirs[kind]!, '--format', 'json']);
      assert.equal(run.code, 0, `${kind}: ${run.stdout.slice(0, 2000)}${run.stderr}`);
    }
  });

  it('refuses an unknown encoding or a missing scale with the weight and key named', () => {
    const dir = dirs.uint8!;
    const model = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as Manifest;
    for (const [quantization, pattern] of [[{ dtype: 'int4' }, /quantized as "int4"/], [{ dtype: 'uint8', min: 0 }, /without a finite scale and min/]] as const) {
      const broken = structuredClone(model);
      broken.weightsManifest[0]!.weights[0]!.quantization = quantization;
      writeFileSync(join(dir, 'broken.json'), JSON.stringify(broken));
      assert.throws(() => readModelFiles(join(dir, 'broken.json')), (error: unknown) => error instanceof InputError && pattern.test(error.message) && /weightsManifest\[0\]\.weights\[0\]\.quantization/.test(error.toLine()));
    }
  });
});
