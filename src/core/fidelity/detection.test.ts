import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random';
import { designMatrix } from './detection';
import { categoricalPair, numericPair } from './prepare';

describe('detection features', () => {
  it('standardised numbers and one-hot top categories, as a dense brute force builds them', () => {
    const random = mulberry32(31);
    const num = (n: number) => Float64Array.from({ length: n }, () => (random() < 0.1 ? NaN : random() * 10));
    // Ties in frequency: a stable sort by count keeps the earlier code, and so must the top-k.
    const cat = (n: number) => Array.from({ length: n }, (_, i) => (random() < 0.1 ? '' : `c${i % 7}`));
    const columns = [numericPair('x', num(40), num(30)), categoricalPair('k', cat(40), cat(30)), numericPair('flat', new Float64Array(40).fill(2), new Float64Array(30).fill(2))];
    const realRows = Uint32Array.from({ length: 25 }, (_, i) => i * 1.5);
    const synthRows = Uint32Array.from({ length: 20 }, (_, i) => 29 - i);
    const maxCategories = 4;
    const x = designMatrix(columns, realRows, synthRows, maxCategories);
    const n = realRows.length + synthRows.length;
    const cell = <T>(real: ArrayLike<T>, synthetic: ArrayLike<T>, r: number) => (r < realRows.length ? real[realRows[r]] : synthetic[synthRows[r - realRows.length]]);
    // Brute force: the numeric column over the sampled rows of both tables.
    const xs = Array.from({ length: n }, (_, r) => cell(columns[0].real as Float64Array, columns[0].synthetic as Float64Array, r)).filter((v) => !Number.isNaN(v));
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const std = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    const k = columns[1];
    if (k.kind !== 'categorical') throw new Error('categorical expected');
    const count = new Map<number, number>();
    for (let r = 0; r < n; r++) {
      const c = cell(k.real, k.synthetic, r);
      if (c >= 0) count.set(c, (count.get(c) ?? 0) + 1);
    }
    const top = [...count.keys()].sort((a, b) => count.get(b)! - count.get(a)! || a - b).slice(0, maxCategories);
    expect(x.d).toBe(1 + top.length + 1);
    const index = new Uint32Array(3);
    const value = new Float32Array(3);
    for (let r = 0; r < n; r++) {
      const expected: [number, number][] = [];
      const v = cell(columns[0].real as Float64Array, columns[0].synthetic as Float64Array, r);
      if (!Number.isNaN(v)) expected.push([0, Math.fround((v - mean) / std)]);
      const c = cell(k.real, k.synthetic, r);
      if (top.includes(c)) expected.push([1 + top.indexOf(c), 1]);
      const got = x.read(r, index, value);
      const pairs = Array.from({ length: got }, (_, t) => [index[t], value[t]]);
      expect(pairs.length).toBe(expected.length);
      pairs.forEach(([i, val], t) => {
        expect(i).toBe(expected[t][0]);
        expect(val).toBeCloseTo(expected[t][1], 5);
      });
    }
  });
});
