import { describe, expect, it } from 'vitest';
import { luminance, PALETTE, textOn } from './classes';

describe('textOn', () => {
  it('chip text on every palette colour has at least 4.5:1 contrast', () => {
    for (const color of PALETTE) {
      const l = luminance(color);
      const text = textOn(color) === '#000' ? 0 : 1;
      const ratio = (Math.max(l, text) + 0.05) / (Math.min(l, text) + 0.05);
      expect(ratio, color).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('reads any CSS colour it cannot parse as mid grey, never throws', () => {
    expect(luminance('rgb(1, 2, 3)')).toBeCloseTo(luminance('#777777'));
    expect(textOn('#fff')).toBe('#000');
    expect(textOn('#000')).toBe('#fff');
  });
});
