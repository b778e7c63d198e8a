import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  embedImageInto,
  imageTensorShape,
  preprocessImageInto,
  preprocessImages,
  resolveImagePreprocessing,
  type ImagePixelsSpec,
  type PixelBuffer,
} from './image';
import { resizePlane } from './resize';

const gray = (width: number, height: number, data: number[] | Uint8Array): PixelBuffer => ({ data: Uint8Array.from(data), width, height, channels: 1 });
const mean = (xs: ArrayLike<number>) => Array.from(xs).reduce((a, b) => a + b, 0) / xs.length;

const imageArb = fc
  .record({ width: fc.integer({ min: 1, max: 12 }), height: fc.integer({ min: 1, max: 12 }), channels: fc.constantFrom<1 | 2 | 3 | 4>(1, 2, 3, 4) })
  .chain(({ width, height, channels }) =>
    fc.uint8Array({ minLength: width * height * channels, maxLength: width * height * channels }).map((data): PixelBuffer => ({ data, width, height, channels })),
  );

describe('resizePlane', () => {
  it('area: 28→14 is the mean of each 2×2 block', () => {
    const src = Float32Array.from({ length: 28 * 28 }, (_, i) => (i * 37) % 256);
    const out = new Float32Array(14 * 14);
    resizePlane(src, 28, 28, out, 0, 14, 14, 'area');
    for (let y = 0; y < 14; y++)
      for (let x = 0; x < 14; x++) {
        const at = (yy: number, xx: number) => src[(2 * y + yy) * 28 + 2 * x + xx];
        expect(out[y * 14 + x]).toBeCloseTo((at(0, 0) + at(0, 1) + at(1, 0) + at(1, 1)) / 4, 4);
      }
  });

  it('area keeps the mean for any sizes, bilinear keeps constants', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 }), (sw, sh, dw, dh) => {
        const src = Float32Array.from({ length: sw * sh }, (_, i) => (i * 7919) % 255);
        const out = new Float32Array(dw * dh);
        resizePlane(src, sw, sh, out, 0, dw, dh, 'area');
        expect(mean(out)).toBeCloseTo(mean(src), 2);
        resizePlane(new Float32Array(sw * sh).fill(42), sw, sh, out, 0, dw, dh, 'bilinear');
        for (const v of out) expect(v).toBeCloseTo(42, 4);
      }),
    );
  });

  it('bilinear 2→4 uses half-pixel centres', () => {
    const out = new Float32Array(4);
    resizePlane(Float32Array.of(0, 100), 2, 1, out, 0, 4, 1, 'bilinear');
    expect([...out]).toEqual([0, 25, 75, 100]);
  });
});

describe('preprocessImageInto', () => {
  it('scales, normalises and keeps a same-size gray image as is', () => {
    const pixels = Array.from({ length: 16 }, (_, i) => i * 17);
    const spec = resolveImagePreprocessing({ width: 4, height: 4, mean: [0.5], std: [0.25] });
    const out = new Float32Array(16);
    preprocessImageInto(gray(4, 4, pixels), spec, out);
    pixels.forEach((p, i) => expect(out[i]).toBeCloseTo((p / 255 - 0.5) / 0.25, 5));
  });

  it('turns RGBA into BT.601 luma over the background, and gray into 3 equal channels', () => {
    const rgba: PixelBuffer = { data: Uint8Array.of(255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 200, 200, 200, 0), width: 4, height: 1, channels: 4 };
    const out = new Float32Array(4);
    preprocessImageInto(rgba, resolveImagePreprocessing({ width: 4, height: 1, scale: 1, background: 10 }), out);
    expect([...out].map((v) => +v.toFixed(3))).toEqual([76.245, 149.685, 29.07, 10]);
    const rgb = new Float32Array(6);
    preprocessImageInto(gray(2, 1, [10, 20]), resolveImagePreprocessing({ width: 2, height: 1, channels: 3, scale: 1 }), rgb);
    expect([...rgb]).toEqual([10, 20, 10, 20, 10, 20]);
  });

  it('NHWC is the transpose of NCHW (property)', () => {
    fc.assert(
      fc.property(imageArb, fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }), fc.constantFrom<1 | 3>(1, 3), (image, w, h, c) => {
        const base = { width: w, height: h, channels: c, mean: Array(c).fill(0.1), std: Array(c).fill(0.3) };
        const nchw = preprocessImages([image], resolveImagePreprocessing({ ...base, layout: 'NCHW' }));
        const nhwc = preprocessImages([image], resolveImagePreprocessing({ ...base, layout: 'NHWC' }));
        for (let ch = 0; ch < c; ch++)
          for (let p = 0; p < w * h; p++) expect(nhwc[p * c + ch]).toBe(nchw[ch * w * h + p]);
        for (const v of nchw) expect(Number.isFinite(v)).toBe(true);
      }),
    );
    expect(imageTensorShape(resolveImagePreprocessing({ layout: 'NHWC' }), 8)).toEqual([8, 28, 28, 1]);
  });

  it('writes one slice of a batch buffer and rejects bad input with specifics', () => {
    const spec = resolveImagePreprocessing({ width: 2, height: 2 });
    const out = new Float32Array(10).fill(-1);
    preprocessImageInto(gray(2, 2, [255, 255, 255, 255]), spec, out, 3);
    expect([...out]).toEqual([-1, -1, -1, 1, 1, 1, 1, -1, -1, -1]);
    expect(() => preprocessImageInto(gray(2, 2, [1, 2, 3]), spec, out)).toThrow(/has 3 bytes; 2×2×1 needs 4/);
    expect(() => preprocessImageInto({ data: new Uint8Array(1), width: 20000, height: 20000, channels: 1 }, spec, out)).toThrow(/20000×20000 \(400 megapixels\)/);
    expect(() => preprocessImageInto(gray(2, 2, [1, 2, 3, 4]), spec, new Float32Array(3))).toThrow(/cannot hold 4/);
    expect(() => resolveImagePreprocessing({ channels: 3, mean: [0.5] })).toThrow(/mean must be 3 finite number/);
    expect(() => resolveImagePreprocessing({ std: [0] })).toThrow(/std must be 1 number/);
    expect(() => resolveImagePreprocessing({ layout: 'CHW' as never })).toThrow(/layout/);
  });
});

describe('embedImageInto', () => {
  const spec: ImagePixelsSpec = { kind: 'image-pixels', version: 1, grid: 7, channels: 1, background: 0, center: false };

  it('is the L2-normalised 4×4 area mean of a 28×28 image', () => {
    const pixels = Uint8Array.from({ length: 784 }, (_, i) => (i * 131) % 256);
    const out = new Float32Array(49);
    embedImageInto(gray(28, 28, pixels), spec, out);
    const want = Array.from({ length: 49 }, (_, o) => {
      let s = 0;
      for (let y = 0; y < 4; y++) for (let x = 0; x < 4; x++) s += pixels[(Math.floor(o / 7) * 4 + y) * 28 + (o % 7) * 4 + x];
      return s / 16;
    });
    const norm = Math.hypot(...want);
    want.forEach((w, i) => expect(out[i]).toBeCloseTo(w / norm, 5));
  });

  it('gives unit or zero vectors; center removes brightness', () => {
    fc.assert(
      fc.property(imageArb, fc.boolean(), (image, center) => {
        const out = new Float32Array(49);
        embedImageInto(image, { ...spec, center }, out);
        const norm = Math.hypot(...out);
        expect(norm === 0 || Math.abs(norm - 1) < 1e-5).toBe(true);
        if (center) expect(Math.abs(mean(out))).toBeLessThan(1e-5);
      }),
    );
    const dark = new Float32Array(49);
    const bright = new Float32Array(49);
    const pattern = Array.from({ length: 784 }, (_, i) => (i % 3) * 40);
    embedImageInto(gray(28, 28, pattern), { ...spec, center: true }, dark);
    embedImageInto(gray(28, 28, pattern.map((v) => v + 100)), { ...spec, center: true }, bright);
    dark.forEach((v, i) => expect(bright[i]).toBeCloseTo(v, 5));
  });
});
