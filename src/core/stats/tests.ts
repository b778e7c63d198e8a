// The statistical tests and distances Evidently's default drift detection picks from, written to give
// the same numbers as the Evidently / scipy functions named on each.
import { chiSquareSf, normalSf } from './special';

/**
 * Evidently `z_stat_test`: two-proportion z-test on the share of `key` in each sample, pooled variance,
 * two-sided. Evidently sets p = 1 when both samples hold the same single value (z is 0/0 there).
 */
export function proportionZTest(refHits: number, refN: number, curHits: number, curN: number): { statistic: number; pValue: number } {
  const p1 = refHits / refN;
  const p2 = curHits / curN;
  const pooled = (refHits + curHits) / (refN + curN);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / refN + 1 / curN));
  if (se === 0) return { statistic: 0, pValue: 1 };
  const z = (p1 - p2) / se;
  return { statistic: z, pValue: Math.min(1, 2 * normalSf(Math.abs(z))) };
}

/**
 * Evidently `chi_stat_test`: scipy `chisquare(f_obs = current counts, f_exp = reference counts scaled to
 * the current total)` over the union of categories, df = categories − 1. A category the reference never
 * saw makes the statistic infinite (p = 0); that is returned as is, for the caller to explain.
 */
export function chiSquareGoodnessOfFit(refCounts: ArrayLike<number>, curCounts: ArrayLike<number>): { statistic: number; pValue: number; df: number } {
  let refTotal = 0;
  let curTotal = 0;
  for (let i = 0; i < refCounts.length; i++) {
    refTotal += refCounts[i];
    curTotal += curCounts[i];
  }
  const scale = curTotal / refTotal;
  let statistic = 0;
  for (let i = 0; i < refCounts.length; i++) {
    const expected = refCounts[i] * scale;
    const diff = curCounts[i] - expected;
    statistic += expected === 0 ? (diff === 0 ? 0 : Infinity) : (diff * diff) / expected;
  }
  const df = refCounts.length - 1;
  const pValue = df <= 0 ? 1 : statistic === Infinity ? 0 : chiSquareSf(statistic, df);
  return { statistic, pValue, df };
}

/** scipy `wasserstein_distance(u, v)` for sorted samples: ∫|F_u − F_v| over the merged support. */
export function wassersteinSorted(a: Float64Array, b: Float64Array): number {
  const n1 = a.length;
  const n2 = b.length;
  let i = 0;
  let j = 0;
  let total = 0;
  let x = Math.min(a[0], b[0]);
  while (i < n1 || j < n2) {
    const next = j >= n2 || (i < n1 && a[i] <= b[j]) ? a[i] : b[j];
    total += Math.abs(i / n1 - j / n2) * (next - x);
    x = next;
    while (i < n1 && a[i] <= x) i++;
    while (j < n2 && b[j] <= x) j++;
  }
  return total;
}

/** Population standard deviation (numpy `std`, ddof = 0), two-pass for accuracy. */
export function populationStd(values: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  const mean = sum / values.length;
  let ss = 0;
  for (let i = 0; i < values.length; i++) ss += (values[i] - mean) ** 2;
  return Math.sqrt(ss / values.length);
}

/** Evidently `wasserstein` drift score: W1(ref, cur) / max(std(ref), 0.001). */
export function normedWasserstein(refSorted: Float64Array, curSorted: Float64Array): number {
  return wassersteinSorted(refSorted, curSorted) / Math.max(populationStd(refSorted), 0.001);
}

/** scipy `distance.jensenshannon(p, q)` with natural logs: both inputs are normalised first. */
export function jensenShannonDistance(p: ArrayLike<number>, q: ArrayLike<number>): number {
  let sp = 0;
  let sq = 0;
  for (let i = 0; i < p.length; i++) {
    sp += p[i];
    sq += q[i];
  }
  let js = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i] / sp;
    const qi = q[i] / sq;
    const m = (pi + qi) / 2;
    if (pi > 0) js += pi * Math.log(pi / m);
    if (qi > 0) js += qi * Math.log(qi / m);
  }
  return Math.sqrt(Math.max(0, js / 2));
}
