import { throwIfAborted } from '../errors';
import { addClamped, clampedCounts } from './clamped';
import { createEStep, runEStep, type EStep } from './estep';
import type { VotePatterns } from './patterns';
import { baseParams } from './params';
import { fixedPrior, uniformPrior } from './prior';
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
  const { m, k } = patterns;
  const modelAbstain = (options.abstain ?? 'model') === 'model';
  const smoothing = options.smoothing ?? 1;
  const maxIterations = options.maxIterations ?? 200;
  const tolerance = options.tolerance ?? 1e-7;
  const fixed = fixedPrior(options.classPrior, k);
  let prior = fixed ?? uniformPrior(k);
  const step = createEStep(m, k);
  // Items without votes tell EM nothing when abstaining is ignored; leave them out of the fit.
  const skipUncovered = !modelAbstain;
  majorityCounts(patterns, step, prior, skipUncovered);
  const clamped = clampedCounts(options.clamped, m, k, step.width, skipUncovered);

  let previous = -Infinity;
  let iterations = 0;
  let converged = false;
  for (;;) {
    // The prior is estimated before the answers are added: reviewed items are not a random sample.
    if (!fixed) prior = estimatePrior(step.classTotal, k, smoothing);
    if (clamped) addClamped(step.voteClass, step.classTotal, clamped);
    maximize(step, prior, m, k, smoothing, modelAbstain);
    if (iterations >= maxIterations || converged) break;
    throwIfAborted(options.signal);
    const logLikelihood = runEStep(step, patterns, skipUncovered);
    iterations++;
    options.onProgress?.(iterations, maxIterations);
    converged = Math.abs(logLikelihood - previous) <= tolerance * Math.abs(logLikelihood);
    previous = logLikelihood;
  }

  const params = baseParams('ds', m, k, prior);
  const { width } = step;
  for (let c = 0; c < k; c++) params.base[c] = step.base[c];
  for (let cell = 0; cell < m * k; cell++) for (let c = 0; c < k; c++) params.delta[cell * k + c] = step.table[cell * width + c];
  params.sourceAccuracy = expectedAccuracy(step, m, k);
  params.iterations = iterations;
  params.converged = converged;
  params.note = `EM over ${patterns.size} distinct vote rows; Dirichlet smoothing ${smoothing}; abstentions ${modelAbstain ? 'modelled' : 'ignored'}; started from majority vote${clamped ? `; ${clamped.items} reviewed items clamped to their labels` : ''}.`;
  return params;
}

/** The first "E-step": soft majority vote (ties share, uncovered items take the prior). */
function majorityCounts(patterns: VotePatterns, step: EStep, prior: Float64Array, skipUncovered: boolean): void {
  const { k, width, voteClass, classTotal } = step;
  const { size, weight, start, code } = patterns;
  const counts = new Float64Array(k);
  const posterior = new Float64Array(k);
  for (let p = 0; p < size; p++) {
    if (skipUncovered && start[p + 1] === start[p]) continue;
    counts.fill(0);
    for (let e = start[p]; e < start[p + 1]; e++) counts[code[e] % k]++;
    let top = 0;
    for (let c = 0; c < k; c++) top = Math.max(top, counts[c]);
    if (top === 0) posterior.set(prior);
    else {
      let tied = 0;
      for (let c = 0; c < k; c++) tied += counts[c] === top ? 1 : 0;
      for (let c = 0; c < k; c++) posterior[c] = counts[c] === top ? 1 / tied : 0;
    }
    const w = weight[p];
    for (let c = 0; c < k; c++) classTotal[c] += w * posterior[c];
    for (let e = start[p]; e < start[p + 1]; e++) {
      for (let c = 0; c < k; c++) voteClass[code[e] * width + c] += w * posterior[c];
    }
  }
}

function estimatePrior(classTotal: Float64Array, k: number, smoothing: number): Float64Array {
  const prior = new Float64Array(k);
  let total = 0;
  for (let c = 0; c < k; c++) total += classTotal[c] + smoothing;
  for (let c = 0; c < k; c++) prior[c] = (classTotal[c] + smoothing) / total;
  return prior;
}

/** M-step: smoothed confusion matrices from the expected counts, written as log-linear scores. */
function maximize(step: EStep, prior: Float64Array, m: number, k: number, smoothing: number, modelAbstain: boolean): void {
  const { width, base, table, voteClass, classTotal } = step;
  for (let c = 0; c < k; c++) base[c] = Math.log(prior[c]);
  for (let j = 0; j < m; j++) {
    for (let c = 0; c < k; c++) {
      let voted = 0;
      for (let v = 0; v < k; v++) voted += voteClass[(j * k + v) * width + c];
      const abstained = Math.max(classTotal[c] - voted, 0);
      const rowTotal = modelAbstain ? classTotal[c] + (k + 1) * smoothing : voted + k * smoothing;
      const logAbstain = modelAbstain ? Math.log((abstained + smoothing) / rowTotal) : 0;
      base[c] += logAbstain;
      for (let v = 0; v < k; v++) {
        const cell = (j * k + v) * width + c;
        table[cell] = Math.log((voteClass[cell] + smoothing) / rowTotal) - logAbstain;
      }
    }
  }
}

/** Expected share of each source's votes that match the class, under the last E-step's posteriors. */
export function expectedAccuracy(step: EStep, m: number, k: number): Float64Array {
  const { width, voteClass } = step;
  const accuracy = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    let right = 0;
    let all = 0;
    for (let v = 0; v < k; v++) {
      for (let c = 0; c < k; c++) {
        const expected = voteClass[(j * k + v) * width + c];
        all += expected;
        if (v === c) right += expected;
      }
    }
    accuracy[j] = all > 0 ? right / all : 0;
  }
  return accuracy;
}
