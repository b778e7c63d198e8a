import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random';
import { augmentPixels, drawTransform } from './augment-image';
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
