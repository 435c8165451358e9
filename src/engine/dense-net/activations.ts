/**
 * The activations a plain-JS dense net supports, forward and backward, with TF.js's own formulas and gradients
 * (relu's gradient is 0 at 0, softmax subtracts the row maximum), so both engines train the same function.
 */

export const DENSE_ACTIVATIONS = ['linear', 'relu', 'sigmoid', 'tanh', 'softmax'] as const;
export type DenseActivation = (typeof DENSE_ACTIVATIONS)[number];

export function isDenseActivation(name: unknown): name is DenseActivation {
  return typeof name === 'string' && (DENSE_ACTIVATIONS as readonly string[]).includes(name);
}

/** out = f(z) for `rows` rows of `units` values; `out` may be `z` itself. */
export function activate(kind: DenseActivation, z: Float32Array, out: Float32Array, rows: number, units: number): void {
  const size = rows * units;
  switch (kind) {
    case 'linear':
      if (out !== z) out.set(z.subarray(0, size));
      return;
    case 'relu':
      for (let i = 0; i < size; i++) out[i] = z[i]! > 0 ? z[i]! : 0;
      return;
    case 'sigmoid':
      for (let i = 0; i < size; i++) out[i] = 1 / (1 + Math.exp(-z[i]!));
      return;
    case 'tanh':
      for (let i = 0; i < size; i++) out[i] = Math.tanh(z[i]!);
      return;
    case 'softmax':
      for (let r = 0; r < rows; r++) {
        const base = r * units;
        let max = -Infinity;
        for (let j = 0; j < units; j++) if (z[base + j]! > max) max = z[base + j]!;
        let sum = 0;
        for (let j = 0; j < units; j++) {
          const e = Math.exp(z[base + j]! - max);
          out[base + j] = e;
          sum += e;
        }
        for (let j = 0; j < units; j++) out[base + j] = out[base + j]! / sum;
      }
      return;
  }
}

/**
 * dL/dz from dL/dout (`gradOut`) and the activation's output `out` (every supported gradient is a function of the
 * output alone); writes into `gradZ`, which may be `gradOut` itself.
 */
export function activationGradient(kind: DenseActivation, out: Float32Array, gradOut: Float32Array, gradZ: Float32Array, rows: number, units: number): void {
  const size = rows * units;
  switch (kind) {
    case 'linear':
      if (gradZ !== gradOut) gradZ.set(gradOut.subarray(0, size));
      return;
    case 'relu':
      for (let i = 0; i < size; i++) gradZ[i] = out[i]! > 0 ? gradOut[i]! : 0;
      return;
    case 'sigmoid':
      for (let i = 0; i < size; i++) gradZ[i] = gradOut[i]! * out[i]! * (1 - out[i]!);
      return;
    case 'tanh':
      for (let i = 0; i < size; i++) gradZ[i] = gradOut[i]! * (1 - out[i]! * out[i]!);
      return;
    case 'softmax':
      for (let r = 0; r < rows; r++) {
        const base = r * units;
        let dot = 0;
        for (let j = 0; j < units; j++) dot += gradOut[base + j]! * out[base + j]!;
        for (let j = 0; j < units; j++) gradZ[base + j] = out[base + j]! * (gradOut[base + j]! - dot);
      }
      return;
  }
}
