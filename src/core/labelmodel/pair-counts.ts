import type { VotePatterns } from './patterns';
import type { VoteMatrix } from './types';
import { checkVoteShape, outOfRange } from './validate';

/**
 * How many items have vote v from source j together with vote u from source l, for every pair of
 * (source, vote) cells a = j·k + v, b = l·k + u: the d×d matrix (d = m·k) XᵀX of the one-hot votes.
 * Its diagonal holds each cell's vote total. These are the sufficient statistics of the
 * conditionally independent models that fit on second moments (Snorkel-style, FlyingSquid), so a fit
 * reads the items once and never needs the distinct rows. Entries are whole numbers (exact in a
 * double up to 2^53 items), so every path that builds them, in any item order, gives the same bits.
 */
export interface PairCounts {
  n: number;
  m: number;
  k: number;
  /** Row-major d×d, symmetric. */
  counts: Float64Array;
}

/** From compressed rows (as "auto" and `sift fit-counts` have them). */
export function pairCountsOfPatterns(patterns: VotePatterns): PairCounts {
  const { n, m, k, size, weight, start, code } = patterns;
  const d = m * k;
  const counts = new Float64Array(d * d);
  for (let p = 0; p < size; p++) {
    const w = weight[p];
    const end = start[p + 1];
    for (let a = start[p]; a < end; a++) {
      const row = code[a] * d;
      for (let b = a; b < end; b++) counts[row + code[b]] += w;
    }
  }
  return { n, m, k, counts: mirror(counts, d) };
}

/**
 * Straight from the rows, validating them: one sequential pass, no per-row allocation and no
 * branch on abstentions (they are the common case and unpredictable), counts in a Uint32 table small
 * enough for the L1 cache.
 */
export function pairCountsOfRows(matrix: VoteMatrix): PairCounts {
  checkVoteShape(matrix);
  const { n, m, k, votes } = matrix;
  const d = m * k;
  const table = new Uint32Array(d * d);
  const active = new Int32Array(m + 1);
  for (let i = 0, offset = 0; i < n; i++, offset += m) {
    let length = 0;
    let bad = 0;
    for (let j = 0; j < m; j++) {
      const vote = votes[offset + j];
      // Negative exactly when vote < −1 or vote ≥ k.
      bad |= (vote + 1) | (k - 1 - vote);
      active[length] = j * k + vote;
      // 1 when the source voted (vote + 1 > 0), else 0: the abstention's slot is overwritten next.
      length += -(vote + 1) >>> 31;
    }
    if (bad < 0) throwFirstBad(votes, offset, i, m, k);
    for (let a = 0; a < length; a++) {
      const row = active[a] * d;
      for (let b = a; b < length; b++) table[row + active[b]]++;
    }
  }
  return { n, m, k, counts: mirror(Float64Array.from(table), d) };
}

function throwFirstBad(votes: Int8Array, offset: number, item: number, m: number, k: number): never {
  for (let j = 0; j < m; j++) {
    const vote = votes[offset + j];
    if ((vote + 1) >>> 0 > k) throw outOfRange(item, j, vote, k);
  }
  throw new Error('unreachable: a bad vote was flagged but not found');
}

/** Only a ≤ b was counted (cells ascend within a row); copy it below the diagonal. */
function mirror(counts: Float64Array, d: number): Float64Array {
  for (let a = 0; a < d; a++) for (let b = a + 1; b < d; b++) counts[b * d + a] = counts[a * d + b];
  return counts;
}
