// Image exemplars by augmentation on decoded pixels: a horizontal flip, a small shift and rotation
// (nearest-neighbour sampling, edges repeated), then Gaussian noise. Pure: decoding and encoding happen
// in the worker (OffscreenCanvas), so the transform is tested here on plain buffers.
import { SiftError } from '../errors';
import type { PixelBuffer } from '../features/image';
import { mulberry32 } from '../random';

export interface ImageTransform {
  flip: boolean;
  /** Shift in pixels (positive: content moves right / down). */
  dx: number;
  dy: number;
  /** Rotation in degrees, clockwise, about the centre. */
  degrees: number;
  /** Standard deviation of the added noise, in 0–255 levels (alpha is never changed). */
  noise: number;
}

export interface ImageAugmentOptions {
  flipChance: number;
  /** Largest shift as a share of the width / height. */
  maxShift: number;
  maxDegrees: number;
  noise: number;
}

/** Mild, label-preserving settings (common defaults for small-image augmentation), fixed up front. */
export const IMAGE_AUGMENT_DEFAULTS: ImageAugmentOptions = { flipChance: 0.5, maxShift: 0.1, maxDegrees: 10, noise: 8 };

export function drawTransform(width: number, height: number, random: () => number, options: ImageAugmentOptions = IMAGE_AUGMENT_DEFAULTS): ImageTransform {
  const span = (max: number) => (random() * 2 - 1) * max;
  return {
    flip: random() < options.flipChance,
    dx: Math.round(span(options.maxShift * width)),
    dy: Math.round(span(options.maxShift * height)),
    degrees: span(options.maxDegrees),
    noise: options.noise,
  };
}

function gaussian(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** The transformed image (same size and channels). Each output pixel samples the source by the inverse map. */
export function augmentPixels(image: PixelBuffer, t: ImageTransform, random: () => number): PixelBuffer {
  const { width: w, height: h, channels: c, data } = image;
  const out = new Uint8ClampedArray(w * h * c);
  const rad = (-t.degrees * Math.PI) / 180;
  const cos = Math.cos(rad);
  const sin = Math.sin(rad);
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  const colourChannels = c === 4 || c === 2 ? c - 1 : c;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      // Undo the shift, then the rotation, then the flip.
      const ux = x - t.dx - cx;
      const uy = y - t.dy - cy;
      let sx = Math.round(cos * ux - sin * uy + cx);
      const sy = Math.min(h - 1, Math.max(0, Math.round(sin * ux + cos * uy + cy)));
      sx = Math.min(w - 1, Math.max(0, sx));
      if (t.flip) sx = w - 1 - sx;
      const from = (sy * w + sx) * c;
      const to = (y * w + x) * c;
      for (let k = 0; k < c; k++) {
        const noisy = k < colourChannels && t.noise > 0 ? data[from + k] + t.noise * gaussian(random) : data[from + k];
        out[to + k] = noisy;
      }
    }
  }
  return { data: out, width: w, height: h, channels: c };
}

/** Refuses settings outside what "small, label-preserving" can mean, naming the one that is wrong. */
export function checkImageAugmentOptions(options: ImageAugmentOptions): void {
  const { flipChance, maxShift, maxDegrees, noise } = options;
  if (!(flipChance >= 0 && flipChance <= 1)) throw new SiftError('synthetic/options', `The flip chance must be between 0 and 1; got ${flipChance}.`);
  if (!(maxShift >= 0 && maxShift <= 0.5)) throw new SiftError('synthetic/options', `The largest shift must be between 0 and 0.5 of the image; got ${maxShift}.`);
  if (!(maxDegrees >= 0 && maxDegrees <= 45)) throw new SiftError('synthetic/options', `The largest rotation must be between 0 and 45 degrees; got ${maxDegrees}.`);
  if (!(noise >= 0 && noise <= 64)) throw new SiftError('synthetic/options', `The noise must be between 0 and 64 grey levels; got ${noise}.`);
}

/**
 * An opaque RGBA image whose pixels are all grey as one grey channel, so noise stays grey (decoders give
 * RGBA even for a grey PNG); any other image is returned as it is.
 */
export function greyIfGrey(image: PixelBuffer): PixelBuffer {
  const { data, width, height, channels } = image;
  if (channels !== 4) return image;
  const grey = new Uint8ClampedArray(width * height);
  for (let p = 0, i = 0; p < grey.length; p++, i += 4) {
    if (data[i] !== data[i + 1] || data[i] !== data[i + 2] || data[i + 3] !== 255) return image;
    grey[p] = data[i];
  }
  return { data: grey, width, height, channels: 1 };
}

/** The source each of `count` exemplars is made from (seeded, with replacement), as an index into `sources` items. */
export function exemplarSources(sources: number, count: number, seed: number): number[] {
  if (sources < 1) throw new SiftError('synthetic/too-few', 'Image exemplars need at least one real image of the class.');
  const random = mulberry32(seed);
  return Array.from({ length: count }, () => Math.floor(random() * sources));
}

/**
 * Exemplar `index` of a batch made from `source`: its own random stream (from the seed and the index),
 * so exemplars can be made in any order, a source decoded once for all of its exemplars.
 */
export function imageExemplar(source: PixelBuffer, seed: number, index: number, options: ImageAugmentOptions = IMAGE_AUGMENT_DEFAULTS): PixelBuffer {
  const random = mulberry32((seed + Math.imul(index + 1, 0x9e3779b9)) >>> 0);
  return augmentPixels(source, drawTransform(source.width, source.height, random, options), random);
}
