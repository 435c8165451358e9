/**
 * BatchMatMul on wasm with transposed operands. tfjs-backend-wasm sends only the plain `a · b` product of
 * single matrices to XNNPACK and computes every transposed product (both gradients of each Dense layer) with a
 * scalar triple loop; transposing the operand first (a cache-blocked copy) and then taking the XNNPACK path is
 * several times faster.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { makeOutput, readFloats, type Backend, type KernelArgs } from './host.js';

const BLOCK = 32;

/** Transposes the last two axes of a matrix whose leading axes are all 1. */
function transposed(backend: Backend, info: TensorInfo): TensorInfo {
  const rank = info.shape.length;
  const rows = info.shape[rank - 2]!;
  const cols = info.shape[rank - 1]!;
  // The wasm backend can hand out a view of its heap (no copy); it is read before anything new is allocated.
  const heapView = (backend as unknown as { typedArrayFromHeap?: (i: TensorInfo) => Float32Array }).typedArrayFromHeap;
  const src = heapView ? heapView.call(backend, info) : readFloats(backend, info);
  const out = new Float32Array(rows * cols);
  // Blocked: a plain row-by-row transpose of a 784 × 128 matrix is ~6× slower here (cache and TLB misses).
  for (let i0 = 0; i0 < rows; i0 += BLOCK) {
    const iEnd = Math.min(i0 + BLOCK, rows);
    for (let j0 = 0; j0 < cols; j0 += BLOCK) {
      const jEnd = Math.min(j0 + BLOCK, cols);
      for (let i = i0; i < iEnd; i++) {
        const row = i * cols;
        for (let j = j0; j < jEnd; j++) out[j * rows + i] = src[row + j]!;
      }
    }
  }
  return makeOutput(backend, [...info.shape.slice(0, -2), cols, rows], 'float32', out);
}

function isSingleMatrix(info: TensorInfo): boolean {
  return info.shape.slice(0, -2).every((d) => d === 1);
}

export function wasmMatMulConfig(stock: KernelConfig): KernelConfig {
  const stockFunc = stock.kernelFunc as unknown as (args: KernelArgs<'a' | 'b'>) => TensorInfo;
  const kernelFunc = (args: KernelArgs<'a' | 'b'>): TensorInfo => {
    const { inputs: { a, b }, backend, attrs } = args;
    const transposeA = Boolean(attrs.transposeA);
    const transposeB = Boolean(attrs.transposeB);
    if ((!transposeA && !transposeB) || a.dtype !== 'float32' || b.dtype !== 'float32' || !isSingleMatrix(a) || !isSingleMatrix(b)) return stockFunc(args);
    const temps: TensorInfo[] = [];
    try {
      const a2 = transposeA ? transposed(backend, a) : a;
      if (transposeA) temps.push(a2);
      const b2 = transposeB ? transposed(backend, b) : b;
      if (transposeB) temps.push(b2);
      return stockFunc({ inputs: { a: a2, b: b2 }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } });
    } finally {
      for (const t of temps) backend.disposeData(t.dataId);
    }
  };
  return { kernelName: 'BatchMatMul', backendName: 'wasm', kernelFunc: kernelFunc as unknown as KernelFunc };
}
