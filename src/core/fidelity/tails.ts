// Tails and coverage. Tails: the 1, 5, 95 and 99% quantiles of each numeric column in both tables, and
// the real table's rare categories (share < 1%) with whether the synthetic table has them too.
// Coverage (SDMetrics RangeCoverage / CategoryCoverage): how much of the real range, or of the real
// categories, the synthetic table reaches.
import { sortedPair, type ColumnPair, type SortedPair } from './prepare';

export const TAIL_QUANTILES = [0.01, 0.05, 0.95, 0.99] as const;
export const RARE_SHARE = 0.01;

/** numpy's default quantile (linear interpolation between order statistics, "type 7"). */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export interface NumericTail {
  quantiles: number[];
  real: number[];
  synthetic: number[];
  /** |q_real − q_synth| / (real max − real min), per quantile; 0 for a constant real column. */
  normalized_difference: number[];
}

export interface CategoricalTail {
  rare_in_real: number;
  rare_in_both: number;
  /** Rare real categories the synthetic table never produces (first 20). */
  missing_in_synthetic: string[];
}

/** `sorted`: the numeric column's sorted present values, when the caller has them already. */
export function columnTail(column: ColumnPair, sorted?: SortedPair): NumericTail | CategoricalTail {
  if (column.kind === 'numeric') {
    const values = sorted ?? sortedPair(column);
    const range = values.real[values.real.length - 1] - values.real[0];
    const real = TAIL_QUANTILES.map((q) => quantileSorted(values.real, q));
    const synthetic = TAIL_QUANTILES.map((q) => quantileSorted(values.synthetic, q));
    return {
      quantiles: [...TAIL_QUANTILES],
      real,
      synthetic,
      normalized_difference: real.map((r, i) => (range > 0 ? Math.abs(r - synthetic[i]) / range : 0)),
    };
  }
  const k = column.categories.length;
  const real = new Float64Array(k);
  const synthetic = new Float64Array(k);
  let n = 0;
  for (const c of column.real) if (c >= 0) (real[c]++, n++);
  for (const c of column.synthetic) if (c >= 0) synthetic[c]++;
  let rare = 0;
  let both = 0;
  const missing: string[] = [];
  for (let i = 0; i < k; i++) {
    if (real[i] === 0 || real[i] / n >= RARE_SHARE) continue;
    rare++;
    if (synthetic[i] > 0) both++;
    else if (missing.length < 20) missing.push(column.categories[i]);
  }
  return { rare_in_real: rare, rare_in_both: both, missing_in_synthetic: missing };
}

export interface ColumnCoverage {
  metric: 'RangeCoverage' | 'CategoryCoverage';
  score: number;
}

export function columnCoverage(column: ColumnPair): ColumnCoverage {
  if (column.kind === 'numeric') {
    const { min: minR, max: maxR } = column.realExtent;
    const { min: minS, max: maxS } = column.syntheticExtent;
    if (maxR === minR) return { metric: 'RangeCoverage', score: minS <= minR && maxS >= maxR ? 1 : 0 };
    const low = Math.max((minS - minR) / (maxR - minR), 0);
    const high = Math.max((maxR - maxS) / (maxR - minR), 0);
    return { metric: 'RangeCoverage', score: Math.max(1 - (low + high), 0) };
  }
  const k = column.categories.length;
  const inReal = new Uint8Array(k);
  const inSynthetic = new Uint8Array(k);
  for (const c of column.real) if (c >= 0) inReal[c] = 1;
  for (const c of column.synthetic) if (c >= 0) inSynthetic[c] = 1;
  let real = 0;
  let both = 0;
  for (let i = 0; i < k; i++) {
    real += inReal[i];
    both += inReal[i] & inSynthetic[i];
  }
  return { metric: 'CategoryCoverage', score: both / real };
}
