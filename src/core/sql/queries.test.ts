import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random';
import { decodePatternKey, fitsPatternKey } from './queries';

/** The key as patternKeySql computes it: Σ_j (v_j + 1)·(k+1)^j. */
function encode(votes: number[], k: number): bigint {
  let key = 0n;
  let scale = 1n;
  for (const v of votes) {
    key += BigInt(v + 1) * scale;
    scale *= BigInt(k + 1);
  }
  return key;
}

describe('pattern keys', () => {
  it('fit in a positive BIGINT exactly when m·log2(k+1) ≤ 62', () => {
    for (const [m, k] of [[20, 4], [39, 2], [40, 2], [62, 1], [9, 126], [8, 126]]) {
      const largest = encode(Array.from({ length: m }, () => k - 1), k);
      expect(fitsPatternKey(m, k)).toBe(largest < 2n ** 63n && m * Math.log2(k + 1) <= 62);
      if (fitsPatternKey(m, k)) expect(largest < 2n ** 63n).toBe(true);
    }
  });

  it('decode what was encoded, abstentions included', () => {
    const random = mulberry32(5);
    for (let trial = 0; trial < 200; trial++) {
      const k = 2 + Math.floor(random() * 10);
      const m = Math.max(1, Math.floor(62 / Math.log2(k + 1) * random()));
      const votes = Array.from({ length: m }, () => Math.floor(random() * (k + 1)) - 1);
      const decoded = new Int8Array(m + 2);
      decodePatternKey(encode(votes, k), m, k, decoded, 1);
      expect(Array.from(decoded.subarray(1, m + 1))).toEqual(votes);
    }
  });
});
