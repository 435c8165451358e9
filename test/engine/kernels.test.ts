/** The training kernels nndoctor registers, checked against the stock tfjs cpu kernels on seeded random shapes. */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import seedrandom from 'seedrandom';
import type { KernelBackend, KernelConfig, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { startEngine, type Tf } from '../../src/load/backend.js';
import { trainingKernels } from '../../src/engine/register-kernels.js';

type Inputs = Record<string, { shape: number[]; values: Float32Array | Int32Array }>;

/** Seeded uniform [0, 1) numbers (seedrandom's alea, as everywhere else in nndoctor). */
const rng = (seed: number): (() => number) => seedrandom.alea(String(seed));

let tf: Tf;
/** The stock cpu kernels, captured before anything can replace them. */
const stockCpu = new Map<string, KernelConfig>();

before(async () => {
  tf = await import('@tensorflow/tfjs');
  for (const name of ['Conv2DBackpropInput', 'BatchMatMul', 'Conv2DBackpropFilter', 'DepthwiseConv2dNativeBackpropFilter', 'DepthwiseConv2dNativeBackpropInput', 'UnsortedSegmentSum']) {
    stockCpu.set(name, tf.getKernel(name, 'cpu')!);
  }
  // Starting the wasm engine registers nndoctor's wasm kernels (and leaves the cpu registry alone).
  await startEngine('wasm');
});

/** Runs one kernel function on a backend with fresh input tensors and returns its output values. */
async function run(backendName: 'cpu' | 'wasm', config: KernelConfig, inputs: Inputs, attrs: NamedAttrMap): Promise<{ shape: number[]; values: Float32Array }> {
  await tf.setBackend(backendName);
  const before = tf.memory().numTensors;
  const tensors = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, tf.tensor(v.values, v.shape, v.values instanceof Int32Array ? 'int32' : 'float32')]));
  const backend = tf.backend() as KernelBackend;
  const dataIds = backend.numDataIds();
  const out = config.kernelFunc({ inputs: tensors as unknown as Record<string, TensorInfo>, backend, attrs }) as TensorInfo;
  const values = Float32Array.from(backend.readSync(out.dataId) as Float32Array);
  backend.disposeData(out.dataId);
  // Intermediate buffers (im2col columns, transposed operands) must be freed inside the kernel.
  assert.equal(backend.numDataIds(), dataIds, 'backend buffers leaked');
  Object.values(tensors).forEach((t) => t.dispose());
  assert.equal(tf.memory().numTensors, before);
  return { shape: out.shape, values };
}

function ours(name: string, backend: 'cpu' | 'wasm'): KernelConfig {
  return trainingKernels(tf, backend).find((k) => k.kernelName === name)!;
}

function assertClose(actual: { shape: number[]; values: Float32Array }, expected: { shape: number[]; values: Float32Array }, label: string): void {
  assert.deepEqual(actual.shape, expected.shape, `${label}: shape`);
  let scale = 1;
  for (const v of expected.values) scale = Math.max(scale, Math.abs(v));
  for (let i = 0; i < expected.values.length; i++) {
    const diff = Math.abs(actual.values[i]! - expected.values[i]!);
    assert.ok(diff <= 1e-4 * scale, `${label}: element ${i} is ${actual.values[i]} but the stock kernel gives ${expected.values[i]}`);
  }
}

function randomValues(random: () => number, shape: number[]): Float32Array {
  const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < out.length; i++) out[i] = random() * 2 - 1;
  return out;
}

interface ConvCase { batch: number; h: number; w: number; cin: number; cout: number; fh: number; fw: number; stride: number; pad: 'same' | 'valid'; format: 'NHWC' | 'NCHW' }

function convCases(seed: number, count: number): ConvCase[] {
  const random = rng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]!;
  const cases: ConvCase[] = [];
  for (let i = 0; i < count; i++) {
    cases.push({
      batch: i % 2 === 0 ? 1 : 3, h: 4 + Math.floor(random() * 6), w: 4 + Math.floor(random() * 6),
      cin: 1 + Math.floor(random() * 4), cout: 1 + Math.floor(random() * 5), fh: pick([1, 2, 3]), fw: pick([1, 3]),
      stride: i % 4 < 2 ? 1 : 2, pad: i % 3 === 0 ? 'valid' : 'same', format: 'NHWC',
    });
  }
  return cases;
}

describe('Conv2DBackpropFilter (im2col + matMul)', () => {
  const cases = [...convCases(7, 12), { batch: 3, h: 7, w: 6, cin: 3, cout: 4, fh: 3, fw: 3, stride: 2, pad: 'same' as const, format: 'NCHW' as const }];
  for (const c of cases) {
    it(`matches the stock cpu kernel: ${JSON.stringify(c)}`, async () => {
      const random = rng(c.h * 131 + c.w * 17 + c.cin * 7 + c.cout + c.stride * 1000);
      const xShape = c.format === 'NHWC' ? [c.batch, c.h, c.w, c.cin] : [c.batch, c.cin, c.h, c.w];
      const filterShape = [c.fh, c.fw, c.cin, c.cout] as [number, number, number, number];
      const info = tf.backend_util.computeConv2DInfo(xShape as [number, number, number, number], filterShape, c.stride, 1, c.pad, undefined, false, c.format === 'NHWC' ? 'channelsLast' : 'channelsFirst');
      const dyShape = c.format === 'NHWC' ? [c.batch, info.outHeight, info.outWidth, c.cout] : [c.batch, c.cout, info.outHeight, info.outWidth];
      const inputs: Inputs = { x: { shape: xShape, values: randomValues(random, xShape) }, dy: { shape: dyShape, values: randomValues(random, dyShape) } };
      const attrs = { strides: [c.stride, c.stride], pad: c.pad, dataFormat: c.format, filterShape };
      const expected = await run('cpu', stockCpu.get('Conv2DBackpropFilter')!, inputs, attrs);
      assertClose(await run('cpu', ours('Conv2DBackpropFilter', 'cpu'), inputs, attrs), expected, 'cpu');
      assertClose(await run('wasm', ours('Conv2DBackpropFilter', 'wasm'), inputs, attrs), expected, 'wasm');
    });
  }
});

describe('Conv2DBackpropInput on wasm (stride 1 through the wasm Conv2D kernel, the rest stock)', () => {
  const cases = [...convCases(11, 10), { batch: 2, h: 13, w: 13, cin: 8, cout: 16, fh: 3, fw: 3, stride: 1, pad: 'valid' as const, format: 'NHWC' as const }];
  for (const c of cases) {
    it(`matches the stock cpu kernel: ${JSON.stringify(c)}`, async () => {
      const random = rng(c.h * 97 + c.w * 13 + c.cin * 5 + c.cout + c.stride * 500);
      const xShape = [c.batch, c.h, c.w, c.cin] as [number, number, number, number];
      const filterShape = [c.fh, c.fw, c.cin, c.cout];
      const info = tf.backend_util.computeConv2DInfo(xShape, filterShape as [number, number, number, number], c.stride, 1, c.pad);
      const dyShape = [c.batch, info.outHeight, info.outWidth, c.cout];
      const inputs: Inputs = { dy: { shape: dyShape, values: randomValues(random, dyShape) }, filter: { shape: filterShape, values: randomValues(random, filterShape) } };
      const attrs = { strides: [c.stride, c.stride], pad: c.pad, dataFormat: 'NHWC', inputShape: xShape, dilations: [1, 1] };
      const expected = await run('cpu', stockCpu.get('Conv2DBackpropInput')!, inputs, attrs);
      assertClose(await run('wasm', ours('Conv2DBackpropInput', 'wasm'), inputs, attrs), expected, 'wasm');
    });
  }
});

describe('DepthwiseConv2dNative gradients on wasm', () => {
  for (const c of convCases(11, 8)) {
    const mult = 1 + (c.cout % 2);
    it(`filter and input gradients match the stock cpu kernels: ${JSON.stringify({ ...c, cout: undefined, mult, format: undefined })}`, async () => {
      const random = rng(c.h * 31 + c.w * 7 + c.cin + mult * 100);
      const xShape = [c.batch, c.h, c.w, c.cin];
      const filterShape = [c.fh, c.fw, c.cin, mult] as [number, number, number, number];
      const info = tf.backend_util.computeConv2DInfo(xShape as [number, number, number, number], filterShape, c.stride, 1, c.pad, undefined, true);
      const dyShape = [c.batch, info.outHeight, info.outWidth, c.cin * mult];
      const x = { shape: xShape, values: randomValues(random, xShape) };
      const dy = { shape: dyShape, values: randomValues(random, dyShape) };
      const filter = { shape: filterShape, values: randomValues(random, filterShape) };
      const common = { strides: [c.stride, c.stride], dilations: [1, 1], pad: c.pad };
      const fAttrs = { ...common, filterShape };
      assertClose(await run('wasm', ours('DepthwiseConv2dNativeBackpropFilter', 'wasm'), { x, dy }, fAttrs), await run('cpu', stockCpu.get('DepthwiseConv2dNativeBackpropFilter')!, { x, dy }, fAttrs), 'filter');
      const iAttrs = { ...common, inputShape: xShape };
      assertClose(await run('wasm', ours('DepthwiseConv2dNativeBackpropInput', 'wasm'), { dy, filter }, iAttrs), await run('cpu', stockCpu.get('DepthwiseConv2dNativeBackpropInput')!, { dy, filter }, iAttrs), 'input');
    });
  }
});

describe('BatchMatMul with transposed operands on wasm', () => {
  it('matches the stock cpu kernel for every transpose combination, single and batched matrices', async () => {
    const random = rng(21);
    for (const [batch, m, k, n] of [[1, 5, 7, 3], [1, 33, 70, 9], [1, 1, 4, 16], [3, 4, 6, 5]] as const) {
      for (const transposeA of [false, true]) {
        for (const transposeB of [false, true]) {
          const aShape = transposeA ? [batch, k, m] : [batch, m, k];
          const bShape = transposeB ? [batch, n, k] : [batch, k, n];
          const inputs: Inputs = { a: { shape: aShape, values: randomValues(random, aShape) }, b: { shape: bShape, values: randomValues(random, bShape) } };
          const attrs = { transposeA, transposeB };
          const label = `${JSON.stringify({ batch, m, k, n, transposeA, transposeB })}`;
          assertClose(await run('wasm', ours('BatchMatMul', 'wasm'), inputs, attrs), await run('cpu', stockCpu.get('BatchMatMul')!, inputs, attrs), label);
        }
      }
    }
  });
});

describe('UnsortedSegmentSum', () => {
  it('matches the stock cpu kernel on cpu and wasm, for float rows and int scalars, ignoring out-of-range ids', async () => {
    const random = rng(3);
    const ids = Int32Array.from({ length: 9 }, (_, i) => (i === 4 ? -1 : i === 6 ? 7 : Math.floor(random() * 5)));
    const cases: Array<[Inputs, number]> = [
      [{ x: { shape: [9, 2, 3], values: randomValues(random, [9, 2, 3]) }, segmentIds: { shape: [9], values: ids } }, 5],
      [{ x: { shape: [9], values: Int32Array.from({ length: 9 }, (_, i) => i * 3 - 4) }, segmentIds: { shape: [9], values: ids } }, 6],
    ];
    // A [3, 3] id matrix over [3, 3, 2] rows; the stock kernel only takes 1-D ids, so it gets the flattened form.
    const matrix = randomValues(random, [3, 3, 2]);
    cases.push([{ x: { shape: [3, 3, 2], values: matrix }, segmentIds: { shape: [3, 3], values: ids } }, 5]);
    for (const [inputs, numSegments] of cases) {
      const flat: Inputs = { x: { shape: [9, inputs.x!.values.length / 9], values: inputs.x!.values }, segmentIds: { shape: [9], values: ids } };
      const stock = await run('cpu', stockCpu.get('UnsortedSegmentSum')!, flat, { numSegments });
      const expected = { shape: [numSegments, ...inputs.x!.shape.slice(inputs.segmentIds!.shape.length)], values: stock.values };
      assertClose(await run('cpu', ours('UnsortedSegmentSum', 'cpu'), inputs, { numSegments }), expected, 'cpu');
      assertClose(await run('wasm', ours('UnsortedSegmentSum', 'wasm'), inputs, { numSegments }), expected, 'wasm');
    }
  });
});

describe('training on wasm through the registered kernels', () => {
  type Model = import('@tensorflow/tfjs').Sequential;
  const builders: Record<string, () => Model> = {
    conv2d: () => tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [7, 7, 2], filters: 3, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }), tf.layers.maxPooling2d({ poolSize: 2 }), tf.layers.flatten(), tf.layers.dense({ units: 3, activation: 'softmax' })] }),
    separable: () => tf.sequential({ layers: [tf.layers.separableConv2d({ inputShape: [6, 6, 2], filters: 3, kernelSize: 3, depthMultiplier: 2 }), tf.layers.globalAveragePooling2d({}), tf.layers.dense({ units: 3, activation: 'softmax' })] }),
    embedding: () => tf.sequential({ layers: [tf.layers.embedding({ inputDim: 12, outputDim: 3, inputLength: 4 }), tf.layers.flatten(), tf.layers.dense({ units: 3, activation: 'softmax' })] }),
  };
  for (const [name, build] of Object.entries(builders)) {
    it(`${name}: wasm gradients equal the stock cpu gradients, without leaking tensors`, async () => {
      await tf.setBackend('cpu');
      const model = build();
      const random = rng(5);
      const shape = [4, ...(model.inputs[0]!.shape.slice(1) as number[])];
      const values = randomValues(random, shape).map((v) => (name === 'embedding' ? Math.floor((v + 1) * 6) : v));
      const gradients = (): Float32Array[] => tf.tidy(() => {
        const x = tf.tensor(values, shape);
        const y = tf.oneHot(tf.tensor1d([0, 1, 2, 1], 'int32'), 3);
        const { grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, model.apply(x) as import('@tensorflow/tfjs').Tensor) as import('@tensorflow/tfjs').Scalar);
        return model.trainableWeights.map((w) => grads[w.originalName]!.dataSync() as Float32Array);
      });
      const expected = gradients();
      await tf.setBackend('wasm');
      const before = tf.memory().numTensors;
      const actual = gradients();
      assert.equal(tf.memory().numTensors, before);
      expected.forEach((e, i) => assertClose({ shape: [e.length], values: actual[i]! }, { shape: [e.length], values: e }, model.trainableWeights[i]!.name));
      model.dispose();
    });
  }
});
