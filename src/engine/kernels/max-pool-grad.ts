/**
 * MaxPool gradient on wasm: each pooling window sends its dy to the window's first maximum, as TF.js's cpu kernel
 * does. tfjs-backend-wasm 4.22's kernel took ~2 ms per call on a small CNN's 32-image batch (a quarter of the
 * training step); one pass over the windows in JS takes a fraction of that.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { Tf } from '../../load/backend.js';
import { makeOutput, readFloats, type BackendName, type KernelArgs } from './host.js';

export function maxPoolGradConfig(tf: Tf, backendName: BackendName): KernelConfig {
  const kernelFunc = ({ inputs, backend, attrs }: KernelArgs<'dy' | 'input' | 'output'>): TensorInfo => {
    const { dy, input } = inputs;
    const info = tf.backend_util.computePool2DInfo(
      input.shape as [number, number, number, number], attrs.filterSize as [number, number] | number, attrs.strides as [number, number] | number,
      1, attrs.pad as 'valid' | 'same' | number, attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
    );
    const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth, strideHeight, strideWidth, effectiveFilterHeight, effectiveFilterWidth, dilationHeight, dilationWidth } = info;
    const top = info.padInfo.top;
    const left = info.padInfo.left;
    const xs = readFloats(backend, input);
    const dys = readFloats(backend, dy);
    const dx = new Float32Array(xs.length);
    for (let b = 0; b < batchSize; b++) {
      const xBase = b * inHeight * inWidth * channels;
      for (let oy = 0; oy < outHeight; oy++) {
        const y0 = oy * strideHeight - top;
        for (let ox = 0; ox < outWidth; ox++) {
          const x0 = ox * strideWidth - left;
          const dyBase = ((b * outHeight + oy) * outWidth + ox) * channels;
          for (let c = 0; c < channels; c++) {
            let best = Number.NEGATIVE_INFINITY;
            let at = -1;
            for (let fy = 0; fy < effectiveFilterHeight; fy += dilationHeight) {
              const yy = y0 + fy;
              if (yy < 0 || yy >= inHeight) continue;
              for (let fx = 0; fx < effectiveFilterWidth; fx += dilationWidth) {
                const xx = x0 + fx;
                if (xx < 0 || xx >= inWidth) continue;
                const index = xBase + (yy * inWidth + xx) * channels + c;
                // Strictly greater: the first maximum in the window wins, as in TF.js's cpu kernel.
                if (xs[index]! > best) { best = xs[index]!; at = index; }
              }
            }
            if (at >= 0) dx[at]! += dys[dyBase + c]!;
          }
        }
      }
    }
    return makeOutput(backend, input.shape, 'float32', dx);
  };
  return { kernelName: 'MaxPoolGrad', backendName, kernelFunc: kernelFunc as unknown as KernelFunc };
}
