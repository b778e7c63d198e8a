import { throwIfAborted } from '../errors';
import { mulberry32 } from '../random';
import { clampedCounts } from './clamped';
import { pairCountsOfPatterns, type PairCounts } from './pair-counts';
import { canonicalSourceOrder, permutePairs, unpermuteSourceRows } from './source-order';
import { checkOverlapSide, overlapMatrix } from './overlaps';
import type { VotePatterns } from './patterns';
import { baseParams } from './params';
import { fixedPrior, uniformPrior } from './prior';
import type { FitOptions, LabelModelParams } from './types';

/** Snorkel's defaults: initial precision guess, SGD with momentum, learning rate, clip at prediction. */
const PRECISION_INIT = 0.7;
const MOMENTUM = 0.9;
const LEARNING_RATE = 0.01;
const CLIP_LOW = 0.01;
const CLIP_HIGH = 0.99;

/**
 * Snorkel's LabelModel (Ratner et al., "Training complex models with multi-task weak supervision",
 * AAAI 2019) for conditionally independent sources: μ[(j,v), c] = P(source j votes v | class c) is
 * fitted without gold by matching the off-diagonal blocks of the vote overlap matrix O to μ P μᵀ
 * (P = diag(class balance)) plus each source's vote rates, by SGD with momentum from Snorkel's
 * initialisation (diagonal = P(vote c)·0.7 / P(c), scaled by one seeded random number). The work per
 * step is (m·k)²·k, independent of the number of items.
 *
 * Prediction is Snorkel's: log μ clipped to [0.01, 0.99], abstentions ignored ('ignore', default);
 * with abstain 'model' the implied P(abstain | c) = 1 − Σ_v μ[(j,v), c] enters too.
 */
export function fitSnorkel(patterns: VotePatterns, options: FitOptions): LabelModelParams {
  checkOverlapSide(patterns.m, patterns.k, SNORKEL);
  return fitSnorkelPairs(pairCountsOfPatterns(patterns), options);
}

const SNORKEL = 'The Snorkel-style model';

/** The same fit from pair counts however they were gathered (rows, patterns, SQL). */
export function fitSnorkelPairs(pairs: PairCounts, options: FitOptions): LabelModelParams {
  const { m, k } = pairs;
  checkOverlapSide(m, k, SNORKEL);
  const prior = fixedPrior(options.classPrior, k) ?? uniformPrior(k);
  // SGD sums over sources in index order, and near a saddle that rounding picks the solution: the
  // matching runs in a canonical source order, so the order of the user's LFs cannot change the labels.
  const order = canonicalSourceOrder(pairs);
  const matched = matchOverlaps(permutePairs(pairs, order), prior, options);
  const mu = unpermuteSourceRows(matched.mu, order, k, k);
  const rates = unpermuteSourceRows(matched.rates, order, k, 1);
  const { epochs, converged } = matched;
  const d = m * k;

  const pooled = poolClamped(mu, pairs.n, prior, options, m, k);
  const modelAbstain = options.abstain === 'model';
  const params = baseParams('snorkel', m, k, prior);
  const clip = (x: number) => Math.min(Math.max(x, CLIP_LOW), CLIP_HIGH);
  for (let c = 0; c < k; c++) params.base[c] = Math.log(prior[c]);
  for (let j = 0; j < m; j++) {
    for (let c = 0; c < k; c++) {
      let voteMass = 0;
      for (let v = 0; v < k; v++) voteMass += mu[(j * k + v) * k + c];
      const logAbstain = modelAbstain ? Math.log(clip(1 - voteMass)) : 0;
      params.base[c] += logAbstain;
      for (let v = 0; v < k; v++) params.delta[(j * k + v) * k + c] = Math.log(clip(mu[(j * k + v) * k + c])) - logAbstain;
    }
    // Snorkel's get_accuracies: Σ_c P(c) μ[(j,c), c] over the source's coverage.
    let right = 0;
    let coverage = 0;
    for (let v = 0; v < k; v++) {
      right += prior[v] * clip(mu[(j * k + v) * k + v]);
      coverage += rates[j * k + v];
    }
    params.sourceAccuracy[j] = coverage > 0 ? Math.min(right / coverage, 1) : 0;
  }
  params.iterations = epochs;
  params.converged = converged;
  params.note = `Matrix completion on the ${d}×${d} vote-overlap matrix (no gold), ${epochs} SGD epochs; abstentions ${modelAbstain ? 'modelled' : 'ignored'} at prediction${pooled ? `; pooled with the votes on ${pooled} reviewed items` : ''}.`;
  return params;
}

/** μ (and the vote rates) matching the overlap matrix of `pairs`, by SGD with momentum from Snorkel's initialisation. */
function matchOverlaps(pairs: PairCounts, prior: Float64Array, options: FitOptions): { mu: Float64Array; rates: Float64Array; epochs: number; converged: boolean } {
  const { m, k } = pairs;
  const d = m * k;
  const overlap = overlapMatrix(pairs);
  const maxEpochs = options.maxIterations ?? 1000;
  const tolerance = options.tolerance ?? 1e-9;

  const mu = new Float64Array(d * k);
  const scale = mulberry32(options.seed ?? 0)();
  for (let a = 0; a < d; a++) {
    const c = a % k;
    mu[a * k + c] = Math.min(Math.max((overlap[a * d + a] * PRECISION_INIT) / prior[c], 0), 1) * scale;
  }

  // Vote rates (O's diagonal) are matched separately; O's diagonal blocks (a source with itself) are
  // not matched at all, so zero them once.
  const rates = new Float64Array(d);
  for (let a = 0; a < d; a++) rates[a] = overlap[a * d + a];
  for (let j = 0; j < m; j++) {
    for (let a = j * k; a < (j + 1) * k; a++) overlap.fill(0, a * d + j * k, a * d + (j + 1) * k);
  }
  let observedSquares = 0;
  for (let i = 0; i < d * d; i++) observedSquares += overlap[i] * overlap[i];

  const velocity = new Float64Array(d * k);
  const gradient = new Float64Array(d * k);
  const product = new Float64Array(d * k); // O_masked μ
  const gram = new Float64Array(k * k); // μᵀ μ
  const blockGram = new Float64Array(k * k);
  let previous = Infinity;
  let epochs = 0;
  let converged = false;
  while (epochs < maxEpochs) {
    if (epochs % 16 === 0) throwIfAborted(options.signal);
    const loss = maskedLossAndGradient(overlap, rates, observedSquares, mu, prior, m, k, product, gram, blockGram, gradient);
    for (let i = 0; i < mu.length; i++) {
      velocity[i] = MOMENTUM * velocity[i] + gradient[i];
      mu[i] -= LEARNING_RATE * velocity[i];
    }
    epochs++;
    if (epochs % 32 === 0) options.onProgress?.(epochs, maxEpochs);
    if (epochs > 10 && Math.abs(previous - loss) <= tolerance * Math.max(Math.abs(loss), 1e-12)) {
      converged = true;
      break;
    }
    previous = loss;
  }

  return { mu, rates, epochs, converged };
}

/**
 * Review answers as observed labels: μ[(j,v), c] is what the fit implies for the n unlabelled items
 * (n·P(c) of class c, expected) plus what was seen on the reviewed ones, divided by both:
 * (n·P(c)·μ + L[(j,v), c]) / (n·P(c) + L_c), the counts an EM step would collect with the reviewed
 * items' posteriors clamped to their labels. P stays the fit's (dev's) class balance. Returns how
 * many items were pooled (0: μ untouched).
 */
function poolClamped(mu: Float64Array, unlabelled: number, prior: Float64Array, options: FitOptions, m: number, k: number): number {
  const counts = clampedCounts(options.clamped, m, k, k);
  if (!counts) return 0;
  for (let a = 0; a < m * k; a++) {
    for (let c = 0; c < k; c++) {
      const expected = unlabelled * prior[c];
      mu[a * k + c] = (expected * mu[a * k + c] + counts.voteClass[a * k + c]) / (expected + counts.classTotal[c]);
    }
  }
  return counts.items;
}

/**
 * Loss ‖mask ⊙ (O − μPμᵀ)‖² + ‖μP1 − diag O‖² and its gradient, without forming the d×d model
 * matrix: with R = mask ⊙ (O − μPμᵀ), ∂/∂μ = −4 R μ P, and R μ = O_masked μ − μ P (μᵀμ) + the
 * diagonal blocks' own μ_j P (μ_jᵀ μ_j). The only d²-sized work is O_masked μ (d²k per step).
 */
function maskedLossAndGradient(
  overlap: Float64Array,
  rates: Float64Array,
  observedSquares: number,
  mu: Float64Array,
  prior: Float64Array,
  m: number,
  k: number,
  product: Float64Array,
  gram: Float64Array,
  blockGram: Float64Array,
  gradient: Float64Array,
): number {
  const d = m * k;
  product.fill(0);
  for (let a = 0; a < d; a++) {
    const row = a * d;
    for (let b = 0; b < d; b++) {
      const o = overlap[row + b];
      if (o === 0) continue;
      for (let c = 0; c < k; c++) product[a * k + c] += o * mu[b * k + c];
    }
  }
  gram.fill(0);
  for (let a = 0; a < d; a++) {
    for (let c = 0; c < k; c++) for (let e = 0; e < k; e++) gram[c * k + e] += mu[a * k + c] * mu[a * k + e];
  }
  // ‖mask ⊙ O‖² − 2⟨mask ⊙ O, μPμᵀ⟩ + ‖μPμᵀ‖² − Σ_j ‖μ_j P μ_jᵀ‖²
  let cross = 0;
  for (let a = 0; a < d; a++) for (let c = 0; c < k; c++) cross += prior[c] * mu[a * k + c] * product[a * k + c];
  let modelSquares = 0;
  for (let c = 0; c < k; c++) for (let e = 0; e < k; e++) modelSquares += prior[c] * prior[e] * gram[c * k + e] * gram[e * k + c];
  // R μ P, then −4×.
  for (let a = 0; a < d; a++) {
    for (let c = 0; c < k; c++) {
      let fitted = 0;
      for (let e = 0; e < k; e++) fitted += mu[a * k + e] * prior[e] * gram[e * k + c];
      gradient[a * k + c] = -4 * (product[a * k + c] - fitted) * prior[c];
    }
  }
  for (let j = 0; j < m; j++) {
    blockGram.fill(0);
    for (let a = j * k; a < (j + 1) * k; a++) {
      for (let c = 0; c < k; c++) for (let e = 0; e < k; e++) blockGram[c * k + e] += mu[a * k + c] * mu[a * k + e];
    }
    for (let c = 0; c < k; c++) for (let e = 0; e < k; e++) modelSquares -= prior[c] * prior[e] * blockGram[c * k + e] * blockGram[e * k + c];
    for (let a = j * k; a < (j + 1) * k; a++) {
      for (let c = 0; c < k; c++) {
        let own = 0;
        for (let e = 0; e < k; e++) own += mu[a * k + e] * prior[e] * blockGram[e * k + c];
        gradient[a * k + c] -= 4 * own * prior[c];
      }
    }
  }
  let loss = observedSquares - 2 * cross + modelSquares;
  // Vote rates: Σ_c μ[a,c] P(c) must equal O[a,a].
  for (let a = 0; a < d; a++) {
    let rate = -rates[a];
    for (let c = 0; c < k; c++) rate += mu[a * k + c] * prior[c];
    loss += rate * rate;
    for (let c = 0; c < k; c++) gradient[a * k + c] += 2 * rate * prior[c];
  }
  return loss;
}
