import { mulberry32 } from './random';
import { Split } from './types';

/**
 * The pool's class mix estimated from a model's predicted labels, corrected for the model's errors as
 * measured on human-labelled dev items (adjusted classify-and-count: predicted shares q = Mᵀ·p, where
 * M[t][j] = P(predicted j | true t) is read off dev, solved for the true shares p). P(pred | true) does
 * not depend on dev's own class mix, so a dev set drawn from skewed labels still corrects fairly. The
 * interval is a bootstrap over the dev items, so a small dev set widens it rather than overclaiming;
 * the predicted shares themselves, counted over the whole pool, are taken as exact.
 */
export interface PoolMixEstimate {
  mix: number[];
  low: number[];
  high: number[];
  /** Human-labelled dev items the correction was measured on. */
  devItems: number;
}

const RESAMPLES = 400;

/** Solves Mᵀp = q for the true shares, clipped to ≥ 0 and renormalised; null when M is singular. */
function solveShares(confusion: number[][], q: number[]): number[] | null {
  const k = q.length;
  // Rows with no dev item carry no evidence: take the model as right for that class.
  const m = confusion.map((row, t) => {
    const total = row.reduce((a, b) => a + b, 0);
    return total > 0 ? row.map((v) => v / total) : row.map((_, j) => (j === t ? 1 : 0));
  });
  // Augmented system A·p = q with A[j][t] = M[t][j], by Gaussian elimination with partial pivoting.
  const a = Array.from({ length: k }, (_, j) => [...Array.from({ length: k }, (_, t) => m[t][j]), q[j]]);
  for (let col = 0; col < k; col++) {
    let pivot = col;
    for (let r = col + 1; r < k; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
    if (Math.abs(a[pivot][col]) < 1e-9) return null;
    [a[col], a[pivot]] = [a[pivot], a[col]];
    for (let r = 0; r < k; r++) {
      if (r === col) continue;
      const f = a[r][col] / a[col][col];
      for (let c = col; c <= k; c++) a[r][c] -= f * a[col][c];
    }
  }
  const p = a.map((row, j) => Math.max(0, row[k] / row[j]));
  const total = p.reduce((s, v) => s + v, 0);
  return total > 0 ? p.map((v) => v / total) : null;
}

function confusionOf(rows: readonly number[], labels: Int16Array, predicted: ArrayLike<number>, k: number): number[][] {
  const c = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (const i of rows) c[labels[i]][predicted[i]]++;
  return c;
}

/** Null when no dev item has both a human label and a prediction (then there is nothing to correct with). */
export function adjustedPoolMix(labels: Int16Array, predicted: ArrayLike<number>, splits: Uint8Array, k: number, exclude?: Uint8Array, seed = 1): PoolMixEstimate | null {
  const counts = new Array<number>(k).fill(0);
  const dev: number[] = [];
  for (let i = 0; i < labels.length; i++) {
    if (exclude?.[i]) continue;
    const p = predicted[i];
    if (p < 0 || p >= k) continue;
    counts[p]++;
    if (splits[i] === Split.dev && labels[i] >= 0 && labels[i] < k) dev.push(i);
  }
  const m = counts.reduce((a, b) => a + b, 0);
  if (m === 0 || dev.length === 0) return null;
  const q = counts.map((c) => c / m);
  const mix = solveShares(confusionOf(dev, labels, predicted, k), q);
  if (!mix) return null;
  const random = mulberry32(seed);
  const draws: number[][] = Array.from({ length: k }, () => []);
  const sample = new Array<number>(dev.length);
  for (let b = 0; b < RESAMPLES; b++) {
    for (let t = 0; t < dev.length; t++) sample[t] = dev[Math.floor(random() * dev.length)];
    // A resample that makes M singular says the correction could be anything: the interval spans [0, 1].
    const p = solveShares(confusionOf(sample, labels, predicted, k), q) ?? null;
    for (let c = 0; c < k; c++) {
      if (p) draws[c].push(p[c]);
      else draws[c].push(0, 1);
    }
  }
  const quantile = (xs: number[], f: number) => xs[Math.min(xs.length - 1, Math.max(0, Math.floor(f * (xs.length - 1))))];
  const low: number[] = [];
  const high: number[] = [];
  for (let c = 0; c < k; c++) {
    const sorted = draws[c].sort((x, y) => x - y);
    low.push(Math.min(mix[c], quantile(sorted, 0.025)));
    high.push(Math.max(mix[c], quantile(sorted, 0.975)));
  }
  return { mix, low, high, devItems: dev.length };
}
