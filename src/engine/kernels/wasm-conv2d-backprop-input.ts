/**
 * Conv2D input gradient on wasm for stride 1 (most small CNNs): a "full" convolution of dy with the filter flipped
 * and its channels swapped, run by the wasm Conv2D kernel (XNNPACK) with explicit padding. tfjs-backend-wasm 4.22's
 * own kernel is a scalar loop: ~3.4 ms of a small CNN's 32-image step, against ~0.3 ms for a forward conv of the
 * same size. Strides, dilations and channels-first inputs keep the stock kernel.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { Tf } from '../../load/backend.js';
import { makeOutput, readFloats, type KernelArgs } from './host.js';

export function wasmConv2dBackpropInputConfig(tf: Tf, stock: KernelConfig): KernelConfig {
  const stockFunc = stock.kernelFunc as unknown as (args: KernelArgs<'dy' | 'filter'>) => TensorInfo;
  const kernelFunc = (args: KernelArgs<'dy' | 'filter'>): TensorInfo => {
    const { inputs: { dy, filter }, backend, attrs } = args;
    const inShape = attrs.inputShape as [number, number, number, number];
    const strides = attrs.strides as [number, number] | number;
    const dilations = (attrs.dilations as [number, number] | number | undefined) ?? 1;
    const unit = (v: [number, number] | number): boolean => (Array.isArray(v) ? v[0] === 1 && v[1] === 1 : v === 1);
    const conv = tf.getKernel('Conv2D', 'wasm');
    if (!conv || !unit(strides) || !unit(dilations) || ((attrs.dataFormat as string | undefined) ?? 'NHWC') !== 'NHWC' || dy.dtype !== 'float32') return stockFunc(args);
    const [fh, fw, inChannels, outChannels] = filter.shape as [number, number, number, number];
    const info = tf.backend_util.computeConv2DInfo(inShape, [fh, fw, inChannels, outChannels], 1, 1, attrs.pad as 'valid' | 'same' | number, attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined);
    // dx[y] = Σ_fy dy[y + top − fy]·W[fy]: dy padded by fh − 1 − top above (and what completes the height below),
    // correlated with the filter flipped in both spatial axes.
    const padTop = fh - 1 - info.padInfo.top;
    const padLeft = fw - 1 - info.padInfo.left;
    const padBottom = info.inHeight + fh - 1 - info.outHeight - padTop;
    const padRight = info.inWidth + fw - 1 - info.outWidth - padLeft;
    if (padTop < 0 || padLeft < 0 || padBottom < 0 || padRight < 0) return stockFunc(args);
    const w = readFloats(backend, filter);
    const flipped = new Float32Array(w.length);
    for (let y = 0; y < fh; y++) {
      for (let x = 0; x < fw; x++) {
        for (let ci = 0; ci < inChannels; ci++) {
          for (let co = 0; co < outChannels; co++) {
            flipped[((y * fw + x) * outChannels + co) * inChannels + ci] = w[(((fh - 1 - y) * fw + (fw - 1 - x)) * inChannels + ci) * outChannels + co]!;
          }
        }
      }
    }
    const flippedInfo = makeOutput(backend, [fh, fw, outChannels, inChannels], 'float32', flipped);
    try {
      return conv.kernelFunc({
        inputs: { x: dy, filter: flippedInfo }, backend,
        attrs: { strides: [1, 1], dilations: [1, 1], pad: [[0, 0], [padTop, padBottom], [padLeft, padRight], [0, 0]], dataFormat: 'NHWC' },
      }) as TensorInfo;
    } finally {
      backend.disposeData(flippedInfo.dataId);
    }
  };
  return { kernelName: 'Conv2DBackpropInput', backendName: 'wasm', kernelFunc: kernelFunc as unknown as KernelFunc };
}
