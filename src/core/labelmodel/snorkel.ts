import { throwIfAborted } from '../errors';
import { mulberry32 } from '../random';
import { overlapMatrix } from './overlaps';
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
  const { m, k } = patterns;
  const d = m * k;
  const prior = fixedPrior(options.classPrior, k) ?? uniformPrior(k);
  const overlap = overlapMatrix(patterns, 'The Snorkel-style model');
  const maxEpochs = options.maxIterations ?? 1000;
  const tolerance = options.tolerance ?? 1e-9;

  const mu = new Float64Array(d * k);
  const scale = mulberry32(options.seed ?? 0)();
  for (let a = 0; a < d; a++) {
    const c = a % k;
    mu[a * k + c] = Math.min(Math.max((overlap[a * d + a] * PRECISION_INIT) / prior[c], 0), 1) * scale;
  }

  const velocity = new Float64Array(d * k);
  const gradient = new Float64Array(d * k);
  const weighted = new Float64Array(d * k); // μ P
  let previous = Infinity;
  let epochs = 0;
  let converged = false;
  while (epochs < maxEpochs) {
    if (epochs % 16 === 0) throwIfAborted(options.signal);
    for (let a = 0; a < d; a++) for (let c = 0; c < k; c++) weighted[a * k + c] = mu[a * k + c] * prior[c];
    gradient.fill(0);
    let loss = 0;
    for (let a = 0; a < d; a++) {
      const sourceA = (a / k) | 0;
      // Off-diagonal blocks: residual r = O[a,b] − (μPμᵀ)[a,b]; d/dμ of Σ r² is −4 R μ P (R symmetric).
      for (let b = 0; b < d; b++) {
        if (((b / k) | 0) === sourceA) continue;
        let model = 0;
        for (let c = 0; c < k; c++) model += weighted[a * k + c] * mu[b * k + c];
        const residual = overlap[a * d + b] - model;
        loss += residual * residual;
        for (let c = 0; c < k; c++) gradient[a * k + c] -= 4 * residual * weighted[b * k + c];
      }
      // Vote rates: Σ_c μ[a,c] P(c) must equal O[a,a].
      let rate = -overlap[a * d + a];
      for (let c = 0; c < k; c++) rate += weighted[a * k + c];
      loss += rate * rate;
      for (let c = 0; c < k; c++) gradient[a * k + c] += 2 * rate * prior[c];
    }
    for (let i = 0; i < mu.length; i++) {
      velocity[i] = MOMENTUM * velocity[i] + gradient[i];
      mu[i] -= LEARNING_RATE * velocity[i];
    }
    epochs++;
    if (epochs % 32 === 0) options.onProgress?.(epochs, maxEpochs);
    if (Math.abs(previous - loss) <= tolerance * Math.max(loss, 1e-12) && epochs > 10) {
      converged = true;
      break;
    }
    previous = loss;
  }

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
      coverage += overlap[(j * k + v) * d + j * k + v];
    }
    params.sourceAccuracy[j] = coverage > 0 ? Math.min(right / coverage, 1) : 0;
  }
  params.iterations = epochs;
  params.converged = converged;
  params.note = `Matrix completion on the ${d}×${d} vote-overlap matrix (no gold), ${epochs} SGD epochs; abstentions ${modelAbstain ? 'modelled' : 'ignored'} at prediction.`;
  return params;
}
