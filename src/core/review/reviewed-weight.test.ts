import { describe, expect, it } from 'vitest';
import { reviewedSeedWeight } from './reviewed-weight';

describe('reviewedSeedWeight', () => {
  it('makes the reviewed items together weigh the share of the soft-labelled pool', () => {
    expect(reviewedSeedWeight(200, 1000, 0.5)).toBe(2.5);
    expect(200 * reviewedSeedWeight(200, 1000, 1)).toBe(1000);
  });
  it('never weighs a human label below one soft item', () => {
    expect(reviewedSeedWeight(900, 100, 0.5)).toBe(1);
    expect(reviewedSeedWeight(10, 1000, 0)).toBe(1);
    expect(reviewedSeedWeight(0, 1000, 0.5)).toBe(1);
  });
  it('refuses a share that is not a number ≥ 0', () => {
    expect(() => reviewedSeedWeight(10, 100, -1)).toThrow(/share of the pool must be a number ≥ 0; got -1/);
    expect(() => reviewedSeedWeight(10, 100, NaN)).toThrow(/got NaN/);
  });
});
