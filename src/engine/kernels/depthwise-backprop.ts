/**
 * Depthwise-conv gradients (filter and input), missing from tfjs-backend-wasm 4.22. Plain loops whose innermost
 * index walks contiguous channels; depthwise layers are cheap enough that no matMul formulation is needed.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { Tf } from '../../load/backend.js';
import { makeOutput, readFloats, type BackendName, type KernelArgs } from './host.js';

type Conv2DInfo = ReturnType<Tf['backend_util']['computeConv2DInfo']>;

function depthwiseInfo(tf: Tf, inputShape: number[], filterShape: number[], attrs: KernelArgs<never>['attrs']): Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(
    inputShape as [number, number, number, number], filterShape as [number, number, number, number],
    attrs.strides as [number, number] | number, (attrs.dilations as [number, number] | number | undefined) ?? 1,
    attrs.pad as 'valid' | 'same' | number, attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined, true,
  );
}

/**
 * Visits every (output pixel, filter tap) pair whose input pixel lies inside the image, with the flat offsets of
 * the input pixel (channel 0), the dy pixel (channel 0) and the filter tap (channel 0, multiplier 0).
 */
function forEachTap(info: Conv2DInfo, visit: (xBase: number, dyBase: number, wBase: number) => void): void {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, strideHeight, strideWidth, filterHeight, filterWidth, dilationHeight, dilationWidth } = info;
  const { top, left } = info.padInfo;
  for (let b = 0; b < batchSize; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++) {
        const dyBase = ((b * outHeight + oy) * outWidth + ox) * outChannels;
        for (let fy = 0; fy < filterHeight; fy++) {
          const iy = oy * strideHeight - top + fy * dilationHeight;
          if (iy < 0 || iy >= inHeight) continue;
          for (let fx = 0; fx < filterWidth; fx++) {
            const ix = ox * strideWidth - left + fx * dilationWidth;
            if (ix < 0 || ix >= inWidth) continue;
            visit(((b * inHeight + iy) * inWidth + ix) * inChannels, dyBase, (fy * filterWidth + fx) * outChannels);
          }
        }
      }
    }
  }
}

export function depthwiseBackpropFilterConfig(tf: Tf, backendName: BackendName): KernelConfig {
  const kernelFunc = ({ inputs, backend, attrs }: KernelArgs<'x' | 'dy'>): TensorInfo => {
    const filterShape = attrs.filterShape as number[];
    const info = depthwiseInfo(tf, inputs.x.shape, filterShape, attrs);
    const xs = readFloats(backend, inputs.x);
    const dys = readFloats(backend, inputs.dy);
    const channels = info.inChannels;
    const mult = info.outChannels / channels;
    const dw = new Float32Array(filterShape.reduce((a, b) => a * b, 1));
    forEachTap(info, (xBase, dyBase, wBase) => {
      for (let c = 0; c < channels; c++) {
        const xv = xs[xBase + c]!;
        const o = c * mult;
        for (let m = 0; m < mult; m++) dw[wBase + o + m]! += xv * dys[dyBase + o + m]!;
      }
    });
    return makeOutput(backend, filterShape, 'float32', dw);
  };
  return { kernelName: 'DepthwiseConv2dNativeBackpropFilter', backendName, kernelFunc: kernelFunc as unknown as KernelFunc };
}

export function depthwiseBackpropInputConfig(tf: Tf, backendName: BackendName): KernelConfig {
  const kernelFunc = ({ inputs, backend, attrs }: KernelArgs<'dy' | 'filter'>): TensorInfo => {
    const inputShape = attrs.inputShape as number[];
    const info = depthwiseInfo(tf, inputShape, inputs.filter.shape, attrs);
    const ws = readFloats(backend, inputs.filter);
    const dys = readFloats(backend, inputs.dy);
    const channels = info.inChannels;
    const mult = info.outChannels / channels;
    const dx = new Float32Array(inputShape.reduce((a, b) => a * b, 1));
    forEachTap(info, (xBase, dyBase, wBase) => {
      for (let c = 0; c < channels; c++) {
        const o = c * mult;
        let sum = 0;
        for (let m = 0; m < mult; m++) sum += dys[dyBase + o + m]! * ws[wBase + o + m]!;
        dx[xBase + c]! += sum;
      }
    });
    return makeOutput(backend, inputShape, 'float32', dx);
  };
  return { kernelName: 'DepthwiseConv2dNativeBackpropInput', backendName, kernelFunc: kernelFunc as unknown as KernelFunc };
}
