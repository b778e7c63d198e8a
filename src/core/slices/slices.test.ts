import { describe, expect, it } from 'vitest';
import { bootstrapMacroF1, percentile, wilsonInterval, Z95 } from './intervals';
import { numericCells, quantileGroups, sliceReport, valueGroups, voteGroup } from './slices';

/** The Wilson bounds are the roots in p of (p̂ − p)² = z² p(1 − p) / n: solved here as a quadratic. */
function wilsonByQuadratic(x: number, n: number, z = Z95) {
  const ph = x / n;
  const a = 1 + (z * z) / n;
  const b = -(2 * ph + (z * z) / n);
  const c = ph * ph;
  const d = Math.sqrt(b * b - 4 * a * c);
  return { low: (-b - d) / (2 * a), high: (-b + d) / (2 * a) };
}

describe('Wilson interval', () => {
  it('matches the quadratic roots and a published case', () => {
    for (const [x, n] of [[8, 10], [0, 7], [7, 7], [13, 40], [1, 1]]) {
      const w = wilsonInterval(x, n);
      const q = wilsonByQuadratic(x, n);
      expect(w.low).toBeCloseTo(Math.max(0, q.low), 12);
      expect(w.high).toBeCloseTo(Math.min(1, q.high), 12);
    }
    // 8 of 10 with z = 1.96: the textbook (0.490, 0.943).
    const t = wilsonInterval(8, 10, 1.96);
    expect(t.low).toBeCloseTo(0.4902, 4);
    expect(t.high).toBeCloseTo(0.9433, 4);
    expect(Number.isNaN(wilsonInterval(0, 0).low)).toBe(true);
  });
});

describe('bootstrap interval of macro-F1', () => {
  it('is a point for a perfect slice, seeded, and brackets the estimate', () => {
    const gold = Int16Array.from([0, 1, 0, 1, 1, 0]);
    expect(bootstrapMacroF1(gold, gold.slice(), 2)).toEqual({ low: 1, high: 1 });
    const predicted = Int16Array.from([0, 1, 1, 1, 0, -1]);
    const a = bootstrapMacroF1(gold, predicted, 2, 500, 7);
    expect(bootstrapMacroF1(gold, predicted, 2, 500, 7)).toEqual(a);
    expect(a.low).toBeGreaterThanOrEqual(0);
    expect(a.low).toBeLessThan(0.4);
    expect(a.high).toBeGreaterThan(0.4);
    expect(a.high).toBeLessThanOrEqual(1);
  });

  it('percentile interpolates like numpy', () => {
    const s = Float64Array.from([1, 2, 3, 4, 5]);
    expect(percentile(s, 0.025)).toBeCloseTo(1.1, 12);
    expect(percentile(s, 0.975)).toBeCloseTo(4.9, 12);
  });
});

describe('slice report', () => {
  // Ten labelled canary rows: slice "a" (rows 0–4) has 1 of 5 right, "b" (rows 5–9) 5 of 5.
  const gold = Int16Array.from([0, 0, 1, 1, 0, 1, 1, 0, 0, 1]);
  const predicted = Int16Array.from([1, 1, 0, 1, -1, 1, 1, 0, 0, 1]);
  const cells = ['a', 'a', 'a', ' a ', 'a', 'b', 'b', 'b', 'b', 'b'];

  it('scores each field value with its interval and marks the worst', () => {
    const { groups } = valueGroups(cells);
    const report = sliceReport(groups, gold, predicted, 2, { rounds: 200 });
    expect(report.overall.size).toBe(10);
    expect(report.overall.accuracy).toBeCloseTo(0.6, 12);
    expect(report.rows.map((r) => [r.name, r.size, r.correct])).toEqual([['a', 5, 1], ['b', 5, 5]]);
    const [a, b] = report.rows;
    expect(a.worst).toBe(true);
    expect(b.worst).toBe(false);
    expect(a.accuracyCI).toEqual(wilsonInterval(1, 5));
    // Wilson upper bound of 1/5 is 0.624 > 0.6: not significantly worse at 95 %.
    expect(a.significantlyWorse).toBe(false);
    // Slice a: gold 0,0,1,1,0 vs 1,1,0,1,abstain → class 0: P 0/1, R 0/3 → F1 0; class 1: P 1/3, R 1/2 → F1 0.4.
    expect(a.macroF1).toBeCloseTo(0.2, 12);
    expect(b.macroF1).toBe(1);
  });

  it('flags a slice whose whole interval is below the overall accuracy', () => {
    const n = 60;
    const g = new Int16Array(n);
    const p = Int16Array.from({ length: n }, (_, i) => (i < 20 ? 1 : 0));
    const report = sliceReport([{ name: 'bad', rows: Uint32Array.from({ length: 20 }, (_, i) => i) }, { name: 'good', rows: Uint32Array.from({ length: 40 }, (_, i) => 20 + i) }], g, p, 2, { rounds: 50 });
    expect(report.rows[0].name).toBe('bad');
    expect(report.rows[0].significantlyWorse).toBe(true);
    expect(report.rows[1].significantlyWorse).toBe(false);
  });

  it('leaves out slices smaller than the minimum and names them', () => {
    const report = sliceReport([{ name: 'tiny', rows: Uint32Array.from([0, 1]) }, { name: 'all', rows: Uint32Array.from(gold.keys()) }], gold, predicted, 2, { rounds: 20 });
    expect(report.rows.map((r) => r.name)).toEqual(['all']);
    expect(report.rows[0].worst).toBe(false);
    expect(report.leftOut).toEqual({ count: 1, names: ['tiny'] });
  });

  it('an LF slices the rows it votes on', () => {
    expect(Array.from(voteGroup('lf', Int8Array.from([-1, 0, 1, -1])).rows)).toEqual([1, 2]);
  });

  it('keeps the largest values and counts the rest', () => {
    const r = valueGroups(['x', 'y', 'y', '', 'z', 'z', 'z'], 2);
    expect(r.groups.map((g) => g.name)).toEqual(['z', 'y']);
    expect(r.dropped).toBe(2);
    expect(valueGroups(['', ' ']).groups[0].name).toBe('(missing)');
  });
});

describe('quantile bins', () => {
  it('cuts at quartiles with (lo, hi] bins and a missing group', () => {
    const values = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, NaN]);
    const groups = quantileGroups(values, 4);
    // Sorted 1..8: cuts at indices floor(.25·7)=1 → 2, floor(.5·7)=3 → 4, floor(.75·7)=5 → 6.
    expect(groups.map((g) => g.name)).toEqual(['[1, 2]', '(2, 4]', '(4, 6]', '(6, 8]', '(missing)']);
    expect(groups.map((g) => Array.from(g.rows))).toEqual([[0, 1], [2, 3], [4, 5], [6, 7], [8]]);
  });

  it('merges equal cut points (a mostly constant field)', () => {
    const groups = quantileGroups(Float64Array.from([5, 5, 5, 5, 5, 9]), 4);
    expect(groups.map((g) => [g.name, g.rows.length])).toEqual([['[5, 5]', 5], ['(5, 9]', 1]]);
  });

  it('reads numeric and date fields, refuses others', () => {
    expect(numericCells(['1', '', '2.5'])!.kind).toBe('numeric');
    const d = numericCells(['2014-01-02T00:00:00', '2015-01-01'])!;
    expect(d.kind).toBe('datetime');
    expect(d.values[1]).toBe(Date.UTC(2015, 0, 1));
    expect(numericCells(['1', 'x'])).toBeNull();
    expect(numericCells(['', ''])).toBeNull();
  });
});
