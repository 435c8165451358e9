/** The few backend calls the training kernels need, shared by the wasm and cpu backends. */
import type { DataType, KernelBackend, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import type { Tf } from '../../load/backend.js';

export type BackendName = 'wasm' | 'cpu';

export type Backend = KernelBackend;

/** What a kernel function is called with (tfjs passes the backend that owns the inputs). */
export interface KernelArgs<I extends string> {
  inputs: Record<I, TensorInfo>;
  backend: Backend;
  attrs: NamedAttrMap;
}

/**
 * Reads a tensor's values. On cpu this is the backing array itself (no copy); on wasm a copy out of the heap.
 * Callers must treat the result as read-only.
 */
export function readFloats(backend: Backend, info: TensorInfo): Float32Array {
  const values = backend.readSync(info.dataId) as ArrayLike<number>;
  return values instanceof Float32Array ? values : Float32Array.from(values);
}

export function readInts(backend: Backend, info: TensorInfo): Int32Array {
  const values = backend.readSync(info.dataId) as ArrayLike<number>;
  return values instanceof Int32Array ? values : Int32Array.from(values);
}

export function makeOutput(backend: Backend, shape: number[], dtype: DataType, values: Float32Array | Int32Array): TensorInfo {
  // `write` rather than makeTensorInfo: the wasm backend only has the former (it copies into its heap).
  return { dataId: backend.write(values, shape, dtype), shape, dtype };
}

/**
 * `[m, k] × [k, n]` on the backend's own matMul kernel (XNNPACK on wasm), through the kernel registry so that
 * no op (and no gradient-tape entry) is created inside a kernel.
 */
export function backendMatMul(tf: Tf, backendName: BackendName, backend: Backend, a: Float32Array, m: number, k: number, b: Float32Array, n: number): Float32Array {
  const kernel = tf.getKernel('BatchMatMul', backendName);
  if (!kernel) throw new Error(`BatchMatMul is not registered for the ${backendName} backend`);
  const aInfo = makeOutput(backend, [1, m, k], 'float32', a);
  const bInfo = makeOutput(backend, [1, k, n], 'float32', b);
  try {
    const out = kernel.kernelFunc({ inputs: { a: aInfo, b: bInfo }, backend, attrs: { transposeA: false, transposeB: false } }) as TensorInfo;
    try {
      // Safe after disposal: wasm copies out of its heap, cpu hands over an array nothing else references.
      return backend.readSync(out.dataId) as Float32Array;
    } finally {
      backend.disposeData(out.dataId);
    }
  } finally {
    backend.disposeData(aInfo.dataId);
    backend.disposeData(bInfo.dataId);
  }
}
