import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random';
import { categoricalPair, extentOf, sortedPresent } from './prepare';
import { contingencySimilarity, pairTrends, type Coded } from './shapes';

const codes = (xs: number[]) => Int32Array.from(xs);

describe('contingency counting', () => {
  it('pairs of many-level columns (sorted keys) match a brute-force count over string keys', () => {
    const random = mulberry32(21);
    const draw = (n: number, k: number) => Array.from({ length: n }, () => (random() < 0.05 ? '' : `v${Math.floor(random() * k)}`));
    const a = categoricalPair('a', draw(3000, 400), draw(2500, 420));
    const b = categoricalPair('b', draw(3000, 300), draw(2500, 300));
    expect(a.categories.length * b.categories.length).toBeGreaterThan(1 << 16);
    const shares = (x: Int32Array, y: Int32Array) => {
      const m = new Map<string, number>();
      let n = 0;
      x.forEach((v, i) => v >= 0 && y[i] >= 0 && (n++, m.set(`${v}|${y[i]}`, (m.get(`${v}|${y[i]}`) ?? 0) + 1)));
      for (const [k, v] of m) m.set(k, v / n);
      return m;
    };
    const r = shares(a.real, b.real);
    const s = shares(a.synthetic, b.synthetic);
    let tv = 0;
    for (const key of new Set([...r.keys(), ...s.keys()])) tv += Math.abs((r.get(key) ?? 0) - (s.get(key) ?? 0));
    const coded = (c: typeof a): Coded => ({ name: c.name, levels: c.categories.length, real: c.real, synthetic: c.synthetic });
    expect(contingencySimilarity(coded(a), coded(b))).toBeCloseTo(1 - tv / 2, 12);
  });

  it('sorted keys and the dense table give the very same sum', () => {
    const random = mulberry32(22);
    const side = (n: number) => codes(Array.from({ length: n }, () => (random() < 0.1 ? -1 : Math.floor(random() * 10))));
    const [ar, as, br, bs] = [side(500), side(400), side(500), side(400)];
    const dense = contingencySimilarity({ name: 'a', levels: 10, real: ar, synthetic: as }, { name: 'b', levels: 10, real: br, synthetic: bs });
    // The same codes declared with 300 levels each: 90,000 combinations, past the dense table's size.
    const sorted = contingencySimilarity({ name: 'a', levels: 300, real: ar, synthetic: as }, { name: 'b', levels: 300, real: br, synthetic: bs });
    expect(sorted).toBe(dense);
  });

  it('is undefined (NaN) when no row of one table has both values, with either way of counting', () => {
    for (const levels of [3, 300]) {
      const a = { name: 'a', levels, real: codes([0, 1, -1, -1]), synthetic: codes([0, 1, 2]) };
      const b = { name: 'b', levels, real: codes([-1, -1, 0, 1]), synthetic: codes([0, 1, 2]) };
      expect(contingencySimilarity(a, b)).toBeNaN();
    }
  });
});

describe('numeric columns', () => {
  it('the extent is the ends of the sorted present values, −0 before +0', () => {
    const random = mulberry32(23);
    for (let t = 0; t < 50; t++) {
      const values = Float64Array.from({ length: 1 + Math.floor(random() * 20) }, () => [NaN, 0, -0, 1, -1, random() - 0.5][Math.floor(random() * 6)]);
      const sorted = sortedPresent(values);
      const extent = extentOf(values);
      expect(extent.present).toBe(sorted.length);
      if (sorted.length === 0) continue;
      expect(Object.is(extent.min, sorted[0])).toBe(true);
      expect(Object.is(extent.max, sorted[sorted.length - 1])).toBe(true);
    }
    expect(extentOf(Float64Array.of(NaN)).present).toBe(0);
  });

  it('sorts into the front of a reused array when one is given', () => {
    const buffer = new Float64Array(6).fill(99);
    const sorted = sortedPresent(Float64Array.of(3, NaN, 1, 2), buffer);
    expect(Array.from(sorted)).toEqual([1, 2, 3]);
    expect(sorted.buffer).toBe(buffer.buffer);
    expect(Array.from(sortedPresent(Float64Array.of(5, 4, 3, 2, 1, 0, -1), buffer))).toEqual([-1, 0, 1, 2, 3, 4, 5]);
  });
});

describe('pairs without joint rows', () => {
  it('a pair no synthetic row fills in both columns is listed as undefined, not scored NaN', () => {
    const a = categoricalPair('a', ['x', 'y', 'x', 'y'], ['x', '', 'y', '']);
    const b = categoricalPair('b', ['p', 'q', 'q', 'p'], ['', 'q', '', 'p']);
    const { pairs, undefinedPairs } = pairTrends([a, b]);
    expect(pairs).toEqual([]);
    expect(undefinedPairs).toEqual([{ columns: ['a', 'b'], metric: 'ContingencySimilarity', reason: 'contingency undefined: no synthetic row has values in both columns' }]);
    const scored = pairTrends([a, categoricalPair('c', ['p', 'q', 'q', 'p'], ['p', 'q', 'p', 'q'])]);
    expect(scored.undefinedPairs).toEqual([]);
    expect(Number.isFinite(scored.pairs[0].score)).toBe(true);
  });
});
