// Image exemplars by augmentation on decoded pixels: a horizontal flip, a small shift and rotation
// (nearest-neighbour sampling, edges repeated), then Gaussian noise. Pure: decoding and encoding happen
// in the worker (OffscreenCanvas), so the transform is tested here on plain buffers.
import type { PixelBuffer } from '../features/image';

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
