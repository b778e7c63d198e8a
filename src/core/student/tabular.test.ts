import { describe, expect, it } from 'vitest';
import { standardizedFeatures } from './tabular';

describe('standardizedFeatures', () => {
  it('scales each column by the fit rows only; constant columns and NaN become 0', () => {
    const f = standardizedFeatures([[1, 3, 1000], [5, 5, 5], [2, 4, NaN]], [0, 1]);
    expect(f.shape).toEqual([3]);
    expect(Array.from(f.values.subarray(0, 3))).toEqual([-1, 0, -1]);
    expect(Array.from(f.values.subarray(3, 6))).toEqual([1, 0, 1]);
    expect(f.values[6]).toBeCloseTo(998, 5);
    expect(f.values[7]).toBe(0);
    expect(f.values[8]).toBe(0);
  });

  it('explains a column with no numbers', () => {
    expect(() => standardizedFeatures([[NaN, NaN]], [0, 1], ['proline'])).toThrow(/Column proline has no numeric value/);
  });
});
