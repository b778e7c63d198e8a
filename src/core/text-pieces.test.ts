import { describe, expect, it } from 'vitest';
import { pieces } from './text-pieces';

describe('pieces', () => {
  it('joins back to the text, cuts after spaces where it can, and never exceeds the size', () => {
    const text = Array.from({ length: 500 }, (_, i) => `word${i}`).join(' ');
    const parts = pieces(text, 100);
    expect(parts.join('')).toBe(text);
    expect(Math.max(...parts.map((p) => p.length))).toBeLessThanOrEqual(100);
    expect(parts.slice(0, -1).every((p) => p.endsWith(' '))).toBe(true);
  });

  it('cuts text without spaces at the size, and keeps short or empty text whole', () => {
    expect(pieces('x'.repeat(250), 100).map((p) => p.length)).toEqual([100, 100, 50]);
    expect(pieces('short', 100)).toEqual(['short']);
    expect(pieces('', 100)).toEqual([]);
  });
});
