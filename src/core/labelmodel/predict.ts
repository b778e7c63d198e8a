import { SiftError } from '../errors';
import type { LabelModelParams, Prediction, VoteMatrix } from './types';
import { checkVoteShape, outOfRange } from './validate';

/**
 * Per-item probabilities from a fitted model; a vote outside [−1, k) throws naming item and source.
 * Reads the votes row by row (no pattern table: a
 * matrix of mostly distinct rows would double the memory) and writes one n×k Float32Array.
 */
export function predict(params: LabelModelParams, matrix: VoteMatrix): Prediction {
  checkVoteShape(matrix);
  if (matrix.m !== params.m || matrix.k !== params.k) {
    throw new SiftError(
      'labelmodel/shape',
      `The model was fitted on ${params.m} sources and ${params.k} classes; these votes have ${matrix.m} sources and ${matrix.k} classes.`,
      { fitted: { m: params.m, k: params.k }, given: { m: matrix.m, k: matrix.k } },
    );
  }
  const probs = new Float32Array(matrix.n * matrix.k);
  const covered = new Uint8Array(matrix.n);
  if (params.kind === 'counts') predictCounts(params, matrix, probs, covered);
  else predictLogLinear(params, matrix, probs, covered);
  return { probs, covered };
}

function predictCounts(params: LabelModelParams, { n, m, k, votes }: VoteMatrix, probs: Float32Array, covered: Uint8Array): void {
  const counts = new Int32Array(k);
  const prior = params.prior;
  for (let i = 0; i < n; i++) {
    counts.fill(0);
    let voted = 0;
    for (let j = 0, offset = i * m; j < m; j++) {
      const vote = votes[offset + j];
      if ((vote + 1) >>> 0 > k) throw outOfRange(i, j, vote, k);
      if (vote >= 0) {
        counts[vote]++;
        voted++;
      }
    }
    const row = i * k;
    let top = 0;
    for (let c = 0; c < k; c++) if (counts[c] > top) top = counts[c];
    let tied = 0;
    for (let c = 0; c < k; c++) if (counts[c] === top) tied++;
    covered[i] = voted > 0 ? 1 : 0;
    if (voted === 0 || (tied > 1 && params.ties === 'abstain')) {
      for (let c = 0; c < k; c++) probs[row + c] = prior[c];
    } else {
      for (let c = 0; c < k; c++) probs[row + c] = counts[c] === top ? 1 / tied : 0;
    }
  }
}

/**
 * Branch-free over the votes: abstentions are the common case and land at random, so the table has
 * a zero row per source for vote −1 instead of a test, and range checking is folded into the same
 * read (a bad vote is located and reported after its row). Adding 0 leaves a sum's bits unchanged,
 * so this equals summing the votes alone in source order.
 */
function predictLogLinear(params: LabelModelParams, { n, m, k, votes }: VoteMatrix, probs: Float32Array, covered: Uint8Array): void {
  const { prior } = params;
  // Same layout trick as the E-step (estep.ts): classes padded to a multiple of 4, four at a time.
  const width = Math.ceil(k / 4) * 4;
  const base = new Float64Array(width).fill(-Infinity);
  for (let c = 0; c < k; c++) base[c] = params.base[c];
  // Row (j·(k+1) + vote + 1): source j's vote, row j·(k+1) (its abstention) stays zero.
  const table = new Float64Array(m * (k + 1) * width);
  for (let j = 0; j < m; j++) {
    for (let v = 0; v < k; v++) {
      for (let c = 0; c < k; c++) table[(j * (k + 1) + v + 1) * width + c] = params.delta[(j * k + v) * k + c];
    }
  }
  const score = new Float64Array(width);
  const ovr = params.link === 'ovr';
  const rowStride = (k + 1) * width;
  for (let i = 0, offset = 0; i < n; i++, offset += m) {
    let bad = 0;
    let voted = 0;
    for (let b = 0; b < width; b += 4) {
      let s0 = base[b];
      let s1 = base[b + 1];
      let s2 = base[b + 2];
      let s3 = base[b + 3];
      for (let j = 0, rows = width + b; j < m; j++, rows += rowStride) {
        const vote = votes[offset + j];
        // Negative exactly when vote < −1 or vote ≥ k; non-zero when the source voted.
        bad |= (vote + 1) | (k - 1 - vote);
        voted |= vote + 1;
        const cell = rows + vote * width;
        s0 += table[cell];
        s1 += table[cell + 1];
        s2 += table[cell + 2];
        s3 += table[cell + 3];
      }
      if (bad < 0) throwFirstBad(votes, offset, i, m, k);
      score[b] = s0;
      score[b + 1] = s1;
      score[b + 2] = s2;
      score[b + 3] = s3;
    }
    const row = i * k;
    if (voted === 0) {
      covered[i] = 0;
      for (let c = 0; c < k; c++) probs[row + c] = prior[c];
      continue;
    }
    covered[i] = 1;
    if (ovr) sigmoidNormalize(score, k);
    else softmaxInPlace(score, k);
    for (let c = 0; c < k; c++) probs[row + c] = score[c];
  }
}

function throwFirstBad(votes: Int8Array, offset: number, item: number, m: number, k: number): never {
  for (let j = 0; j < m; j++) {
    const vote = votes[offset + j];
    if ((vote + 1) >>> 0 > k) throw outOfRange(item, j, vote, k);
  }
  throw new Error('unreachable: a bad vote was flagged but not found');
}

/** Turns log-scores into probabilities in place; returns log Σ exp(score) (the row's log-likelihood). */
export function softmaxInPlace(score: Float64Array, k: number): number {
  let top = score[0];
  for (let c = 1; c < k; c++) if (score[c] > top) top = score[c];
  let sum = 0;
  for (let c = 0; c < k; c++) {
    const e = Math.exp(score[c] - top);
    score[c] = e;
    sum += e;
  }
  for (let c = 0; c < k; c++) score[c] /= sum;
  return top + Math.log(sum);
}

/** One-vs-rest: each class's log-odds to a probability, then normalised across classes. */
export function sigmoidNormalize(score: Float64Array, k: number): void {
  let sum = 0;
  for (let c = 0; c < k; c++) {
    const p = 1 / (1 + Math.exp(-score[c]));
    score[c] = p;
    sum += p;
  }
  for (let c = 0; c < k; c++) score[c] = sum > 0 ? score[c] / sum : 1 / k;
}
