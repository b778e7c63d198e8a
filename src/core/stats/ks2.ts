// Two-sample Kolmogorov–Smirnov test, two-sided, with the p-value scipy's `ks_2samp(a, b)` gives in its
// default method='auto': exact when both samples have ≤ 10,000 values, else `kstwo.sf(D, round(n·m/(n+m)))`.
// The exact p-value is the share of monotone lattice paths from (0,0) to (n1,n2) that leave the band
// |x/n1 − y/n2| < D; it is computed here as a probability flow along the band (no large binomials), so
// it needs no fallback where scipy's path count would overflow.
import { kolmogorovSf } from './kolmogorov';
import { roundHalfEven } from './special';

/** scipy's MAX_AUTO_N: the largest sample size for which 'auto' computes the exact p-value. */
export const KS_EXACT_MAX_N = 10_000;

export interface KsResult {
  statistic: number;
  pValue: number;
  method: 'exact' | 'asymp';
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * max over x of |i·n2 − j·n1|, where i and j count the values ≤ x in each sorted sample: D·n1·n2 as an
 * integer, so the exact p-value can work on the lattice without rounding.
 */
export function ksScaledStatistic(a: Float64Array, b: Float64Array): number {
  const n1 = a.length;
  const n2 = b.length;
  let i = 0;
  let j = 0;
  let best = 0;
  while (i < n1 && j < n2) {
    const v = a[i] <= b[j] ? a[i] : b[j];
    while (i < n1 && a[i] <= v) i++;
    while (j < n2 && b[j] <= v) j++;
    const diff = Math.abs(i * n2 - j * n1);
    if (diff > best) best = diff;
  }
  return best;
}

/** P(D_{n,n} ≥ h/n), scipy's alternating-series form evaluated Horner-style (no cancellation). */
function probOutsideSquare(n: number, h: number): number {
  let p = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    p = p1 * (1 - p);
  }
  return 2 * p;
}

/**
 * P(D ≥ h·g/(m·n)) for samples of sizes m and n (g = gcd): one minus the probability that a uniformly
 * random monotone path from (0,0) to (m,n) stays strictly inside |x·n − y·m| < h·g. The flow carries the
 * probability mass of the inside paths; from (x,y) a path steps right with probability (m−x)/(m−x+n−y).
 */
function probOutsideBand(m: number, n: number, h: number): number {
  const bound = h * gcd(m, n);
  const inside = (x: number, y: number) => Math.abs(x * n - y * m) < bound;
  // mass[y] holds the flow into column x at height y; only a band of y's is ever non-zero.
  let prev = new Float64Array(n + 1);
  let next = new Float64Array(n + 1);
  prev[0] = 1;
  for (let y = 1; y <= n && inside(0, y); y++) prev[y] = (prev[y - 1] * (n - y + 1)) / (m + n - y + 1);
  let lo = 0;
  let hi = n;
  for (let x = 1; x <= m; x++) {
    // Band of y for this column: |x·n − y·m| < bound.
    const yLo = Math.max(0, Math.floor((x * n - bound) / m) + 1);
    const yHi = Math.min(n, Math.ceil((x * n + bound) / m) - 1);
    if (yLo > yHi) return 1;
    next.fill(0, Math.min(lo, yLo), Math.max(hi, yHi) + 1);
    for (let y = yLo; y <= yHi; y++) {
      if (!inside(x, y)) continue;
      const fromLeft = (prev[y] * (m - x + 1)) / (m - x + 1 + n - y);
      const fromBelow = y > 0 ? (next[y - 1] * (n - y + 1)) / (m - x + n - y + 1) : 0;
      next[y] = fromLeft + fromBelow;
    }
    // Clear what the previous column left outside this column's band before swapping.
    prev.fill(0, Math.min(lo, yLo), Math.max(hi, yHi) + 1);
    [prev, next] = [next, prev];
    lo = yLo;
    hi = yHi;
  }
  return Math.min(1, Math.max(0, 1 - prev[n]));
}

/** Exact two-sided p-value for scaled statistic D·m·n (what ksScaledStatistic returns). */
export function ksExactPValue(scaled: number, m: number, n: number): number {
  const g = gcd(m, n);
  const h = scaled / g;
  if (h === 0) return 1;
  return m === n ? Math.min(1, Math.max(0, probOutsideSquare(n, h))) : probOutsideBand(Math.max(m, n), Math.min(m, n), h);
}

/** Two-sided two-sample KS test on two sorted samples without missing values. */
export function ks2Sorted(a: Float64Array, b: Float64Array): KsResult {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) throw new RangeError('ks2Sorted needs two non-empty samples');
  const scaled = ksScaledStatistic(a, b);
  const statistic = scaled / (n1 * n2);
  if (Math.max(n1, n2) <= KS_EXACT_MAX_N) return { statistic, pValue: ksExactPValue(scaled, n1, n2), method: 'exact' };
  const en = (n1 * n2) / (n1 + n2);
  return { statistic, pValue: kolmogorovSf(roundHalfEven(en), statistic), method: 'asymp' };
}
