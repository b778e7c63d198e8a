import { SiftError, throwIfAborted } from '../errors';
import type { VotePatterns } from './patterns';
import { baseParams } from './params';
import { fixedPrior, uniformPrior } from './prior';
import { softmaxInPlace } from './predict';
import type { FitOptions, LabeledVotes, LabelModelParams } from './types';
import { validateVoteMatrix } from './validate';

/** Beta prior on a source's accuracy: two pseudo-votes at 70 %, so a rarely-overlapping source stays plausible. */
const PSEUDO_VOTES = 2;
const PRIOR_ACCURACY = 0.7;

/**
 * Leave-one-out agreement: for each vote, the probability that the weighted vote of the *other*
 * sources on that item picks the same class; averaged per source. Items where a source votes alone
 * say nothing about it and are skipped. No gold label is used.
 */
export function looAccuracy(patterns: VotePatterns, weights: Float64Array, logPrior: Float64Array): Float64Array {
  const { m, k, size, weight, start, code } = patterns;
  const agree = new Float64Array(m);
  const total = new Float64Array(m);
  const score = new Float64Array(k);
  const others = new Float64Array(k);
  for (let p = 0; p < size; p++) {
    const first = start[p];
    const end = start[p + 1];
    if (end - first < 2) continue;
    for (let c = 0; c < k; c++) score[c] = logPrior[c];
    for (let e = first; e < end; e++) {
      const cell = code[e];
      score[cell % k] += weights[(cell / k) | 0];
    }
    const w = weight[p];
    for (let e = first; e < end; e++) {
      const cell = code[e];
      const source = (cell / k) | 0;
      const vote = cell % k;
      others.set(score);
      others[vote] -= weights[source];
      softmaxInPlace(others, k);
      agree[source] += w * others[vote];
      total[source] += w;
    }
  }
  const accuracy = new Float64Array(m);
  for (let j = 0; j < m; j++) accuracy[j] = (agree[j] + PSEUDO_VOTES * PRIOR_ACCURACY) / (total[j] + PSEUDO_VOTES);
  return accuracy;
}

/** Log-odds weight of a source with this accuracy among k classes (the one-coin model's optimal weight). */
export function accuracyWeight(accuracy: number, k: number): number {
  const a = Math.min(Math.max(accuracy, 1 / k), 0.99);
  return Math.log(((k - 1) * a) / (1 - a));
}

/** Each source's right and total votes on the gold-labeled dev items. */
export function devVoteCounts(dev: LabeledVotes, m: number, k: number): { right: Float64Array; voted: Float64Array } {
  const { matrix, labels } = dev;
  validateVoteMatrix(matrix);
  if (matrix.m !== m || matrix.k !== k || labels.length !== matrix.n) {
    throw new SiftError(
      'labelmodel/dev-shape',
      `The dev votes must have the same ${m} sources and ${k} classes as the votes being fitted, and one label per item (got ${matrix.m} sources, ${matrix.k} classes, ${labels.length} labels for ${matrix.n} items).`,
    );
  }
  const right = new Float64Array(m);
  const voted = new Float64Array(m);
  for (let i = 0; i < matrix.n; i++) {
    const gold = labels[i];
    if (gold < 0) continue;
    for (let j = 0; j < m; j++) {
      const vote = matrix.votes[i * m + j];
      if (vote < 0) continue;
      voted[j]++;
      if (vote === gold) right[j]++;
    }
  }
  return { right, voted };
}

function smoothed(right: number, voted: number): number {
  return (right + PSEUDO_VOTES * PRIOR_ACCURACY) / (voted + PSEUDO_VOTES);
}

/**
 * Weighted majority vote: score[c] = log prior[c] + Σ_j w_j [vote_j = c], w_j = log((k−1)·a_j/(1−a_j)),
 * the optimal weight when source j is right with probability a_j and errs uniformly. The accuracies a_j:
 * - with dev labels: each source's accuracy on the dev items it votes on, with two pseudo-votes at 70 %;
 * - without: leave-one-out agreement with the weighted vote of the other sources, iterated from plain
 *   majority vote until it settles. It drifts when sources vote one class only and the classes are
 *   covered unevenly (WRENCH youtube), which is why dev labels are preferred when there are any.
 * Never canary: the caller passes dev items only.
 */
export function fitWeighted(patterns: VotePatterns, options: FitOptions): LabelModelParams {
  const { m, k } = patterns;
  const prior = fixedPrior(options.classPrior, k) ?? uniformPrior(k);
  const logPrior = prior.map(Math.log);
  let accuracy: Float64Array = new Float64Array(m);
  let iterations = 0;
  let converged = true;
  let note: string;
  if (options.dev) {
    const { right, voted } = devVoteCounts(options.dev, m, k);
    for (let j = 0; j < m; j++) accuracy[j] = smoothed(right[j], voted[j]);
    note = 'Weights log((k−1)·a/(1−a)) from each source\'s accuracy a on the dev labels (two pseudo-votes at 70 %).';
  } else {
    const maxIterations = options.maxIterations ?? 50;
    const tolerance = options.tolerance ?? 1e-4;
    const weights = new Float64Array(m).fill(1);
    converged = false;
    while (iterations < maxIterations) {
      throwIfAborted(options.signal);
      const next = looAccuracy(patterns, weights, logPrior);
      iterations++;
      let change = 0;
      for (let j = 0; j < m; j++) change = Math.max(change, Math.abs(next[j] - accuracy[j]));
      accuracy = next;
      for (let j = 0; j < m; j++) weights[j] = accuracyWeight(accuracy[j], k);
      options.onProgress?.(iterations, maxIterations);
      if (change < tolerance) {
        converged = true;
        break;
      }
    }
    note = 'Weights log((k−1)·a/(1−a)) from accuracies a estimated by leave-one-out agreement with the weighted vote of the other sources (no gold).';
  }
  const params = baseParams('wmv', m, k, prior);
  params.base.set(logPrior);
  for (let j = 0; j < m; j++) {
    const weight = accuracyWeight(accuracy[j], k);
    for (let v = 0; v < k; v++) params.delta[(j * k + v) * k + v] = weight;
  }
  params.sourceAccuracy = accuracy;
  params.iterations = iterations;
  params.converged = converged;
  params.note = note;
  params.usesDevLabels = options.dev !== undefined;
  return params;
}

/**
 * Honest dev probabilities for a dev-weighted vote: item i is scored with accuracies counted on the
 * other dev items, so "auto" does not favour wmv for having seen the answers.
 */
export function weightedDevCrossFit(dev: LabeledVotes, k: number, prior: Float64Array): Float32Array {
  const { n, m, votes } = dev.matrix;
  const { right, voted } = devVoteCounts(dev, m, k);
  const probs = new Float32Array(n * k);
  const score = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const gold = dev.labels[i];
    let any = false;
    for (let c = 0; c < k; c++) score[c] = Math.log(prior[c]);
    for (let j = 0; j < m; j++) {
      const vote = votes[i * m + j];
      if (vote < 0) continue;
      any = true;
      const own = gold >= 0 ? 1 : 0;
      const ownRight = gold >= 0 && vote === gold ? 1 : 0;
      score[vote] += accuracyWeight(smoothed(right[j] - ownRight, voted[j] - own), k);
    }
    if (any) softmaxInPlace(score, k);
    else score.set(prior);
    for (let c = 0; c < k; c++) probs[i * k + c] = score[c];
  }
  return probs;
}
