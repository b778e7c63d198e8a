/**
 * Image preprocessing from decoded 8-bit pixels to a model's input tensor, and Sift's built-in image
 * embedder (downsampled pixels). Decoding happens elsewhere (createImageBitmap in the browser, a PNG
 * decoder in Node scripts); this works on the bytes.
 *
 * `preprocessImageInto`, exactly (a card names it as `preprocessing: {kind: 'image', …}`):
 * 1. Colour: alpha (when present) is composited over the gray level `background` (0–255):
 *    c' = c·a/255 + background·(1 − a/255). To 1 channel: BT.601 luma 0.299·R + 0.587·G + 0.114·B;
 *    to 3 channels: gray is repeated. Values stay on the 0–255 scale here.
 * 2. Resize each channel to `width`×`height` with `resize` (see resize.ts; no aspect-ratio padding).
 * 3. Per value: (v·`scale` − mean[c]) / std[c].
 * 4. Write as NCHW (c, y, x) or NHWC (y, x, c), one image per `width·height·channels` floats.
 */
import { SiftError } from '../errors';
import { resizePlane, type ResizeMethod } from './resize';

/** Decoded pixels, interleaved: channels 1 = gray, 2 = gray + alpha, 3 = RGB, 4 = RGBA (ImageData). */
export interface PixelBuffer {
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
}

export interface ImagePreprocessing {
  kind: 'image';
  width: number;
  height: number;
  channels: 1 | 3;
  layout: 'NCHW' | 'NHWC';
  resize: ResizeMethod;
  scale: number;
  mean: number[];
  std: number[];
  background: number;
}

export const DEFAULT_IMAGE_PREPROCESSING: Readonly<ImagePreprocessing> = Object.freeze<ImagePreprocessing>({
  kind: 'image',
  width: 28,
  height: 28,
  channels: 1,
  layout: 'NCHW',
  resize: 'area',
  scale: 1 / 255,
  mean: [0],
  std: [1],
  background: 0,
});

/** Fills defaults and checks every field; throws a SiftError naming the field that is wrong. */
export function resolveImagePreprocessing(partial: Partial<ImagePreprocessing>): ImagePreprocessing {
  const spec: ImagePreprocessing = { ...DEFAULT_IMAGE_PREPROCESSING, ...partial };
  if (partial.channels === 3 && !partial.mean) spec.mean = [0, 0, 0];
  if (partial.channels === 3 && !partial.std) spec.std = [1, 1, 1];
  const bad = (field: keyof ImagePreprocessing, expected: string) =>
    new SiftError('bad-preprocessing', `image preprocessing: ${field} must be ${expected}, got ${JSON.stringify(spec[field])}`, { field });
  for (const field of ['width', 'height'] as const)
    if (!Number.isInteger(spec[field]) || spec[field] < 1 || spec[field] > 4096) throw bad(field, 'an integer in [1, 4096]');
  if (spec.channels !== 1 && spec.channels !== 3) throw bad('channels', '1 or 3');
  if (spec.layout !== 'NCHW' && spec.layout !== 'NHWC') throw bad('layout', "'NCHW' or 'NHWC'");
  if (spec.resize !== 'area' && spec.resize !== 'bilinear') throw bad('resize', "'area' or 'bilinear'");
  if (!Number.isFinite(spec.scale) || spec.scale === 0) throw bad('scale', 'a finite non-zero number');
  if (!Array.isArray(spec.mean) || spec.mean.length !== spec.channels || !spec.mean.every(Number.isFinite))
    throw bad('mean', `${spec.channels} finite number(s), one per channel`);
  if (!Array.isArray(spec.std) || spec.std.length !== spec.channels || !spec.std.every((s) => Number.isFinite(s) && s > 0))
    throw bad('std', `${spec.channels} number(s) > 0, one per channel`);
  if (!Number.isFinite(spec.background) || spec.background < 0 || spec.background > 255) throw bad('background', 'a number in [0, 255]');
  return spec;
}

export function imageValuesPerItem(spec: Pick<ImagePreprocessing, 'width' | 'height' | 'channels'>): number {
  return spec.width * spec.height * spec.channels;
}

/** The input shape the spec produces for a batch of `batch` images. */
export function imageTensorShape(spec: ImagePreprocessing, batch: number): number[] {
  return spec.layout === 'NCHW' ? [batch, spec.channels, spec.height, spec.width] : [batch, spec.height, spec.width, spec.channels];
}

/** Larger sources would need gigabytes of float planes; nothing Sift labels is that big. */
export const MAX_SOURCE_PIXELS = 40_000_000;

function checkPixels(image: PixelBuffer): void {
  const { width, height, channels, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1)
    throw new SiftError('bad-image', `Image size must be positive integers, got ${width}×${height}`, { width, height });
  if (width * height > MAX_SOURCE_PIXELS)
    throw new SiftError('image-too-large', `Image is ${width}×${height} (${((width * height) / 1e6).toFixed(0)} megapixels); the limit is ${MAX_SOURCE_PIXELS / 1e6} megapixels`, { width, height });
  if (data.length !== width * height * channels)
    throw new SiftError('bad-image', `Image buffer has ${data.length} bytes; ${width}×${height}×${channels} needs ${width * height * channels}`, { width, height, channels });
}

/** Step 1: planar floats on the 0–255 scale, `channels` planes of width·height. */
export function toPlanes(image: PixelBuffer, channels: 1 | 3, background: number): Float32Array {
  checkPixels(image);
  const { data, width, height } = image;
  const inChannels = image.channels;
  const pixels = width * height;
  const planes = new Float32Array(pixels * channels);
  const hasAlpha = inChannels === 2 || inChannels === 4;
  const isColour = inChannels >= 3;
  for (let p = 0, at = 0; p < pixels; p++, at += inChannels) {
    const alpha = hasAlpha ? data[at + inChannels - 1] / 255 : 1;
    const under = background * (1 - alpha);
    if (isColour) {
      const r = data[at] * alpha + under;
      const g = data[at + 1] * alpha + under;
      const b = data[at + 2] * alpha + under;
      if (channels === 3) {
        planes[p] = r;
        planes[pixels + p] = g;
        planes[2 * pixels + p] = b;
      } else {
        planes[p] = 0.299 * r + 0.587 * g + 0.114 * b;
      }
    } else {
      const v = data[at] * alpha + under;
      planes[p] = v;
      if (channels === 3) planes[pixels + p] = planes[2 * pixels + p] = v;
    }
  }
  return planes;
}

/** Writes one preprocessed image into `out[offset .. offset + width·height·channels)`. */
export function preprocessImageInto(image: PixelBuffer, spec: ImagePreprocessing, out: Float32Array, offset = 0): void {
  const { width, height, channels, layout } = spec;
  const perItem = width * height * channels;
  if (offset < 0 || offset + perItem > out.length)
    throw new SiftError('bad-offset', `preprocessImageInto: out has ${out.length} floats, cannot hold ${perItem} at offset ${offset}`, { offset });
  const planes = toPlanes(image, channels, spec.background);
  const pixels = width * height;
  const resized = layout === 'NCHW' ? out : new Float32Array(perItem);
  const base = layout === 'NCHW' ? offset : 0;
  const srcPixels = image.width * image.height;
  for (let c = 0; c < channels; c++)
    resizePlane(planes.subarray(c * srcPixels), image.width, image.height, resized, base + c * pixels, width, height, spec.resize);
  for (let c = 0; c < channels; c++) {
    const mean = spec.mean[c];
    const invStd = 1 / spec.std[c];
    const plane = base + c * pixels;
    if (layout === 'NCHW') {
      for (let p = 0; p < pixels; p++) out[plane + p] = (resized[plane + p] * spec.scale - mean) * invStd;
    } else {
      for (let p = 0; p < pixels; p++) out[offset + p * channels + c] = (resized[plane + p] * spec.scale - mean) * invStd;
    }
  }
}

export function preprocessImages(images: PixelBuffer[], spec: ImagePreprocessing): Float32Array {
  const perItem = imageValuesPerItem(spec);
  const out = new Float32Array(images.length * perItem);
  images.forEach((image, i) => preprocessImageInto(image, spec, out, i * perItem));
  return out;
}

/**
 * The built-in image embedder (card: `preprocessing: {kind: 'image-pixels', version: 1, grid, channels,
 * background, center}`): step 1 above, area-resize to grid×grid, scale to 0–1, NCHW order, subtract the
 * vector's own mean when `center` (so cosine compares shape, not brightness), then divide by the L2 norm
 * (an all-zero vector stays zero). Dimension grid·grid·channels.
 */
export interface ImagePixelsSpec {
  kind: 'image-pixels';
  version: 1;
  grid: number;
  channels: 1 | 3;
  background: number;
  center: boolean;
}

export const DEFAULT_IMAGE_PIXELS: Readonly<ImagePixelsSpec> = Object.freeze<ImagePixelsSpec>({
  kind: 'image-pixels',
  version: 1,
  grid: 14,
  channels: 1,
  background: 0,
  center: false,
});

export function imagePixelsDim(spec: ImagePixelsSpec): number {
  return spec.grid * spec.grid * spec.channels;
}

export function embedImageInto(image: PixelBuffer, spec: ImagePixelsSpec, out: Float32Array, offset = 0): void {
  if (!Number.isInteger(spec.grid) || spec.grid < 1 || spec.grid > 256)
    throw new SiftError('bad-preprocessing', `image-pixels: grid must be an integer in [1, 256], got ${spec.grid}`, { field: 'grid' });
  const dim = imagePixelsDim(spec);
  preprocessImageInto(
    image,
    { kind: 'image', width: spec.grid, height: spec.grid, channels: spec.channels, layout: 'NCHW', resize: 'area', scale: 1 / 255, mean: [0, 0, 0].slice(0, spec.channels), std: [1, 1, 1].slice(0, spec.channels), background: spec.background },
    out,
    offset,
  );
  if (spec.center) {
    let sum = 0;
    for (let i = 0; i < dim; i++) sum += out[offset + i];
    const mean = sum / dim;
    for (let i = 0; i < dim; i++) out[offset + i] -= mean;
  }
  let sumSquares = 0;
  for (let i = 0; i < dim; i++) sumSquares += out[offset + i] * out[offset + i];
  if (sumSquares > 0) {
    const scale = 1 / Math.sqrt(sumSquares);
    for (let i = 0; i < dim; i++) out[offset + i] *= scale;
  }
}
