/**
 * Resampling of planar float images (one plane per channel, row-major), separable: rows first, then
 * columns. `area` is an exact box filter (each output pixel is the coverage-weighted mean of the source
 * pixels under it; the right choice for shrinking, and exact 2×2/4×4 means for 28→14/28→7).
 * `bilinear` uses half-pixel centres (x_src = (x + 0.5)·w_src/w_dst − 0.5, clamped to the edge) and no
 * antialiasing, as TF/ONNX `Resize` with `half_pixel` do; the right choice for enlarging.
 */
export type ResizeMethod = 'area' | 'bilinear';

/** For each output index, the source indices and weights that make it (weights sum to 1). */
interface Taps {
  start: Int32Array;
  count: Int32Array;
  index: Int32Array;
  weight: Float32Array;
}

function areaTaps(src: number, dst: number): Taps {
  const ratio = src / dst;
  const perOut = Math.ceil(ratio) + 1;
  const taps = { start: new Int32Array(dst), count: new Int32Array(dst), index: new Int32Array(dst * perOut), weight: new Float32Array(dst * perOut) };
  let at = 0;
  for (let o = 0; o < dst; o++) {
    const lo = o * ratio;
    const hi = Math.min(src, (o + 1) * ratio);
    taps.start[o] = at;
    for (let s = Math.floor(lo); s < hi; s++) {
      const overlap = Math.min(hi, s + 1) - Math.max(lo, s);
      if (overlap <= 1e-9) continue;
      taps.index[at] = s;
      taps.weight[at++] = overlap / ratio;
    }
    taps.count[o] = at - taps.start[o];
  }
  return taps;
}

function bilinearTaps(src: number, dst: number): Taps {
  const ratio = src / dst;
  const taps = { start: new Int32Array(dst), count: new Int32Array(dst), index: new Int32Array(dst * 2), weight: new Float32Array(dst * 2) };
  for (let o = 0; o < dst; o++) {
    const x = Math.min(src - 1, Math.max(0, (o + 0.5) * ratio - 0.5));
    const left = Math.floor(x);
    const right = Math.min(src - 1, left + 1);
    const frac = x - left;
    taps.start[o] = 2 * o;
    taps.count[o] = 2;
    taps.index[2 * o] = left;
    taps.weight[2 * o] = 1 - frac;
    taps.index[2 * o + 1] = right;
    taps.weight[2 * o + 1] = frac;
  }
  return taps;
}

const tapsCache = new Map<string, Taps>();

function tapsFor(method: ResizeMethod, src: number, dst: number): Taps {
  const key = `${method}:${src}:${dst}`;
  let taps = tapsCache.get(key);
  if (!taps) {
    if (tapsCache.size > 64) tapsCache.clear();
    taps = method === 'area' ? areaTaps(src, dst) : bilinearTaps(src, dst);
    tapsCache.set(key, taps);
  }
  return taps;
}

/** Resizes one plane `src` (srcW×srcH) into `dst` (dstW×dstH, row-major, written at `dstOffset`). */
export function resizePlane(
  src: Float32Array,
  srcW: number,
  srcH: number,
  dst: Float32Array,
  dstOffset: number,
  dstW: number,
  dstH: number,
  method: ResizeMethod,
): void {
  if (srcW === dstW && srcH === dstH) {
    dst.set(src.subarray(0, srcW * srcH), dstOffset);
    return;
  }
  const xs = tapsFor(method, srcW, dstW);
  const ys = tapsFor(method, srcH, dstH);
  const rows = new Float32Array(srcH * dstW);
  for (let y = 0; y < srcH; y++) {
    const rowIn = y * srcW;
    const rowOut = y * dstW;
    for (let x = 0; x < dstW; x++) {
      let sum = 0;
      const end = xs.start[x] + xs.count[x];
      for (let t = xs.start[x]; t < end; t++) sum += src[rowIn + xs.index[t]] * xs.weight[t];
      rows[rowOut + x] = sum;
    }
  }
  for (let y = 0; y < dstH; y++) {
    const rowOut = dstOffset + y * dstW;
    const end = ys.start[y] + ys.count[y];
    for (let x = 0; x < dstW; x++) {
      let sum = 0;
      for (let t = ys.start[y]; t < end; t++) sum += rows[ys.index[t] * dstW + x] * ys.weight[t];
      dst[rowOut + x] = sum;
    }
  }
}
