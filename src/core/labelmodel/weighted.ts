import { SiftError, throwIfAborted } from '../errors';
import type { VotePatterns } from './patterns';
import { createEStep, runEStep } from './estep';
import { baseParams } from './params';
import { fixedPrior, uniformPrior } from './prior';
import { softmaxInPlace } from './predict';
import type { FitOptions, LabeledVotes, LabelModelParams } from './types';
import { validateVoteMatrix } from './validate';

/** Beta prior on a source's accuracy: two pseudo-votes at 70 %, so a rarely-overlapping source stays plausible. */
const PSEUDO_VOTES = 2;
const PRIOR_ACCURACY = 0.7;

/**
 * One EM step of the one-coin model (each source right with probability a_j, wrong classes equally
 * likely): the posterior of every item under the current weights, then each source's expected share
 * of right votes. Iterated, this converges to the maximum-likelihood accuracies; no gold is used.
 */
export function oneCoinAccuracy(patterns: VotePatterns, weights: Float64Array, logPrior: Float64Array, step = createEStep(patterns.m, patterns.k)): Float64Array {
  const { m, k } = patterns;
  const { width, table, voteClass } = step;
  for (let c = 0; c < k; c++) step.base[c] = logPrior[c];
  for (let j = 0; j < m; j++) for (let v = 0; v < k; v++) table[(j * k + v) * width + v] = weights[j];
  runEStep(step, patterns, true);
  const accuracy = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    let agree = 0;
    let total = 0;
    for (let v = 0; v < k; v++) {
      for (let c = 0; c < k; c++) total += voteClass[(j * k + v) * width + c];
      agree += voteClass[(j * k + v) * width + v];
    }
    accuracy[j] = (agree + PSEUDO_VOTES * PRIOR_ACCURACY) / (total + PSEUDO_VOTES);
  }
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
 * - without: maximum likelihood under the one-coin model, by EM started from plain majority vote. The
 *   one-coin model ignores who abstains, so sources that only ever vote one class (keyword rules, WRENCH
 *   youtube) mislead it; that is why dev labels are preferred when there are any.
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
    const step = createEStep(m, k);
    converged = false;
    while (iterations < maxIterations) {
      throwIfAborted(options.signal);
      const next = oneCoinAccuracy(patterns, weights, logPrior, step);
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
    note = 'Weights log((k−1)·a/(1−a)) from accuracies a fitted by one-coin EM from majority vote (no gold).';
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
