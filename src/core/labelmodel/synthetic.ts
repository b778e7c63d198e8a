import { mulberry32 } from '../random';
import type { VoteMatrix } from './types';

export interface SyntheticSpec {
  n: number;
  m: number;
  k: number;
  seed: number;
  /** Source accuracies are drawn uniformly from [low, high). Default [0.55, 0.9). */
  accuracy?: [number, number];
  /** Source coverages (P(vote)) are drawn uniformly from [low, high). Default [0.1, 0.6). */
  coverage?: [number, number];
  /** Class balance; default uniform. */
  prior?: ArrayLike<number>;
}

export interface SyntheticVotes {
  matrix: VoteMatrix;
  gold: Int16Array;
  accuracy: Float64Array;
  coverage: Float64Array;
}

/**
 * Votes from the one-coin conditionally independent model, reproducible by any tool (see
 * bench/README.md): one mulberry32 stream (src/core/random.ts) seeded with `seed`, drawn in this order:
 *   for j in 0…m−1: accuracy[j] = lo + (hi − lo)·u; coverage[j] = lo + (hi − lo)·u
 *   for i in 0…n−1: y = the first class c with u < prior[0] + … + prior[c]
 *     for j in 0…m−1: if u ≥ coverage[j]: abstain (no more draws for this vote)
 *       else if u < accuracy[j]: vote y
 *       else: w = ⌊u·(k−1)⌋; vote w if w < y else w + 1   (a wrong class, uniformly)
 * where each u is the next number of the stream.
 */
export function syntheticVotes(spec: SyntheticSpec): SyntheticVotes {
  const { n, m, k } = spec;
  const [accLow, accHigh] = spec.accuracy ?? [0.55, 0.9];
  const [covLow, covHigh] = spec.coverage ?? [0.1, 0.6];
  const random = mulberry32(spec.seed);
  const accuracy = new Float64Array(m);
  const coverage = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    accuracy[j] = accLow + (accHigh - accLow) * random();
    coverage[j] = covLow + (covHigh - covLow) * random();
  }
  const cumulative = new Float64Array(k);
  let total = 0;
  for (let c = 0; c < k; c++) total += spec.prior ? spec.prior[c] : 1;
  for (let c = 0, sum = 0; c < k; c++) {
    sum += (spec.prior ? spec.prior[c] : 1) / total;
    cumulative[c] = sum;
  }
  cumulative[k - 1] = 1;
  const votes = new Int8Array(n * m);
  const gold = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    const u = random();
    let y = 0;
    while (u >= cumulative[y]) y++;
    gold[i] = y;
    for (let j = 0, offset = i * m; j < m; j++) {
      if (random() >= coverage[j]) {
        votes[offset + j] = -1;
        continue;
      }
      if (random() < accuracy[j]) votes[offset + j] = y;
      else {
        const wrong = Math.floor(random() * (k - 1));
        votes[offset + j] = wrong < y ? wrong : wrong + 1;
      }
    }
  }
  return { matrix: { n, m, k, votes }, gold, accuracy, coverage };
}
