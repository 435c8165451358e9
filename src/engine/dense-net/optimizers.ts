/**
 * Plain-JS versions of the TF.js optimizers nndoctor's settings produce (sgd, momentum, adam, rmsprop, adagrad),
 * built from the TF.js optimizer's own config so hyper-parameters and defaults (ε = 1e-7 on cpu/wasm) are the same,
 * with TF.js's update formulas term for term.
 */
import type { Optimizer } from '@tensorflow/tfjs';

export interface DenseOptimizer {
  /** Updates every parameter array in place from its gradient. */
  apply(params: readonly Float32Array[], grads: readonly Float32Array[]): void;
}

type Config = Record<string, unknown>;
const num = (config: Config, key: string, fallback: number): number => (typeof config[key] === 'number' ? (config[key] as number) : fallback);

/** The optimizer's plain-JS twin, or null when it has none (the caller then trains with TF.js). */
export function denseOptimizerFor(optimizer: Optimizer, backendEpsilon: number): DenseOptimizer | null {
  const config = optimizer.getConfig() as Config;
  const lr = num(config, 'learningRate', Number.NaN);
  if (!Number.isFinite(lr)) return null;
  const state = (params: readonly Float32Array[], fill = 0): Float32Array[] => params.map((p) => new Float32Array(p.length).fill(fill));
  switch (optimizer.getClassName()) {
    case 'SGD':
      return {
        apply(params, grads) {
          params.forEach((p, i) => { const g = grads[i]!; for (let k = 0; k < p.length; k++) p[k] = p[k]! - lr * g[k]!; });
        },
      };
    case 'Momentum': {
      const momentum = num(config, 'momentum', 0);
      const nesterov = config.useNesterov === true;
      let accumulations: Float32Array[] | null = null;
      return {
        apply(params, grads) {
          accumulations ??= state(params);
          params.forEach((p, i) => {
            const g = grads[i]!;
            const a = accumulations![i]!;
            for (let k = 0; k < p.length; k++) {
              a[k] = momentum * a[k]! + g[k]!;
              p[k] = p[k]! - lr * (nesterov ? g[k]! + a[k]! * momentum : a[k]!);
            }
          });
        },
      };
    }
    case 'Adam': {
      const beta1 = num(config, 'beta1', 0.9);
      const beta2 = num(config, 'beta2', 0.999);
      const epsilon = num(config, 'epsilon', backendEpsilon);
      let moments: { m: Float32Array[]; v: Float32Array[] } | null = null;
      let t = 0;
      return {
        apply(params, grads) {
          moments ??= { m: state(params), v: state(params) };
          t += 1;
          const correction1 = 1 - beta1 ** t;
          const correction2 = 1 - beta2 ** t;
          params.forEach((p, i) => {
            const g = grads[i]!;
            const m = moments!.m[i]!;
            const v = moments!.v[i]!;
            for (let k = 0; k < p.length; k++) {
              m[k] = m[k]! * beta1 + g[k]! * (1 - beta1);
              v[k] = v[k]! * beta2 + g[k]! * g[k]! * (1 - beta2);
              p[k] = p[k]! - lr * ((m[k]! / correction1) / (Math.sqrt(v[k]! / correction2) + epsilon));
            }
          });
        },
      };
    }
    case 'RMSProp': {
      const decay = num(config, 'decay', 0.9);
      const momentum = num(config, 'momentum', 0);
      const epsilon = num(config, 'epsilon', backendEpsilon);
      const centered = config.centered === true;
      let slots: { ms: Float32Array[]; mom: Float32Array[]; mg: Float32Array[] } | null = null;
      return {
        apply(params, grads) {
          slots ??= { ms: state(params), mom: state(params), mg: state(params) };
          params.forEach((p, i) => {
            const g = grads[i]!;
            const ms = slots!.ms[i]!;
            const mom = slots!.mom[i]!;
            const mg = slots!.mg[i]!;
            for (let k = 0; k < p.length; k++) {
              ms[k] = ms[k]! * decay + g[k]! * g[k]! * (1 - decay);
              let denominator = ms[k]! + epsilon;
              if (centered) {
                mg[k] = mg[k]! * decay + g[k]! * (1 - decay);
                denominator = ms[k]! - (mg[k]! * mg[k]! + epsilon);
              }
              mom[k] = mom[k]! * momentum + (g[k]! * lr) / Math.sqrt(denominator);
              p[k] = p[k]! - mom[k]!;
            }
          });
        },
      };
    }
    case 'Adagrad': {
      const initial = num(config, 'initialAccumulatorValue', 0.1);
      let accumulators: Float32Array[] | null = null;
      return {
        apply(params, grads) {
          accumulators ??= state(params, initial);
          params.forEach((p, i) => {
            const g = grads[i]!;
            const a = accumulators![i]!;
            for (let k = 0; k < p.length; k++) {
              a[k] = a[k]! + g[k]! * g[k]!;
              p[k] = p[k]! - lr * (g[k]! / Math.sqrt(a[k]! + backendEpsilon));
            }
          });
        },
      };
    }
    default:
      return null;
  }
}
