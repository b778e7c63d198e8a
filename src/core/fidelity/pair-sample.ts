// Column pair trends on wide tables. Every pair is scored while there are at most EXACT_PAIR_LIMIT of
// them (447 columns: 99,681 pairs); a 20,000-column table has 199,990,000, hours of work and more pair
// objects than memory holds. Above the limit the mean is estimated from a seeded uniform sample of
// SAMPLED_PAIRS distinct pairs: the sample mean is unbiased for the mean over all pairs, and its
// standard error (with the finite-population correction) gives a 95 % interval.
import { mulberry32 } from '../random';
import type { ColumnPair } from './prepare';
import { pairTrend, type PairTrend, type UndefinedPair } from './shapes';

export const EXACT_PAIR_LIMIT = 100_000;
export const SAMPLED_PAIRS = 20_000;
export const PAIR_SAMPLE_SEED = 1;
const Z95 = 1.959963984540054;

/** How column_pair_trends was estimated when not every pair was scored. */
export interface PairSample {
  /** Distinct pairs drawn (uniformly, without replacement). */
  sampled: number;
  /** Every column pair of the table. */
  total: number;
  /** Drawn pairs with a defined score (the rest are listed in undefined_pairs). */
  defined: number;
  seed: number;
  standard_error: number;
  ci95: [number, number];
}

export interface PairOptions {
  exactLimit: number;
  sampleSize: number;
  seed: number;
}

export const PAIR_DEFAULTS: PairOptions = { exactLimit: EXACT_PAIR_LIMIT, sampleSize: SAMPLED_PAIRS, seed: PAIR_SAMPLE_SEED };

export const pairCount = (columns: number) => (columns * (columns - 1)) / 2;

/**
 * `count` distinct pairs (i < j) of `columns` columns, uniform over all pairs, in enumeration order. An
 * ordered draw (i, j), i ≠ j, hits each unordered pair twice as often as any other draw, so folding it
 * to i < j and rejecting repeats samples the unordered pairs uniformly without replacement.
 */
export function samplePairs(columns: number, count: number, seed: number): [number, number][] {
  const total = pairCount(columns);
  if (count > total / 2) throw new RangeError(`samplePairs draws by rejection: ${count} of ${total} pairs is too dense a sample.`);
  const random = mulberry32(seed);
  const keys = new Set<number>();
  while (keys.size < count) {
    const a = Math.floor(random() * columns);
    const b = Math.floor(random() * columns);
    if (a === b) continue;
    keys.add(a < b ? a * columns + b : b * columns + a);
  }
  return Float64Array.from(keys).sort().reduce<[number, number][]>((out, key) => (out.push([Math.floor(key / columns), key % columns]), out), []);
}

/** Mean, its standard error with the finite-population correction, and a normal 95 % interval in [0, 1]. */
export function sampleMeanInterval(scores: readonly number[], population: number): { mean: number; standard_error: number; ci95: [number, number] } {
  const m = scores.length;
  const mean = scores.reduce((s, x) => s + x, 0) / m;
  const variance = m > 1 ? scores.reduce((s, x) => s + (x - mean) ** 2, 0) / (m - 1) : 0;
  const fpc = population > 1 ? Math.max(0, (population - m) / (population - 1)) : 0;
  const se = Math.sqrt((variance / m) * fpc);
  return { mean, standard_error: se, ci95: [Math.max(0, mean - Z95 * se), Math.min(1, mean + Z95 * se)] };
}

export interface PairTrendsResult {
  pairs: PairTrend[];
  undefinedPairs: UndefinedPair[];
  /** The mean score over `pairs` (null when none is defined). */
  score: number | null;
  sample: PairSample | null;
}

/** Every pair up to `exactLimit` pairs, else a uniform sample of `sampleSize` (see the file's note). */
export function pairTrendsBounded(columns: ColumnPair[], options: PairOptions = PAIR_DEFAULTS): PairTrendsResult {
  const total = pairCount(columns.length);
  const sampled = total > options.exactLimit;
  const pairs: PairTrend[] = [];
  const undefinedPairs: UndefinedPair[] = [];
  const score = pairTrend();
  const visit = (i: number, j: number) => {
    const trend = score(columns[i], columns[j]);
    if ('reason' in trend) undefinedPairs.push(trend);
    else pairs.push(trend);
  };
  if (sampled) for (const [i, j] of samplePairs(columns.length, Math.min(options.sampleSize, Math.floor(total / 2)), options.seed)) visit(i, j);
  else for (let i = 0; i < columns.length; i++) for (let j = i + 1; j < columns.length; j++) visit(i, j);
  const scores = pairs.map((p) => p.score);
  if (!sampled) return { pairs, undefinedPairs, score: scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null, sample: null };
  const drawn = pairs.length + undefinedPairs.length;
  if (!pairs.length) return { pairs, undefinedPairs, score: null, sample: { sampled: drawn, total, defined: 0, seed: options.seed, standard_error: NaN, ci95: [NaN, NaN] } };
  // The defined pairs of the sample are a uniform sample of the defined pairs; their number is estimated.
  const estimate = sampleMeanInterval(scores, Math.round((total * pairs.length) / drawn));
  return { pairs, undefinedPairs, score: estimate.mean, sample: { sampled: drawn, total, defined: pairs.length, seed: options.seed, standard_error: estimate.standard_error, ci95: estimate.ci95 } };
}
