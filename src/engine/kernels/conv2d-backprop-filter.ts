/**
 * Conv2D filter gradient as im2col + one matMul: dW[k, co] = Σ_p cols[k, p] · dy[p, co], where p runs over every
 * output pixel of the batch and k over (filter row, filter column, input channel). The stock cpu kernel is a
 * scalar loop (~1 s per batch for a small CNN) and tfjs-backend-wasm 4.22 has none.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { Tf } from '../../load/backend.js';
import { backendMatMul, makeOutput, readFloats, type BackendName, type KernelArgs } from './host.js';

/** Cap on the im2col buffer (floats); bigger problems are cut into slices of output pixels and summed. */
const MAX_COLS_FLOATS = 8 * 1024 * 1024;

export function conv2dBackpropFilterConfig(tf: Tf, backendName: BackendName): KernelConfig {
  const kernelFunc = ({ inputs, backend, attrs }: KernelArgs<'x' | 'dy'>): TensorInfo => {
    const { x, dy } = inputs;
    const filterShape = attrs.filterShape as [number, number, number, number];
    const dataFormat = tf.backend_util.convertConv2DDataFormat((attrs.dataFormat as 'NHWC' | 'NCHW' | undefined) ?? 'NHWC');
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number], filterShape, attrs.strides as [number, number] | number, 1,
      attrs.pad as 'valid' | 'same' | number, attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined, false, dataFormat,
    );
    const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, strideHeight, strideWidth, filterHeight, filterWidth } = info;
    const top = info.padInfo.top;
    const left = info.padInfo.left;
    const channelsLast = dataFormat === 'channelsLast';
    const xs = readFloats(backend, x);
    let dys = readFloats(backend, dy);
    const pixels = batchSize * outHeight * outWidth;
    if (!channelsLast) dys = toPixelsByChannels(dys, batchSize, outChannels, outHeight * outWidth);
    const k = filterHeight * filterWidth * inChannels;
    const dw = new Float32Array(k * outChannels);
    const slice = Math.max(1, Math.min(pixels, Math.floor(MAX_COLS_FLOATS / k)));
    // x strides for (batch, row, column, channel) in either layout.
    const sB = inHeight * inWidth * inChannels;
    const sY = channelsLast ? inWidth * inChannels : inWidth;
    const sX = channelsLast ? inChannels : 1;
    const sC = channelsLast ? 1 : inHeight * inWidth;
    for (let p0 = 0; p0 < pixels; p0 += slice) {
      const count = Math.min(slice, pixels - p0);
      const cols = new Float32Array(k * count);
      for (let p = 0; p < count; p++) {
        const pixel = p0 + p;
        const b = Math.floor(pixel / (outHeight * outWidth));
        const rest = pixel - b * outHeight * outWidth;
        const oy = Math.floor(rest / outWidth);
        const ox = rest - oy * outWidth;
        const y0 = oy * strideHeight - top;
        const x0 = ox * strideWidth - left;
        for (let fy = 0; fy < filterHeight; fy++) {
          const yy = y0 + fy;
          if (yy < 0 || yy >= inHeight) continue; // zero padding: cols is zero-filled
          for (let fx = 0; fx < filterWidth; fx++) {
            const xx = x0 + fx;
            if (xx < 0 || xx >= inWidth) continue;
            const base = b * sB + yy * sY + xx * sX;
            const row = (fy * filterWidth + fx) * inChannels;
            for (let c = 0; c < inChannels; c++) cols[(row + c) * count + p] = xs[base + c * sC]!;
          }
        }
      }
      const part = backendMatMul(tf, backendName, backend, cols, k, count, dys.subarray(p0 * outChannels, (p0 + count) * outChannels), outChannels);
      if (p0 === 0 && count === pixels) dw.set(part);
      else for (let i = 0; i < dw.length; i++) dw[i]! += part[i]!;
    }
    return makeOutput(backend, filterShape, 'float32', dw);
  };
  return { kernelName: 'Conv2DBackpropFilter', backendName, kernelFunc: kernelFunc as unknown as KernelFunc };
}

/** [batch, channels, pixels] → [batch·pixels, channels]. */
function toPixelsByChannels(values: Float32Array, batch: number, channels: number, pixels: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let b = 0; b < batch; b++) {
    for (let c = 0; c < channels; c++) {
      const src = (b * channels + c) * pixels;
      for (let p = 0; p < pixels; p++) out[(b * pixels + p) * channels + c] = values[src + p]!;
    }
  }
  return out;
}
