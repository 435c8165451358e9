/**
 * Registers the kernels training needs that a backend lacks or runs too slowly: the conv filter gradient as
 * im2col + matMul (wasm has none, cpu's is a scalar loop), depthwise-conv gradients and UnsortedSegmentSum
 * (the Embedding gradient) and a stride-1 conv input gradient on XNNPACK on wasm, transposed matMul products through XNNPACK and a copy-free Identity on
 * wasm, and a one-pass UnsortedSegmentSum on cpu.
 */
import type { KernelConfig } from '@tensorflow/tfjs';
import type { Tf } from '../load/backend.js';
import { conv2dBackpropFilterConfig } from './kernels/conv2d-backprop-filter.js';
import { wasmConv2dBackpropInputConfig } from './kernels/wasm-conv2d-backprop-input.js';
import { depthwiseBackpropFilterConfig, depthwiseBackpropInputConfig } from './kernels/depthwise-backprop.js';
import type { BackendName } from './kernels/host.js';
import { unsortedSegmentSumConfig } from './kernels/unsorted-segment-sum.js';
import { wasmIdentityConfig } from './kernels/wasm-identity.js';
import { wasmMatMulConfig } from './kernels/wasm-matmul.js';

const done = new Set<BackendName>();
const replaced = new Map<string, KernelConfig>();

/** The kernels nndoctor provides for a backend (exported for the kernel tests and the bench). */
export function trainingKernels(tf: Tf, backend: BackendName): KernelConfig[] {
  const kernels = [conv2dBackpropFilterConfig(tf, backend), unsortedSegmentSumConfig(backend)];
  if (backend === 'wasm') {
    kernels.push(depthwiseBackpropFilterConfig(tf, backend), depthwiseBackpropInputConfig(tf, backend));
    // These wrap the stock kernels, so they must get the ones registered by tfjs, not ours.
    const stockMatMul = stockKernel('BatchMatMul', 'wasm') ?? tf.getKernel('BatchMatMul', 'wasm');
    if (stockMatMul) kernels.push(wasmMatMulConfig(stockMatMul));
    const stockBackpropInput = stockKernel('Conv2DBackpropInput', 'wasm') ?? tf.getKernel('Conv2DBackpropInput', 'wasm');
    if (stockBackpropInput) kernels.push(wasmConv2dBackpropInputConfig(tf, stockBackpropInput));
    const stockIdentity = stockKernel('Identity', 'wasm') ?? tf.getKernel('Identity', 'wasm');
    if (stockIdentity) kernels.push(wasmIdentityConfig(stockIdentity));
  }
  return kernels;
}

/** Idempotent: the second call for the same backend does nothing. */
export function registerTrainingKernels(tf: Tf, backend: BackendName): void {
  if (done.has(backend)) return;
  done.add(backend);
  for (const config of trainingKernels(tf, backend)) {
    const stock = tf.getKernel(config.kernelName, backend);
    if (stock) {
      // registerKernel warns on a duplicate; the stock one is kept so tests can compare against it.
      replaced.set(`${backend}/${config.kernelName}`, stock);
      tf.unregisterKernel(config.kernelName, backend);
    }
    tf.registerKernel(config);
  }
}

/** The kernel that `registerTrainingKernels` replaced, if any. */
export function stockKernel(kernelName: string, backend: BackendName): KernelConfig | undefined {
  return replaced.get(`${backend}/${kernelName}`);
}
