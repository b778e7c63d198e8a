import { backend_util, getKernel, registerKernel, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';

/**
 * TF.js 4.22's WASM backend runs Conv2D and its input gradient but has no Conv2DBackpropFilter kernel,
 * so a CNN cannot train on it. This registers one: the input patches are gathered in JS on the
 * backend's heap and multiplied by dy with the backend's own BatchMatMul (a plain JS loop over the
 * same sums was ~30 ms per batch, the matmul route a few). NCHW, which Sift's students never use,
 * takes the CPU backend's loop.
 */
interface WasmBackendLike {
  typedArrayFromHeap(info: TensorInfo): Float32Array;
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  disposeData(dataId: object): boolean;
}

const conv2DBackpropFilterWasm = ((args: { inputs: { x: TensorInfo; dy: TensorInfo }; backend: WasmBackendLike; attrs: Record<string, unknown> }) => {
  const { inputs, backend, attrs } = args;
  const { x, dy } = inputs;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as {
    strides: [number, number] | number;
    pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
    dataFormat: 'NHWC' | 'NCHW';
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
    filterShape: [number, number, number, number];
  };
  const format = backend_util.convertConv2DDataFormat(dataFormat);
  const info = backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, format);
  const { strideHeight, strideWidth, filterHeight, filterWidth, inChannels, outChannels, batchSize, outHeight, outWidth, inHeight, inWidth } = info;
  const channelsLast = info.dataFormat === 'channelsLast';
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  // Strides of x [b, h, w, c] (or [b, c, h, w]) and dy likewise.
  const xB = inHeight * inWidth * inChannels;
  const yB = outHeight * outWidth * outChannels;
  const [xR, xC, xD] = channelsLast ? [inWidth * inChannels, inChannels, 1] : [inWidth, 1, inHeight * inWidth];
  const [yR, yC, yD] = channelsLast ? [outWidth * outChannels, outChannels, 1] : [outWidth, 1, outHeight * outWidth];
  if (channelsLast) {
    // dW = patches(x)ᵀ · dy: the patches (one row per output position, kernel window × in-channels) are
    // laid out in JS, the product runs in the backend's own matmul.
    const positions = batchSize * outHeight * outWidth;
    const window = filterHeight * filterWidth * inChannels;
    const patches = backend.makeOutput([positions, window], 'float32');
    // Views taken after the allocation: growing the heap detaches older ones.
    const xs = backend.typedArrayFromHeap(x);
    const rows = backend.typedArrayFromHeap(patches);
    rows.fill(0);
    // Rows are a few floats wide: a plain loop beats subarray().set() (an allocation per window).
    for (let b = 0, p = 0; b < batchSize; b++) {
      for (let r = 0; r < outHeight; r++) {
        for (let c = 0; c < outWidth; c++, p++) {
          let at = p * window;
          for (let wr = 0; wr < filterHeight; wr++) {
            const xr = wr + r * strideHeight - top;
            for (let wc = 0; wc < filterWidth; wc++, at += inChannels) {
              const xc = wc + c * strideWidth - left;
              if (xr < 0 || xr >= inHeight || xc < 0 || xc >= inWidth) continue;
              const from = b * xB + xr * xR + xc * xC;
              for (let d = 0; d < inChannels; d++) rows[at + d] = xs[from + d];
            }
          }
        }
      }
    }
    const matMul = getKernel('BatchMatMul', 'wasm')!.kernelFunc as unknown as (a: object) => TensorInfo;
    const product = matMul({ inputs: { a: patches, b: { dataId: dy.dataId, shape: [positions, outChannels], dtype: 'float32' } }, backend, attrs: { transposeA: true, transposeB: false } });
    backend.disposeData(patches.dataId);
    return { dataId: product.dataId, shape: filterShape, dtype: 'float32' };
  }
  const xs = backend.typedArrayFromHeap(x);
  const dys = backend.typedArrayFromHeap(dy);
  const dw = new Float32Array(filterHeight * filterWidth * inChannels * outChannels);
  for (let wr = 0; wr < filterHeight; wr++) {
    const rMin = Math.max(0, Math.ceil((top - wr) / strideHeight));
    const rMax = Math.min(outHeight, (inHeight + top - wr) / strideHeight);
    for (let wc = 0; wc < filterWidth; wc++) {
      const cMin = Math.max(0, Math.ceil((left - wc) / strideWidth));
      const cMax = Math.min(outWidth, (inWidth + left - wc) / strideWidth);
      for (let d1 = 0; d1 < inChannels; d1++) {
        for (let d2 = 0; d2 < outChannels; d2++) {
          let sum = 0;
          for (let b = 0; b < batchSize; b++) {
            for (let r = rMin; r < rMax; r++) {
              const xr = wr + r * strideHeight - top;
              const xBase = b * xB + xr * xR + d1 * xD;
              const yBase = b * yB + r * yR + d2 * yD;
              for (let c = cMin; c < cMax; c++) sum += xs[xBase + (wc + c * strideWidth - left) * xC] * dys[yBase + c * yC];
            }
          }
          dw[((wr * filterWidth + wc) * inChannels + d1) * outChannels + d2] = sum;
        }
      }
    }
  }
  const out = backend.makeOutput(filterShape, 'float32');
  backend.typedArrayFromHeap(out).set(dw);
  return out;
}) as unknown as KernelFunc;

export function registerWasmConvGrad(): void {
  if (getKernel('Conv2DBackpropFilter', 'wasm')) return;
  registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: conv2DBackpropFilterWasm });
}
