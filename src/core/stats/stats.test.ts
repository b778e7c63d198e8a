import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random';
import { kolmogorovCdfDurbin, kolmogorovCdfPelzGood, kolmogorovSf, smirnovSf } from './kolmogorov';
import { ks2Sorted, ksExactPValue, ksScaledStatistic } from './ks2';
import { chiSquareSf, erfc, gammaQ, logGamma, normalSf, roundHalfEven } from './special';
import { chiSquareGoodnessOfFit, jensenShannonDistance, normedWasserstein, populationStd, proportionZTest, wassersteinSorted } from './tests';

const TOL = 1e-6;

/** Simpson's rule: an independent way to get normal tails and gamma integrals. */
function simpson(f: (x: number) => number, a: number, b: number, n = 20_000): number {
  const h = (b - a) / n;
  let s = f(a) + f(b);
  for (let i = 1; i < n; i++) s += f(a + i * h) * (i % 2 ? 4 : 2);
  return (s * h) / 3;
}
const normalTailBrute = (z: number) => simpson((t) => Math.exp(-t * t / 2) / Math.sqrt(2 * Math.PI), z, z + 40);

function sample(random: () => number, n: number, shift: number, grid = 20): Float64Array {
  // Values on a coarse grid so the samples have ties, the case the ECDF walk must get right.
  return Float64Array.from({ length: n }, () => Math.round((random() + shift) * grid) / grid).sort();
}

/** D by definition: the largest ECDF gap over every observed value, counting with linear scans. */
function ksStatisticBrute(a: Float64Array, b: Float64Array): number {
  let best = 0;
  for (const v of [...a, ...b]) {
    const fa = a.filter((x) => x <= v).length / a.length;
    const fb = b.filter((x) => x <= v).length / b.length;
    best = Math.max(best, Math.abs(fa - fb));
  }
  return best;
}

/** Exact p by enumeration: share of all C(m+n, m) orderings whose ECDF gap reaches D (no ties). */
function ksExactBrute(m: number, n: number, d: number): number {
  let hits = 0;
  let total = 0;
  const visit = (x: number, y: number, worst: number) => {
    const gap = Math.max(worst, Math.abs(x / m - y / n));
    if (x === m && y === n) {
      total++;
      if (gap >= d - 1e-12) hits++;
      return;
    }
    if (x < m) visit(x + 1, y, gap);
    if (y < n) visit(x, y + 1, gap);
  };
  visit(0, 0, 0);
  return hits / total;
}

describe('special functions', () => {
  it('log-gamma matches factorials', () => {
    let f = 1;
    for (let n = 1; n <= 30; n++) {
      f *= n;
      expect(logGamma(n + 1)).toBeCloseTo(Math.log(f), 10);
    }
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
  });

  it('chi-square survival matches the closed forms for even df and a brute-force integral for odd df', () => {
    for (const x of [0.1, 1, 3.7, 10, 25, 60]) {
      expect(chiSquareSf(x, 2)).toBeCloseTo(Math.exp(-x / 2), 12);
      expect(chiSquareSf(x, 4)).toBeCloseTo(Math.exp(-x / 2) * (1 + x / 2), 12);
      expect(chiSquareSf(x, 6)).toBeCloseTo(Math.exp(-x / 2) * (1 + x / 2 + (x * x) / 8), 12);
      // df = 1: P(Z² > x) = 2 P(Z > √x).
      expect(Math.abs(chiSquareSf(x, 1) - 2 * normalTailBrute(Math.sqrt(x)))).toBeLessThan(1e-9);
      // df = 3: density √x e^{-x/2} / √(2π), integrated directly.
      const brute = simpson((t) => (Math.sqrt(t) * Math.exp(-t / 2)) / Math.sqrt(2 * Math.PI), x, x + 200, 200_000);
      expect(Math.abs(chiSquareSf(x, 3) - brute)).toBeLessThan(1e-8);
    }
    expect(gammaQ(3, 0)).toBe(1);
  });

  it('normal tail and erfc match brute-force integration, far into the tail', () => {
    for (const z of [0, 0.5, 1.96, 3, 5]) expect(Math.abs(normalSf(z) - normalTailBrute(z))).toBeLessThan(1e-10);
    expect(normalSf(10) / 7.619853024160527e-24).toBeCloseTo(1, 8);
    expect(erfc(-1) + erfc(1)).toBeCloseTo(2, 14);
  });

  it('rounds halves to even like numpy', () => {
    expect([0.5, 1.5, 2.5, 3.49, 3.5].map(roundHalfEven)).toEqual([0, 2, 2, 3, 4]);
  });
});

describe('two-sample Kolmogorov–Smirnov', () => {
  it('statistic equals the brute-force ECDF gap, ties included', () => {
    const random = mulberry32(3);
    for (let t = 0; t < 40; t++) {
      const a = sample(random, 1 + Math.floor(random() * 40), 0);
      const b = sample(random, 1 + Math.floor(random() * 40), random() * 0.5);
      expect(ksScaledStatistic(a, b) / (a.length * b.length)).toBeCloseTo(ksStatisticBrute(a, b), 12);
    }
  });

  it('exact p-value equals enumeration of every lattice path (equal and unequal sizes)', () => {
    for (const [m, n] of [[3, 3], [5, 5], [6, 6], [4, 7], [5, 8], [3, 9], [6, 9], [2, 11]]) {
      const g = gcdBrute(m, n);
      for (let scaled = g; scaled <= m * n; scaled += g) {
        const brute = ksExactBrute(m, n, scaled / (m * n));
        expect(Math.abs(ksExactPValue(scaled, m, n) - brute)).toBeLessThan(1e-12);
      }
    }
  });

  it('hand-computed case: samples {1,2,3} and {4,5,6} separate fully', () => {
    const r = ks2Sorted(Float64Array.of(1, 2, 3), Float64Array.of(4, 5, 6));
    // Only the two orderings "all a first" / "all b first" of C(6,3) = 20 reach D = 1.
    expect(r.statistic).toBe(1);
    expect(r.pValue).toBeCloseTo(2 / 20, 14);
    expect(r.method).toBe('exact');
  });

  it('matches scipy 1.17.1 ks_2samp (method="auto") on recorded cases, both branches', () => {
    // Values printed by scipy.stats.ks_2samp for the samples built below (seeded, so reproducible).
    const random = mulberry32(1);
    const build = (n: number, shift: number) => Float64Array.from({ length: n }, () => Math.round((random() * 2 + shift) * 100) / 100).sort();
    const cases: [number, number, number, number][] = [
      [5, 7, 0.5, 0.43434343434343425],
      [30, 30, 0.3, 0.0008995776840176799],
      [100, 73, 0.2, 0.13310787503793528],
      [1000, 999, 0.05, 0.7040791222220959],
      [800, 12000, 0.05, 0.4751335409268381],
      [1000, 30000, 0.1, 2.0207732041061227e-5],
      [50, 20000, 0.3, 0.04051516961753443],
    ];
    for (const [n1, n2, shift, scipyP] of cases) {
      const a = Float64Array.from({ length: n1 }, () => Math.round(random() * 2 * 100) / 100).sort();
      const b = build(n2, shift);
      const r = ks2Sorted(a, b);
      expect(Math.abs(r.pValue - scipyP)).toBeLessThan(TOL);
      expect(r.method).toBe(Math.max(n1, n2) <= 10_000 ? 'exact' : 'asymp');
    }
  });
});

function gcdBrute(a: number, b: number): number {
  let g = Math.min(a, b);
  while (a % g || b % g) g--;
  return g;
}

describe('Kolmogorov distribution (kstwo.sf)', () => {
  it('n = 1 and the Ruben–Gambino edges are closed forms', () => {
    for (const x of [0.55, 0.7, 0.9]) expect(kolmogorovSf(1, x)).toBeCloseTo(2 * (1 - x), 14);
    // P(D_n ≤ x) = n!/nⁿ (2nx − 1)ⁿ on [1/2n, 1/n].
    const n = 5;
    const x = 0.15;
    expect(kolmogorovSf(n, x)).toBeCloseTo(1 - (120 / 5 ** 5) * (2 * n * x - 1) ** n, 14);
    expect(smirnovSf(1, 0.3)).toBeCloseTo(0.7, 14);
  });

  it('Durbin and Pelz–Good agree where both apply, and every branch matches scipy 1.17.1', () => {
    expect(Math.abs(kolmogorovCdfDurbin(2000, 0.03) - kolmogorovCdfPelzGood(2000, 0.03))).toBeLessThan(1e-6);
    const scipy: [number, number, number][] = [
      [2, 0.6, 0.32000000000000006],
      [10, 0.3, 0.27053557479999946],
      [10, 0.1, 0.99963712],
      [50, 0.2, 0.03143877776953241],
      [140, 0.1, 0.11353657290090946],
      [141, 0.1, 0.11128445516467944],
      [500, 0.05, 0.15866260223815387],
      [500, 0.08, 0.0031305058199356268],
      [1000, 0.02, 0.8108971656895577],
      [5000, 0.01, 0.6954557253913853],
      [200000, 0.002, 0.39995085369038097],
    ];
    for (const [n, x, p] of scipy) expect(Math.abs(kolmogorovSf(n, x) - p)).toBeLessThan(1e-12);
  });
});

describe('z, chi-square, Wasserstein, Jensen–Shannon', () => {
  it('two-proportion z-test, hand-computed', () => {
    // p1 = .3, p2 = .5, pooled .4: z = −.2 / √(.4·.6·(1/100 + 1/100)) = −2.886751…
    const r = proportionZTest(30, 100, 50, 100);
    expect(r.statistic).toBeCloseTo(-0.2 / Math.sqrt(0.0048), 12);
    expect(Math.abs(r.pValue - 2 * normalTailBrute(0.2 / Math.sqrt(0.0048)))).toBeLessThan(1e-10);
    expect(proportionZTest(10, 10, 7, 7)).toEqual({ statistic: 0, pValue: 1 });
  });

  it('chi-square goodness of fit, hand-computed (df = 2 has a closed form)', () => {
    // Expected = reference counts × 60/60: (20−10)²/10 + 0 + (20−30)²/30 = 13.333…
    const r = chiSquareGoodnessOfFit([10, 20, 30], [20, 20, 20]);
    expect(r.statistic).toBeCloseTo(40 / 3, 12);
    expect(r.pValue).toBeCloseTo(Math.exp(-20 / 3), 12);
    // Reference scaled to the current total: expected = [5, 15] for 20 current values.
    const s = chiSquareGoodnessOfFit([10, 30], [8, 12]);
    expect(s.statistic).toBeCloseTo(9 / 5 + 9 / 15, 12);
    expect(chiSquareGoodnessOfFit([3, 0], [1, 1]).pValue).toBe(0);
  });

  it('Wasserstein equals the quantile-function integral (brute force), and is normed by the population std', () => {
    const quantileIntegral = (a: Float64Array, b: Float64Array) => {
      const cuts = new Set<number>([0, 1]);
      for (let k = 1; k < a.length; k++) cuts.add(k / a.length);
      for (let k = 1; k < b.length; k++) cuts.add(k / b.length);
      const us = [...cuts].sort((x, y) => x - y);
      let total = 0;
      for (let i = 0; i + 1 < us.length; i++) {
        const mid = (us[i] + us[i + 1]) / 2;
        const qa = a[Math.ceil(mid * a.length) - 1];
        const qb = b[Math.ceil(mid * b.length) - 1];
        total += Math.abs(qa - qb) * (us[i + 1] - us[i]);
      }
      return total;
    };
    const random = mulberry32(9);
    for (let t = 0; t < 30; t++) {
      const a = sample(random, 1 + Math.floor(random() * 50), 0, 7);
      const b = sample(random, 1 + Math.floor(random() * 50), random(), 7);
      expect(Math.abs(wassersteinSorted(a, b) - quantileIntegral(a, b))).toBeLessThan(1e-12);
    }
    // Hand: {0, 1} vs {2, 3}: every unit of mass moves 2.
    expect(wassersteinSorted(Float64Array.of(0, 1), Float64Array.of(2, 3))).toBeCloseTo(2, 14);
    expect(populationStd(Float64Array.of(0, 1))).toBeCloseTo(0.5, 14);
    expect(normedWasserstein(Float64Array.of(0, 1), Float64Array.of(2, 3))).toBeCloseTo(4, 14);
    // A constant reference has std 0: Evidently floors it at 0.001.
    expect(normedWasserstein(Float64Array.of(1, 1), Float64Array.of(1, 2))).toBeCloseTo(0.5 / 0.001, 9);
  });

  it('Jensen–Shannon distance equals the entropy form √(H(m) − (H(p)+H(q))/2), natural log', () => {
    const H = (p: number[]) => -p.reduce((s, x) => s + (x > 0 ? x * Math.log(x) : 0), 0);
    const random = mulberry32(5);
    for (let t = 0; t < 20; t++) {
      const k = 2 + Math.floor(random() * 6);
      const rawP = Array.from({ length: k }, () => (random() < 0.2 ? 0 : random()));
      const rawQ = Array.from({ length: k }, () => random());
      rawP[0] += 0.1;
      const p = rawP.map((x) => x / rawP.reduce((s, v) => s + v, 0));
      const q = rawQ.map((x) => x / rawQ.reduce((s, v) => s + v, 0));
      const m = p.map((x, i) => (x + q[i]) / 2);
      expect(jensenShannonDistance(rawP, rawQ)).toBeCloseTo(Math.sqrt(H(m) - (H(p) + H(q)) / 2), 12);
    }
    // Disjoint supports: the maximum, √ln 2.
    expect(jensenShannonDistance([1, 0], [0, 1])).toBeCloseTo(Math.sqrt(Math.LN2), 14);
  });
});
