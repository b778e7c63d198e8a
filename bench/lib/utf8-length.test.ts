import { describe, expect, it } from 'vitest';
import { utf8Length } from './utf8-length';

describe('utf8Length', () => {
  it('counts the bytes TextEncoder writes', () => {
    const encoder = new TextEncoder();
    for (const text of ['', 'abc', 'é', 'naïve café', '€', '日本語', '😀', 'a😀b', '\ud800', '\udc00x', 'x\ud800', '\u07ff\u0800']) {
      expect(utf8Length(text)).toBe(encoder.encode(text).length);
    }
  });
});
