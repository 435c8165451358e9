/** Registers the gradient kernels training needs that a backend lacks (filled in by the training-engine work). */
import type { Tf } from '../load/backend.js';

export function registerTrainingKernels(_tf: Tf, _backend: 'wasm' | 'cpu'): void {
  // Placeholder until the engine issue lands: stock kernels only.
}
