import type { VotePatterns } from './patterns';
import { baseParams } from './params';
import { fixedPrior, uniformPrior } from './prior';
import type { FitOptions, LabelModelParams, VoteMatrix } from './types';
import { checkVoteShape, outOfRange } from './validate';

/**
 * Majority vote: nothing to fit but the prior for uncovered items (the caller's, else uniform) and,
 * for display, each source's agreement with the majority label of the items it votes on (ties count
 * as shared). That agreement is not an accuracy estimate: a source is part of its own majority.
 */
function majorityParams(m: number, k: number, options: FitOptions, agreement: Float64Array): LabelModelParams {
  const prior = fixedPrior(options.classPrior, k) ?? uniformPrior(k);
  const params = baseParams('mv', m, k, prior);
  params.kind = 'counts';
  params.ties = options.ties ?? 'random';
  params.base = prior.map(Math.log);
  params.delta = new Float32Array(0);
  params.sourceAccuracy = agreement;
  params.note =
    params.ties === 'random'
      ? 'Ties share the probability evenly; the label is picked by a seeded hash of the item key.'
      : 'Ties abstain: the item gets the class prior, like an item without votes.';
  return params;
}

/**
 * Adds one row's contribution (repeated `weight` times) to each voting source's agreement. Agreement is
 * counted per tie size (agree[j·(k+1) + tied]) so the sums stay whole numbers and therefore exact in
 * any item order; `finish` divides at the end.
 */
function agreeRow(votes: ArrayLike<number>, sources: ArrayLike<number>, length: number, weight: number, counts: Int32Array, agree: Float64Array, total: Float64Array): void {
  const k = counts.length;
  counts.fill(0);
  for (let e = 0; e < length; e++) counts[votes[e]]++;
  let top = 0;
  for (let c = 0; c < counts.length; c++) top = Math.max(top, counts[c]);
  let tied = 0;
  for (let c = 0; c < counts.length; c++) tied += counts[c] === top ? 1 : 0;
  for (let e = 0; e < length; e++) {
    total[sources[e]] += weight;
    if (counts[votes[e]] === top) agree[sources[e] * (k + 1) + tied] += weight;
  }
}

function finish(agree: Float64Array, total: Float64Array, k: number): Float64Array {
  const agreement = new Float64Array(total.length);
  for (let j = 0; j < total.length; j++) {
    let share = 0;
    for (let tied = 1; tied <= k; tied++) share += agree[j * (k + 1) + tied] / tied;
    agreement[j] = total[j] > 0 ? share / total[j] : 0;
  }
  return agreement;
}

/** Over compressed patterns (as "auto" has them). */
export function fitMajority(patterns: VotePatterns, options: FitOptions): LabelModelParams {
  const { m, k, size, weight, start, code } = patterns;
  const agree = new Float64Array(m * (k + 1));
  const total = new Float64Array(m);
  const counts = new Int32Array(k);
  const votes = new Int32Array(m);
  const sources = new Int32Array(m);
  for (let p = 0; p < size; p++) {
    let length = 0;
    for (let e = start[p]; e < start[p + 1]; e++, length++) {
      votes[length] = code[e] % k;
      sources[length] = (code[e] / k) | 0;
    }
    agreeRow(votes, sources, length, weight[p], counts, agree, total);
  }
  return majorityParams(m, k, options, finish(agree, total, k));
}

/** Straight over the rows, validating them: majority vote needs no compression, and skipping it saves its memory. */
export function fitMajorityRows(matrix: VoteMatrix, options: FitOptions): LabelModelParams {
  checkVoteShape(matrix);
  const { n, m, k } = matrix;
  const agree = new Float64Array(m * (k + 1));
  const total = new Float64Array(m);
  const counts = new Int32Array(k);
  const votes = new Int32Array(m);
  const sources = new Int32Array(m);
  for (let i = 0; i < n; i++) {
    let length = 0;
    for (let j = 0; j < m; j++) {
      const vote = matrix.votes[i * m + j];
      if ((vote + 1) >>> 0 > k) throw outOfRange(i, j, vote, k);
      if (vote < 0) continue;
      votes[length] = vote;
      sources[length++] = j;
    }
    agreeRow(votes, sources, length, 1, counts, agree, total);
  }
  return majorityParams(m, k, options, finish(agree, total, k));
}
