import { describe, expect, it } from 'vitest';
import { columnsOf, type StringTable } from '../drift/columns';
import { mulberry32 } from '../random';
import { categoricalPair, numericPair } from './prepare';
import { fidelityReport } from './report';
import { binIndex, columnShape, contingencySimilarity, coded, pearson } from './shapes';
import { columnCoverage, columnTail, quantileSorted } from './tails';

const table = (names: string[], rows: (string | number)[][]): StringTable => columnsOf(names, rows.map((r) => r.map(String)));
const f64 = (xs: number[]) => Float64Array.from(xs);

describe('column shapes', () => {
  it('KSComplement and TVComplement, hand-computed', () => {
    // ECDFs of {1,2,3,4} and {3,4,5,6} differ by at most 1/2 (at 2).
    expect(columnShape(numericPair('x', f64([1, 2, 3, 4]), f64([3, 4, 5, 6]))).score).toBeCloseTo(0.5, 14);
    // Real a:.5 b:.5, synthetic a:.25 b:.25 c:.5 → TV = ½(.25 + .25 + .5) = .5.
    expect(columnShape(categoricalPair('c', ['a', 'b', '', 'a', 'b'], ['a', 'b', 'c', 'c'])).score).toBeCloseTo(0.5, 14);
  });
});

describe('column pair trends', () => {
  it('Pearson equals the one-pass textbook formula (brute force) on the rows where both exist', () => {
    const random = mulberry32(6);
    const x = Float64Array.from({ length: 200 }, () => (random() < 0.05 ? NaN : random()));
    const y = Float64Array.from(x, (v) => (random() < 0.05 ? NaN : v * 0.5 + random()));
    let n = 0, sx = 0, sy = 0, sxy = 0, sxx = 0, syy = 0;
    for (let i = 0; i < x.length; i++) {
      if (Number.isNaN(x[i]) || Number.isNaN(y[i])) continue;
      n++; sx += x[i]; sy += y[i]; sxy += x[i] * y[i]; sxx += x[i] ** 2; syy += y[i] ** 2;
    }
    const brute = (n * sxy - sx * sy) / Math.sqrt((n * sxx - sx * sx) * (n * syy - sy * sy));
    expect(pearson(x, y)).toBeCloseTo(brute, 10);
    expect(Number.isNaN(pearson(f64([1, 1, 1]), f64([1, 2, 3])))).toBe(true);
  });

  it('ContingencySimilarity equals a brute-force count over string keys, bins over the real range', () => {
    const random = mulberry32(7);
    const realNum = Float64Array.from({ length: 150 }, () => random() * 10);
    const synthNum = Float64Array.from({ length: 120 }, () => random() * 14 - 2); // some outside the real range
    const realCat = Array.from({ length: 150 }, () => 'abc'[Math.floor(random() * 3)]);
    const synthCat = Array.from({ length: 120 }, () => 'abcd'[Math.floor(random() * 4)]);
    const num = numericPair('n', realNum, synthNum);
    const cat = categoricalPair('c', realCat, synthCat);
    const min = Math.min(...realNum);
    const max = Math.max(...realNum);
    // Brute bins: walk the 11 edges.
    const bruteBin = (v: number) => {
      const width = (max - min) / 10;
      let b = 0;
      while (b < 9 && v >= min + (b + 1) * width) b++;
      return b;
    };
    const shares = (nums: Float64Array, cats: string[]) => {
      const m = new Map<string, number>();
      nums.forEach((v, i) => m.set(`${bruteBin(v)}|${cats[i]}`, (m.get(`${bruteBin(v)}|${cats[i]}`) ?? 0) + 1 / nums.length));
      return m;
    };
    const r = shares(realNum, realCat);
    const s = shares(synthNum, synthCat);
    let tv = 0;
    for (const key of new Set([...r.keys(), ...s.keys()])) tv += Math.abs((r.get(key) ?? 0) - (s.get(key) ?? 0));
    expect(contingencySimilarity(coded(num), coded(cat))).toBeCloseTo(1 - tv / 2, 12);
    expect(binIndex(-5, 0, 10)).toBe(0);
    expect(binIndex(10, 0, 10)).toBe(9);
    expect(binIndex(99, 0, 10)).toBe(9);
  });
});

describe('tails and coverage', () => {
  it('quantiles interpolate like numpy', () => {
    const xs = f64([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const expected = [1.09, 1.45, 9.55, 9.91]; // numpy.quantile(range(1, 11), [.01, .05, .95, .99])
    [0.01, 0.05, 0.95, 0.99].forEach((q, i) => expect(quantileSorted(xs, q)).toBeCloseTo(expected[i], 12));
  });

  it('rare categories and coverage, hand-computed', () => {
    const real = [...Array(198).fill('common'), 'rare1', 'rare2'];
    const tail = columnTail(categoricalPair('c', real, ['common', 'rare2']));
    expect(tail).toEqual({ rare_in_real: 2, rare_in_both: 1, missing_in_synthetic: ['rare1'] });
    expect(columnCoverage(categoricalPair('c', ['a', 'b', 'c', 'd'], ['a', 'b', 'x'])).score).toBe(0.5);
    // Real [0, 10], synthetic [2, 9]: 1 − (0.2 + 0.1).
    expect(columnCoverage(numericPair('x', f64([0, 10]), f64([2, 9]))).score).toBeCloseTo(0.7, 14);
  });
});

describe('fidelity report', () => {
  it('lists constant-column pairs as undefined and leaves them out of the mean; reports bad columns by name', () => {
    const random = mulberry32(11);
    const rows = (n: number) => Array.from({ length: n }, (_, i) => [i, random().toFixed(3), random().toFixed(3), 5, i % 2 ? 'x' : 'y', '', 'q']);
    const names = ['id', 'a', 'b', 'flat', 'cat', 'empty', 'only'];
    const real = table(names, rows(60));
    const synth = table(['id', 'a', 'b', 'flat', 'cat', 'empty', 'extra'], rows(50));
    const r = fidelityReport(real, synth);
    expect(Object.keys(r.columns)).toEqual(['a', 'b', 'flat', 'cat']);
    expect(r.undefined_pairs.map((p) => p.columns)).toEqual([['a', 'flat'], ['b', 'flat']]);
    expect(r.undefined_pairs[0].reason).toBe('correlation undefined: "flat" is constant in the real table');
    expect(r.pairs).toHaveLength(6 - 2);
    expect(r.column_pair_trends).toBeCloseTo(r.pairs.reduce((s, p) => s + p.score, 0) / r.pairs.length, 14);
    expect(r.quality).toBeCloseTo((r.column_shapes! + r.column_pair_trends!) / 2, 14);
    expect(Object.fromEntries(r.skipped.map((s) => [s.column, s.problem]))).toEqual({ empty: 'all-missing', only: 'only-in-real', extra: 'only-in-synthetic' });
  });

  it('detection: AUC near 0.5 for two samples of one distribution, near 1 for separated ones', () => {
    const random = mulberry32(12);
    const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const make = (n: number, shift: number) => table(['u', 'v', 'k'], Array.from({ length: n }, () => [gauss() + shift, gauss(), random() < 0.5 ? 'p' : 'q']));
    const same = fidelityReport(make(400, 0), make(400, 0)).detection!;
    expect(Math.abs(same.auc - 0.5)).toBeLessThan(0.08);
    expect(same.fold_aucs).toHaveLength(5);
    expect(same.features).toBe(4);
    const apart = fidelityReport(make(400, 0), make(400, 3)).detection!;
    expect(apart.auc).toBeGreaterThan(0.95);
    expect(apart.score).toBeLessThan(0.1);
  });
});
