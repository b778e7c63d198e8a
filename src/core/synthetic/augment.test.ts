import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random';
import { augmentPixels, checkImageAugmentOptions, drawTransform, exemplarSources, greyIfGrey, IMAGE_AUGMENT_DEFAULTS, imageExemplar } from './augment-image';
import { augmentText, textExemplars } from './augment-text';

describe('text augmentation', () => {
  it('drops and swaps tokens of the source, seeded; never returns an empty text', () => {
    const source = 'the quick brown fox jumps over the lazy dog again and again';
    const a = textExemplars([source, 'one'], 20, 7);
    expect(textExemplars([source, 'one'], 20, 7)).toEqual(a);
    a.texts.forEach((text, i) => {
      const tokens = text.split(' ');
      const original = [source, 'one'][a.from[i]].split(' ');
      expect(tokens.length).toBeGreaterThan(0);
      expect(tokens.length).toBeLessThanOrEqual(original.length);
      // Every kept token is one of the source's (as a multiset).
      const counts = new Map<string, number>();
      original.forEach((w) => counts.set(w, (counts.get(w) ?? 0) + 1));
      tokens.forEach((w) => counts.set(w, (counts.get(w) ?? 0) - 1));
      expect([...counts.values()].every((v) => v >= 0)).toBe(true);
    });
    expect(a.texts.some((t, i) => a.from[i] === 0 && t !== source)).toBe(true);
  });

  it('a two-token text is always swapped once; heavy dropout still keeps one token; a bad rate is refused', () => {
    const random = mulberry32(1);
    expect(augmentText('a b', random, { dropout: 0, swapRate: 0 })).toBe('b a');
    expect(augmentText('a b c d', random, { dropout: 0.99, swapRate: 0.1 }).split(' ')).toHaveLength(1);
    expect(() => textExemplars(['x'], 1, 1, { dropout: 1, swapRate: 0 })).toThrow('Token dropout must be at least 0 and below 1; got 1.');
  });
});

describe('image augmentation', () => {
  const image = (w: number, h: number) => ({ width: w, height: h, channels: 1 as const, data: Uint8ClampedArray.from({ length: w * h }, (_, i) => i * 10) });
  const none = { flip: false, dx: 0, dy: 0, degrees: 0, noise: 0 };
  const random = mulberry32(3);

  it('the identity transform gives the image back; a flip mirrors rows; twice flipped is the original', () => {
    const img = image(3, 2);
    expect(Array.from(augmentPixels(img, none, random).data)).toEqual(Array.from(img.data));
    const flipped = augmentPixels(img, { ...none, flip: true }, random);
    expect(Array.from(flipped.data)).toEqual([20, 10, 0, 50, 40, 30]);
    expect(Array.from(augmentPixels(flipped, { ...none, flip: true }, random).data)).toEqual(Array.from(img.data));
  });

  it('a shift moves content, repeating the edge; 90° turns a square a quarter; noise leaves alpha alone', () => {
    const img = image(3, 1);
    expect(Array.from(augmentPixels(img, { ...none, dx: 1 }, random).data)).toEqual([0, 0, 10]);
    const square = image(3, 3);
    // Clockwise quarter turn: the top row (0, 10, 20) becomes the right column.
    const turned = augmentPixels(square, { ...none, degrees: 90 }, random);
    expect([turned.data[2], turned.data[5], turned.data[8]]).toEqual([0, 10, 20]);
    const rgba = { width: 2, height: 2, channels: 4 as const, data: new Uint8ClampedArray(16).fill(128) };
    const noisy = augmentPixels(rgba, { ...none, noise: 20 }, random);
    expect([3, 7, 11, 15].map((i) => noisy.data[i])).toEqual([128, 128, 128, 128]);
    expect(Array.from(noisy.data).some((v, i) => i % 4 !== 3 && v !== 128)).toBe(true);
  });

  it('drawn transforms stay within the limits', () => {
    for (let i = 0; i < 50; i++) {
      const t = drawTransform(28, 28, random);
      expect(Math.abs(t.dx)).toBeLessThanOrEqual(3);
      expect(Math.abs(t.degrees)).toBeLessThanOrEqual(10);
    }
  });
});

describe('image exemplars', () => {
  const digit = { width: 8, height: 8, channels: 1 as const, data: Uint8ClampedArray.from({ length: 64 }, (_, i) => ((i % 8) * 3 + Math.floor(i / 8) * 17) % 256) };

  it('an opaque grey RGBA image becomes one channel; colour or transparency keeps it as it is', () => {
    const rgba = new Uint8ClampedArray(16);
    [10, 20, 30, 40].forEach((v, p) => rgba.set([v, v, v, 255], p * 4));
    expect(greyIfGrey({ width: 2, height: 2, channels: 4, data: rgba })).toEqual({ width: 2, height: 2, channels: 1, data: Uint8ClampedArray.from([10, 20, 30, 40]) });
    const coloured = rgba.slice();
    coloured[5] = 21;
    expect(greyIfGrey({ width: 2, height: 2, channels: 4, data: coloured }).channels).toBe(4);
    const clear = rgba.slice();
    clear[15] = 0;
    expect(greyIfGrey({ width: 2, height: 2, channels: 4, data: clear }).channels).toBe(4);
  });

  it('sources are seeded draws over every source; each exemplar depends only on the seed and its index', () => {
    const from = exemplarSources(5, 200, 9);
    expect(from).toEqual(exemplarSources(5, 200, 9));
    expect(new Set(from)).toEqual(new Set([0, 1, 2, 3, 4]));
    expect(exemplarSources(5, 200, 10)).not.toEqual(from);
    expect(() => exemplarSources(0, 3, 1)).toThrow(/at least one real image/);
    const a = imageExemplar(digit, 4, 7);
    expect(imageExemplar(digit, 4, 0)).not.toEqual(a);
    // Made after others or alone, exemplar 7 is the same image.
    expect(imageExemplar(digit, 4, 7)).toEqual(a);
    expect(imageExemplar(digit, 5, 7)).not.toEqual(a);
  });

  it('with every transform off, an exemplar is its source; with noise only, pixels move by about the noise', () => {
    const off = { flipChance: 0, maxShift: 0, maxDegrees: 0, noise: 0 };
    expect(Array.from(imageExemplar(digit, 1, 3, off).data)).toEqual(Array.from(digit.data));
    const mid = { ...digit, data: new Uint8ClampedArray(64).fill(128) };
    const noisy = imageExemplar(mid, 1, 3, { ...off, noise: 8 });
    const sd = Math.sqrt(Array.from(noisy.data).reduce((s, v) => s + (v - 128) ** 2, 0) / 64);
    expect(sd).toBeGreaterThan(4);
    expect(sd).toBeLessThan(12);
  });

  it('settings outside small transforms are refused by name', () => {
    expect(() => checkImageAugmentOptions(IMAGE_AUGMENT_DEFAULTS)).not.toThrow();
    expect(() => checkImageAugmentOptions({ ...IMAGE_AUGMENT_DEFAULTS, flipChance: 2 })).toThrow(/flip chance must be between 0 and 1; got 2/);
    expect(() => checkImageAugmentOptions({ ...IMAGE_AUGMENT_DEFAULTS, maxShift: 0.8 })).toThrow(/largest shift/);
    expect(() => checkImageAugmentOptions({ ...IMAGE_AUGMENT_DEFAULTS, maxDegrees: 90 })).toThrow(/largest rotation must be between 0 and 45 degrees; got 90/);
    expect(() => checkImageAugmentOptions({ ...IMAGE_AUGMENT_DEFAULTS, noise: Number.NaN })).toThrow(/noise/);
  });
});
