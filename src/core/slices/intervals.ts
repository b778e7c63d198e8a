import { mulberry32 } from '../random';
import { classificationReport } from '../metrics/classification';

/** Two-sided 95 % normal quantile. */
export const Z95 = 1.959963984540054;

export interface Interval {
  low: number;
  high: number;
}

/**
 * Wilson score interval for a proportion: unlike the normal approximation it stays inside [0, 1] and is
 * usable for the small slices this is meant for (a slice of 3 items with 3 right is not "100 % ± 0").
 */
export function wilsonInterval(successes: number, n: number, z = Z95): Interval {
  if (n <= 0) return { low: NaN, high: NaN };
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export const BOOTSTRAP = { rounds: 1000, seed: 1 } as const;

/**
 * Percentile bootstrap 95 % interval of macro-F1: resample the slice's rows with replacement `rounds`
 * times (seeded, so the same slice always gets the same interval), take the 2.5th and 97.5th percentiles.
 * Rows are (gold, predicted) pairs of labelled items; a predicted value < 0 is an abstention (wrong).
 */
export function bootstrapMacroF1(gold: Int16Array, predicted: Int16Array, k: number, rounds: number = BOOTSTRAP.rounds, seed: number = BOOTSTRAP.seed): Interval {
  const n = gold.length;
  if (n === 0) return { low: NaN, high: NaN };
  const random = mulberry32(seed);
  const g = new Int16Array(n);
  const p = new Int16Array(n);
  const scores = new Float64Array(rounds);
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < n; i++) {
      const j = Math.floor(random() * n);
      g[i] = gold[j];
      p[i] = predicted[j];
    }
    scores[r] = classificationReport(g, p, k).macroF1;
  }
  scores.sort();
  return { low: percentile(scores, 0.025), high: percentile(scores, 0.975) };
}

/** Linear interpolation between order statistics (numpy's default). */
export function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  const at = q * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}
