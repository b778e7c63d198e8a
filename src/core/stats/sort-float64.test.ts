import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random';
import { sortFloat64 } from './sort-float64';

/** Bitwise equality, so −0 and +0 are told apart. */
function expectSameBits(actual: Float64Array, expected: Float64Array): void {
  expect(actual.length).toBe(expected.length);
  const a = new Uint32Array(actual.buffer, actual.byteOffset, actual.length * 2);
  const b = new Uint32Array(expected.buffer, expected.byteOffset, expected.length * 2);
  let firstDiff = -1;
  for (let i = 0; i < a.length && firstDiff < 0; i++) if (a[i] !== b[i]) firstDiff = i >> 1;
  expect(firstDiff).toBe(-1);
}

function check(values: Float64Array): void {
  expectSameBits(sortFloat64(values.slice()), values.slice().sort());
}

describe('sortFloat64', () => {
  const random = mulberry32(7);
  it('orders like the built-in sort: mixed signs, ±0, infinities, subnormals, extremes', () => {
    const special = [0, -0, Infinity, -Infinity, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE, 1, -1, 0.1, -0.1, 2 ** 52, -(2 ** 53)];
    check(Float64Array.from({ length: 10_000 }, (_, i) => (i % 7 === 0 ? special[i % special.length] : (random() - 0.5) * 10 ** Math.floor(random() * 20 - 10))));
  });
  it('orders columns with few distinct values, integers, and rounded decimals', () => {
    check(Float64Array.from({ length: 50_000 }, () => Math.floor(random() * 5)));
    check(Float64Array.from({ length: 50_000 }, () => Math.floor(random() * 1e6) - 5e5));
    check(Float64Array.from({ length: 50_000 }, () => Math.round(random() * 100_000) / 1000));
  });
  it('handles constant, already sorted and reversed columns', () => {
    check(new Float64Array(5000).fill(3.5));
    check(new Float64Array(5000).fill(-0));
    check(Float64Array.from({ length: 5000 }, (_, i) => i - 2500));
    check(Float64Array.from({ length: 5000 }, (_, i) => 2500 - i));
  });
  it('sorts a subarray in place without touching the rest of its buffer', () => {
    const all = Float64Array.from({ length: 6000 }, () => random() - 0.5);
    const before = all.slice();
    const view = all.subarray(1000, 5000);
    sortFloat64(view);
    expectSameBits(all.subarray(0, 1000), before.subarray(0, 1000));
    expectSameBits(all.subarray(5000), before.subarray(5000));
    expectSameBits(view, before.subarray(1000, 5000).sort());
  });
  it('puts NaN last as the built-in sort does, and sorts short arrays', () => {
    const withNaN = Float64Array.from({ length: 4000 }, (_, i) => (i % 100 === 0 ? NaN : random()));
    const sorted = sortFloat64(withNaN.slice());
    expect(Number.isNaN(sorted[sorted.length - 1])).toBe(true);
    check(withNaN);
    check(Float64Array.of(3, -0, 0, -2));
    check(new Float64Array(0));
  });
});
