import { describe, expect, it } from 'vitest';
import { l2NormalizeRows, poolTokens } from './pooling';

describe('pooling', () => {
  // Two items, three tokens, width 2; the second item has one padding token.
  const hidden = Float32Array.of(1, 2, 3, 4, 5, 6, 10, 20, 30, 40, 99, 99);
  it('mean pools over real tokens only', () => {
    expect(Array.from(poolTokens(hidden, [2, 3, 2], Uint8Array.of(1, 1, 1, 1, 1, 0), 'mean'))).toEqual([3, 4, 20, 30]);
  });
  it('cls takes the first token', () => {
    expect(Array.from(poolTokens(hidden, [2, 3, 2], null, 'cls'))).toEqual([1, 2, 10, 20]);
  });
  it('normalises rows to unit length and leaves zero rows alone', () => {
    expect(Array.from(l2NormalizeRows(Float32Array.of(3, 4, 0, 0), 2))).toEqual([expect.closeTo(0.6, 6), expect.closeTo(0.8, 6), 0, 0]);
  });
});
