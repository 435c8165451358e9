/**
 * UnsortedSegmentSum (the gradient of gather, hence of Embedding layers) as one pass over the rows. wasm 4.22
 * lacks the kernel; the stock cpu one costs a full pass per segment (O(vocabulary × rows)).
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { makeOutput, readFloats, readInts, type BackendName, type KernelArgs } from './host.js';

export function unsortedSegmentSumConfig(backendName: BackendName): KernelConfig {
  const kernelFunc = ({ inputs, backend, attrs }: KernelArgs<'x' | 'segmentIds'>): TensorInfo => {
    const { x, segmentIds } = inputs;
    const numSegments = attrs.numSegments as number;
    const ids = readInts(backend, segmentIds);
    const inner = x.shape.slice(segmentIds.shape.length);
    const width = inner.reduce((a, b) => a * b, 1);
    const xs = x.dtype === 'int32' ? readInts(backend, x) : readFloats(backend, x);
    const out = x.dtype === 'int32' ? new Int32Array(numSegments * width) : new Float32Array(numSegments * width);
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      // Like the stock cpu kernel, ids outside [0, numSegments) contribute nothing.
      if (id < 0 || id >= numSegments) continue;
      const src = i * width;
      const dst = id * width;
      for (let j = 0; j < width; j++) out[dst + j]! += xs[src + j]!;
    }
    return makeOutput(backend, [numSegments, ...inner], x.dtype === 'int32' ? 'int32' : 'float32', out);
  };
  return { kernelName: 'UnsortedSegmentSum', backendName, kernelFunc: kernelFunc as unknown as KernelFunc };
}
