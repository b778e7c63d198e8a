import { throwIfAborted } from '../errors';
import type { VotePatterns } from './patterns';
import { baseParams } from './params';
import { fixedPrior, uniformPrior } from './prior';
import { softmaxInPlace } from './predict';
import type { FitOptions, LabelModelParams } from './types';

/**
 * Dawid–Skene: every source has a full confusion matrix P(vote | true class), fitted by EM over the
 * vote patterns, with a symmetric Dirichlet(1 + smoothing) prior on each row (MAP EM; smoothing 1 is
 * Laplace) and EM started from majority vote so classes keep their names.
 *
 * Abstentions: with 'model' (default) abstaining is one more outcome of the confusion matrix, so a
 * source that only ever votes SPAM says "probably not SPAM" by staying silent; with 'ignore' the
 * matrix is conditional on voting. 'ignore' cannot learn anything from a source that always votes the
 * same class (its rows are identical), which is common with keyword rules.
 */
export function fitDawidSkene(patterns: VotePatterns, options: FitOptions): LabelModelParams {
  const { m, k, size, weight, start, code } = patterns;
  const mk = m * k;
  const modelAbstain = (options.abstain ?? 'model') === 'model';
  const smoothing = options.smoothing ?? 1;
  const maxIterations = options.maxIterations ?? 200;
  const tolerance = options.tolerance ?? 1e-7;
  const fixed = fixedPrior(options.classPrior, k);
  let prior = fixed ?? uniformPrior(k);

  // Sufficient statistics of one E-step: expected count of (source j votes v, class c) and of class c.
  const voteClass = new Float64Array(mk * k);
  const classTotal = new Float64Array(k);
  const posterior = new Float64Array(k);
  const params = baseParams('ds', m, k, prior);
  const { base, delta } = params;

  const accumulate = (p: number) => {
    const w = weight[p];
    for (let c = 0; c < k; c++) classTotal[c] += w * posterior[c];
    for (let e = start[p]; e < start[p + 1]; e++) {
      const cell = code[e] * k;
      for (let c = 0; c < k; c++) voteClass[cell + c] += w * posterior[c];
    }
  };

  // Items without votes tell EM nothing when abstaining is ignored; leave them out of the fit.
  const counts = (p: number) => modelAbstain || start[p + 1] > start[p];

  // Initial "E-step": soft majority vote (ties share, uncovered items take the prior).
  const votesPerClass = new Float64Array(k);
  for (let p = 0; p < size; p++) {
    if (!counts(p)) continue;
    votesPerClass.fill(0);
    for (let e = start[p]; e < start[p + 1]; e++) votesPerClass[code[e] % k]++;
    let top = 0;
    for (let c = 0; c < k; c++) top = Math.max(top, votesPerClass[c]);
    if (top === 0) posterior.set(prior);
    else {
      let tied = 0;
      for (let c = 0; c < k; c++) tied += votesPerClass[c] === top ? 1 : 0;
      for (let c = 0; c < k; c++) posterior[c] = votesPerClass[c] === top ? 1 / tied : 0;
    }
    accumulate(p);
  }

  let previous = -Infinity;
  let iterations = 0;
  let converged = false;
  for (;;) {
    // M-step: confusion matrices and prior from the expected counts, as log-linear scores.
    if (!fixed) {
      let total = 0;
      for (let c = 0; c < k; c++) total += classTotal[c] + smoothing;
      prior = new Float64Array(k);
      for (let c = 0; c < k; c++) prior[c] = (classTotal[c] + smoothing) / total;
    }
    for (let c = 0; c < k; c++) base[c] = Math.log(prior[c]);
    for (let j = 0; j < m; j++) {
      for (let c = 0; c < k; c++) {
        let voted = 0;
        for (let v = 0; v < k; v++) voted += voteClass[(j * k + v) * k + c];
        const abstained = Math.max(classTotal[c] - voted, 0);
        const rowTotal = modelAbstain ? classTotal[c] + (k + 1) * smoothing : voted + k * smoothing;
        const logAbstain = modelAbstain ? Math.log((abstained + smoothing) / rowTotal) : 0;
        base[c] += logAbstain;
        for (let v = 0; v < k; v++) {
          const cell = (j * k + v) * k + c;
          delta[cell] = Math.log((voteClass[cell] + smoothing) / rowTotal) - logAbstain;
        }
      }
    }
    if (iterations >= maxIterations || converged) break;
    throwIfAborted(options.signal);

    // E-step fused with the next M-step's sums.
    voteClass.fill(0);
    classTotal.fill(0);
    let logLikelihood = 0;
    for (let p = 0; p < size; p++) {
      if (!counts(p)) continue;
      for (let c = 0; c < k; c++) posterior[c] = base[c];
      for (let e = start[p]; e < start[p + 1]; e++) {
        const cell = code[e] * k;
        for (let c = 0; c < k; c++) posterior[c] += delta[cell + c];
      }
      logLikelihood += weight[p] * softmaxInPlace(posterior, k);
      accumulate(p);
    }
    iterations++;
    options.onProgress?.(iterations, maxIterations);
    converged = Math.abs(logLikelihood - previous) <= tolerance * Math.abs(logLikelihood);
    previous = logLikelihood;
  }

  params.prior = prior;
  params.sourceAccuracy = expectedAccuracy(voteClass, m, k);
  params.iterations = iterations;
  params.converged = converged;
  params.note = `EM over ${size} distinct vote rows; Dirichlet smoothing ${smoothing}; abstentions ${modelAbstain ? 'modelled' : 'ignored'}; started from majority vote.`;
  return params;
}

/** Expected share of each source's votes that match the class, under the last E-step's posteriors. */
export function expectedAccuracy(voteClass: Float64Array, m: number, k: number): Float64Array {
  const accuracy = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    let right = 0;
    let all = 0;
    for (let v = 0; v < k; v++) {
      for (let c = 0; c < k; c++) {
        const expected = voteClass[(j * k + v) * k + c];
        all += expected;
        if (v === c) right += expected;
      }
    }
    accuracy[j] = all > 0 ? right / all : 0;
  }
  return accuracy;
}
