/**
 * Identity on wasm without a copy. The stock kernel mallocs and copies the whole tensor; gradient bookkeeping
 * calls it ~20 times per training step. Tensor data is immutable, so sharing it by reference count (as the wasm
 * Reshape kernel and the cpu Identity kernel already do) is safe.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { KernelArgs } from './host.js';

export function wasmIdentityConfig(stock: KernelConfig): KernelConfig {
  const kernelFunc = (args: KernelArgs<'x'>): TensorInfo => {
    const { inputs: { x }, backend } = args;
    if (x.dtype === 'string') return (stock.kernelFunc as unknown as (a: KernelArgs<'x'>) => TensorInfo)(args);
    (backend as unknown as { incRef(dataId: object): void }).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
  return { kernelName: 'Identity', backendName: 'wasm', kernelFunc: kernelFunc as unknown as KernelFunc };
}
