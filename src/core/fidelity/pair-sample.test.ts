import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random';
import { detection, DETECTION_DEFAULTS } from './detection';
import { categoricalPair, numericPair, type ColumnPair } from './prepare';
import { PAIR_DEFAULTS, pairCount, pairTrendsBounded, sampleMeanInterval, samplePairs } from './pair-sample';
import { fidelityOfPrepared } from './report';
import { pairTrends } from './shapes';

/**
 * `width` columns over `rows` rows per side: numbers that share a latent factor with a per-column
 * loading (the synthetic side's loadings differ, so pair scores spread), every tenth column categorical.
 */
function wideColumns(width: number, rows: number, seed: number): ColumnPair[] {
  const random = mulberry32(seed);
  const latent = (n: number) => Float64Array.from({ length: n }, () => random() * 2 - 1);
  const zr = latent(rows);
  const zs = latent(rows);
  return Array.from({ length: width }, (_, c) => {
    const lr = random();
    const ls = random();
    if (c % 10 === 9) {
      const cat = (z: Float64Array, l: number) => Array.from(z, (v) => (v * l + random() * 0.5 > 0 ? 'hi' : random() < 0.5 ? 'lo' : 'mid'));
      return categoricalPair(`c${c}`, cat(zr, lr), cat(zs, ls));
    }
    const num = (z: Float64Array, l: number) => Float64Array.from(z, (v) => v * l + (random() - 0.5) * (1 - l));
    return numericPair(`c${c}`, num(zr, lr), num(zs, ls));
  });
}

const prepared = (columns: ColumnPair[]) => ({ columns, realRows: columns[0].real.length, syntheticRows: columns[0].synthetic.length, skipped: [] });

describe('sampling column pairs', () => {
  it('draws distinct pairs i < j in enumeration order, uniformly over all pairs', () => {
    const hits = new Float64Array(pairCount(10));
    const at = (i: number, j: number) => i * 10 - (i * (i + 1)) / 2 + (j - i - 1);
    for (let seed = 1; seed <= 2000; seed++) {
      const drawn = samplePairs(10, 15, seed);
      expect(new Set(drawn.map(([i, j]) => `${i},${j}`)).size).toBe(15);
      for (let k = 0; k < drawn.length; k++) {
        const [i, j] = drawn[k];
        expect(i).toBeLessThan(j);
        expect(j).toBeLessThan(10);
        if (k > 0) expect(at(...drawn[k - 1])).toBeLessThan(at(i, j));
        hits[at(i, j)]++;
      }
    }
    // Each of the 45 pairs is drawn with probability 15/45: expected 666.7 times in 2,000 draws (sd ≈ 21).
    const expected = (2000 * 15) / 45;
    let chi2 = 0;
    for (const h of hits) chi2 += (h - expected) ** 2 / expected;
    // 44 degrees of freedom: the 99.9th percentile is 78.7.
    expect(chi2).toBeLessThan(78.7);
    expect(() => samplePairs(10, 30, 1)).toThrow(/too dense/);
  });

  it('the interval is the normal one with the finite-population correction', () => {
    const scores = [0.9, 0.8, 1, 0.7];
    const mean = 0.85;
    const sd = Math.sqrt((0.0025 + 0.0025 + 0.0225 + 0.0225) / 3);
    const { standard_error, ci95 } = sampleMeanInterval(scores, 10);
    expect(standard_error).toBeCloseTo((sd / 2) * Math.sqrt(6 / 9), 12);
    expect(ci95[0]).toBeCloseTo(mean - 1.959963984540054 * standard_error, 12);
    expect(sampleMeanInterval(scores, 4).standard_error).toBe(0);
  });
});

describe('column pair trends on wide tables', () => {
  it('below the limit every pair is scored, exactly as before', () => {
    const columns = wideColumns(30, 80, 3);
    const report = fidelityOfPrepared(prepared(columns));
    const brute = pairTrends(columns);
    expect(report.pairs_sampled).toBeNull();
    expect(report.pairs).toEqual(brute.pairs);
    expect(report.column_pair_trends).toBe(brute.pairs.reduce((s, p) => s + p.score, 0) / brute.pairs.length);
    expect(report.pairs).toHaveLength(435);
  });

  it('600 columns (179,700 pairs): the sampled estimate’s 95 % interval holds the exact mean over all pairs', () => {
    const columns = wideColumns(600, 60, 5);
    const exact = pairTrends(columns);
    const truth = exact.pairs.reduce((s, p) => s + p.score, 0) / exact.pairs.length;
    const { score, sample, pairs } = pairTrendsBounded(columns);
    expect(sample).toMatchObject({ sampled: PAIR_DEFAULTS.sampleSize, total: 179_700, defined: PAIR_DEFAULTS.sampleSize, seed: 1 });
    expect(pairs).toHaveLength(PAIR_DEFAULTS.sampleSize);
    expect(sample!.ci95[0]).toBeLessThanOrEqual(truth);
    expect(sample!.ci95[1]).toBeGreaterThanOrEqual(truth);
    expect(Math.abs(score! - truth)).toBeLessThan(3 * sample!.standard_error);
    // Informative, not vacuous: the pair scores spread, the interval is narrow.
    expect(Math.max(...exact.pairs.map((p) => p.score)) - Math.min(...exact.pairs.map((p) => p.score))).toBeGreaterThan(0.3);
    expect(sample!.ci95[1] - sample!.ci95[0]).toBeLessThan(0.01);
    // Across seeds the 95 % intervals cover the truth about 95 % of the time (20 seeds: at least 16).
    let covered = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const s = pairTrendsBounded(columns, { ...PAIR_DEFAULTS, sampleSize: 2000, seed }).sample!;
      if (s.ci95[0] <= truth && truth <= s.ci95[1]) covered++;
    }
    expect(covered).toBeGreaterThanOrEqual(16);
  });

  it('pairs left undefined by a constant column are counted in the sample and listed, not scored', () => {
    const columns = wideColumns(500, 40, 9);
    columns[3] = numericPair('flat', new Float64Array(40).fill(2), new Float64Array(40).fill(2));
    const { sample, pairs, undefinedPairs } = pairTrendsBounded(columns, { ...PAIR_DEFAULTS, sampleSize: 60_000 });
    expect(sample!.sampled).toBe(60_000);
    expect(sample!.defined).toBe(pairs.length);
    // 499 of the 124,750 pairs hold "flat": about 240 of 60,000 drawn.
    expect(undefinedPairs.length).toBeGreaterThan(150);
    expect(undefinedPairs.every((p) => p.columns.includes('flat') && /"flat" is constant/.test(p.reason))).toBe(true);
    expect(pairs.length + undefinedPairs.length).toBe(60_000);
  });
});

describe('detection on wide tables', () => {
  it('a design over the feature cap is hashed, every column counted, and still tells shifted sets apart', () => {
    const random = mulberry32(4);
    const width = 1100;
    const rows = 400;
    // Each column is shifted by 0.15 sd in the second set: invisible one by one, plain over 1,100 columns.
    const shifted = Array.from({ length: width }, (_, c) => numericPair(`x${c}`, Float64Array.from({ length: rows }, () => gauss(random)), Float64Array.from({ length: rows }, () => gauss(random) + 0.15)));
    const alike = Array.from({ length: width }, (_, c) => numericPair(`x${c}`, Float64Array.from({ length: rows }, () => gauss(random)), Float64Array.from({ length: rows }, () => gauss(random))));
    const apart = detection(shifted, rows, rows);
    expect(apart.features).toBe(DETECTION_DEFAULTS.hashedFeatures);
    expect(apart.hashed_from).toBe(width);
    expect(apart.auc).toBeGreaterThan(0.75);
    const same = detection(alike, rows, rows);
    expect(same.hashed_from).toBe(width);
    expect(same.auc).toBeLessThan(0.6);
    // At or under the cap the design is fitted as it is.
    const narrow = detection(shifted.slice(0, 40), rows, rows);
    expect(narrow.features).toBe(40);
    expect(narrow.hashed_from).toBeUndefined();
  });
});

function gauss(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}
