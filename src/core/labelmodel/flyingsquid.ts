import { throwIfAborted } from '../errors';
import type { PairCounts } from './pair-counts';
import type { VotePatterns } from './patterns';
import { baseParams, voteTotals } from './params';
import { fixedPrior, uniformPrior } from './prior';
import type { FitOptions, LabelModelParams } from './types';

/** Used for a source whose accuracy the triplets cannot identify (fewer than three sources overlap it). */
const FALLBACK_ACCURACY = 0.7;
const FLOOR = 1e-4;

/**
 * FlyingSquid-style closed form (Fu et al., "Fast and three-rious", ICML 2020), one-vs-rest: for each
 * class c, source j's vote becomes λ = +1 (voted c), −1 (voted another class), 0 (abstained), and the
 * class Y = ±1. Under conditional independence the covariances satisfy Cov(λ_i, λ_j) = s_i s_j Var(Y),
 * s_i = (E[λ_i | Y=+1] − E[λ_i | Y=−1]) / 2, so each s_i comes from triplets without any iteration:
 *   s_i² Var(Y) = Σ_{j<l} |C_ij||C_il| / Σ_{j<l} |C_jl|   (j, l ≠ i)
 * a ratio over *all* triplets (one pass, O(m²) per class, no division by a small covariance). As in
 * FlyingSquid, sources are assumed better than random (s ≥ 0) and abstaining independent of Y, which
 * fixes each source's 2×3 table P(λ, Y). Classes are then combined: P(c) ∝ sigmoid(log-odds of c).
 * Covariances (not raw moments) keep the identity exact when votes are lopsided, as with keyword rules.
 */
export function fitFlyingSquid(patterns: VotePatterns, options: FitOptions): LabelModelParams {
  const { n, m, k, size, weight, start, code } = patterns;
  const votes = voteTotals(code, start, weight, size, m * k);

  // together[j,l]: items where both vote; differ[c][j,l]: of those, votes differ and one of them is c.
  const together = new Float64Array(m * m);
  const differ = new Float64Array(k * m * m);
  for (let p = 0; p < size; p++) {
    const w = weight[p];
    const end = start[p + 1];
    for (let a = start[p]; a < end; a++) {
      const j = (code[a] / k) | 0;
      const v = code[a] % k;
      for (let b = a + 1; b < end; b++) {
        const l = (code[b] / k) | 0;
        const u = code[b] % k;
        together[j * m + l] += w;
        if (u !== v) {
          differ[v * m * m + j * m + l] += w;
          differ[u * m * m + j * m + l] += w;
        }
      }
    }
  }
  return fitFromMoments(n, m, k, votes, together, differ, options);
}

/**
 * The same fit from pair counts (rows read once, no compression). The sums are whole numbers either
 * way, so both paths give the same bits.
 */
export function fitFlyingSquidPairs(pairs: PairCounts, options: FitOptions): LabelModelParams {
  const { n, m, k, counts } = pairs;
  const d = m * k;
  const votes = new Float64Array(d);
  for (let a = 0; a < d; a++) votes[a] = counts[a * d + a];
  const together = new Float64Array(m * m);
  const differ = new Float64Array(k * m * m);
  for (let j = 0; j < m; j++) {
    for (let l = j + 1; l < m; l++) {
      for (let v = 0; v < k; v++) {
        for (let u = 0; u < k; u++) {
          const w = counts[(j * k + v) * d + l * k + u];
          together[j * m + l] += w;
          if (u !== v) {
            differ[v * m * m + j * m + l] += w;
            differ[u * m * m + j * m + l] += w;
          }
        }
      }
    }
  }
  return fitFromMoments(n, m, k, votes, together, differ, options);
}

function fitFromMoments(
  n: number,
  m: number,
  k: number,
  votes: Float64Array,
  together: Float64Array,
  differ: Float64Array,
  options: FitOptions,
): LabelModelParams {
  const prior = fixedPrior(options.classPrior, k) ?? uniformPrior(k);
  const params = baseParams('fs', m, k, prior);
  params.link = 'ovr';
  const covariance = new Float64Array(m * m);
  const mean = new Float64Array(m);
  const strength = new Float64Array(m);
  const right = new Float64Array(m);
  for (let c = 0; c < k; c++) {
    throwIfAborted(options.signal);
    const p = Math.min(Math.max(prior[c], FLOOR), 1 - FLOOR);
    const meanY = 2 * p - 1;
    const varY = 1 - meanY * meanY;
    for (let j = 0; j < m; j++) {
      let voted = 0;
      for (let v = 0; v < k; v++) voted += votes[j * k + v];
      const forC = votes[j * k + c];
      mean[j] = (forC - (voted - forC)) / n;
    }
    let allPairs = 0;
    for (let j = 0; j < m; j++) {
      for (let l = j + 1; l < m; l++) {
        const both = (together[j * m + l] - 2 * differ[c * m * m + j * m + l]) / n;
        const cov = Math.abs(both - mean[j] * mean[l]);
        covariance[j * m + l] = cov;
        covariance[l * m + j] = cov;
        allPairs += cov;
      }
    }
    for (let j = 0; j < m; j++) {
      let sum = 0;
      let sumSquares = 0;
      for (let l = 0; l < m; l++) {
        if (l === j) continue;
        sum += covariance[j * m + l];
        sumSquares += covariance[j * m + l] ** 2;
      }
      const numerator = (sum * sum - sumSquares) / 2;
      const denominator = allPairs - sum;
      strength[j] = m >= 3 && denominator > 0 ? Math.sqrt(numerator / denominator / varY) : NaN;
    }
    params.base[c] = Math.log(p / (1 - p));
    for (let j = 0; j < m; j++) {
      let voted = 0;
      for (let v = 0; v < k; v++) voted += votes[j * k + v];
      const pVote = voted / n;
      const pPlus = votes[j * k + c] / n;
      const pMinus = pVote - pPlus;
      if (pVote === 0) continue;
      // Joint of (λ ≠ 0, Y): pp = P(λ=+1, Y=+1), pm = P(λ=+1, Y=−1), mp = P(λ=−1, Y=+1), mm = P(λ=−1, Y=−1).
      let pp: number;
      let mp: number;
      if (Number.isNaN(strength[j])) {
        pp = FALLBACK_ACCURACY * pPlus;
        mp = (pMinus * (1 - FALLBACK_ACCURACY)) / (k - 1);
      } else {
        // E[λY] = E[λ]E[Y] + s·Var(Y); with the three marginals it fixes the table.
        const lambdaY = mean[j] * meanY + strength[j] * varY;
        pp = (lambdaY + pPlus + 2 * p * pVote - pMinus) / 4;
        mp = p * pVote - pp;
      }
      const floor = FLOOR * pVote;
      const pm = Math.max(pPlus - pp, floor);
      const mm = Math.max(pMinus - mp, floor);
      pp = Math.max(pp, floor);
      mp = Math.max(mp, floor);
      const logRatioPlus = Math.log(pp / p) - Math.log(pm / (1 - p));
      const logRatioMinus = Math.log(mp / p) - Math.log(mm / (1 - p));
      for (let v = 0; v < k; v++) params.delta[(j * k + v) * k + c] = v === c ? logRatioPlus : logRatioMinus;
      right[j] += Math.min(pp, pPlus);
    }
  }
  for (let j = 0; j < m; j++) {
    let voted = 0;
    for (let v = 0; v < k; v++) voted += votes[j * k + v];
    params.sourceAccuracy[j] = voted > 0 ? Math.min(right[j] / (voted / n), 1) : 0;
  }
  params.note = 'Closed-form triplet estimates on vote covariances, one-vs-rest per class; no iterations, no gold.';
  return params;
}
