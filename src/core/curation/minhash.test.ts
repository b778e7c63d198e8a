import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { oneHashSignature, oneHashSignaturePlain } from './minhash';
import { normalizeForShingles } from './shingles';

const unit = fc.constantFrom('a', 'b', 'z', 'A', 'Q', ' ', '  ', '\t', '\n', '.', '~', 'É', 'ß', 'İ', '😀', '\u4e2d', '\u00a0', '\ufeff', '\u2028');

describe('minhash fast paths', () => {
  it('property: the inline signature equals the plain one through forEachShingleHash, short and astral texts included', () => {
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 60 }), fc.integer(), fc.constantFrom(126, 64, 7), (raw, seed, bins) => {
        const text = normalizeForShingles(raw);
        expect(oneHashSignature(text, bins, seed, new Uint32Array(bins))).toEqual(oneHashSignaturePlain(text, bins, seed, new Uint32Array(bins)));
      }),
      { numRuns: 300 },
    );
  });

  it('property: normalising returns the same text as lowercasing, collapsing whitespace runs and trimming', () => {
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 30 }), (text) => {
        expect(normalizeForShingles(text)).toBe(text.toLowerCase().replace(/\s+/g, ' ').trim());
      }),
      { numRuns: 500 },
    );
    for (const text of ['', 'a', 'a b', ' a', 'a ', 'a  b', 'A', 'abc~!']) expect(normalizeForShingles(text)).toBe(text.toLowerCase().replace(/\s+/g, ' ').trim());
  });
});
