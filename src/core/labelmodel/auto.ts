import { SiftError } from '../errors';
import { classificationReport } from '../metrics/classification';
import { decideLabels } from './decide';
import { fitPatterns } from './fit';
import { compressVotes } from './patterns';
import { predict } from './predict';
import { methodNames, type FitOptions, type LabelModelParams, type MethodName, type VoteMatrix } from './types';
import { checkVoteShape } from './validate';
import { weightedDevCrossFit } from './weighted';

export interface DevSet {
  /** Votes of the same sources on the dev items. */
  matrix: VoteMatrix;
  /** Their gold labels (−1 = unlabeled, skipped). */
  labels: ArrayLike<number>;
  /** Item ids, for the tie-break hash. */
  keys?: ArrayLike<string>;
}

export interface Candidate {
  method: MethodName;
  accuracy: number;
  macroF1: number;
  fitMs: number;
}

export interface AutoResult {
  params: LabelModelParams;
  /** Every method tried, in the order of `methodNames`, with its dev scores. */
  candidates: Candidate[];
}

/**
 * "auto": fits every method on the (unlabeled) votes and keeps the one with the best dev accuracy,
 * then dev macro-F1, then the earlier method in `methodNames`. Dev only, never canary: the caller
 * passes the dev split and nothing else labeled.
 */
export function fitAuto(matrix: VoteMatrix, dev: DevSet, options: FitOptions = {}, methods: readonly MethodName[] = methodNames): AutoResult {
  checkVoteShape(matrix);
  let devGold = 0;
  for (let i = 0; i < dev.labels.length; i++) if (dev.labels[i] >= 0) devGold++;
  if (devGold === 0) throw new SiftError('labelmodel/no-dev', '"auto" picks the method by dev score, and the dev set has no labeled items.');
  const patterns = compressVotes(matrix);
  // wmv may weigh sources by their dev accuracy; its dev score is then cross-fitted (see weightedDevCrossFit).
  const fitOptions: FitOptions = { ...options, dev: options.dev ?? { matrix: dev.matrix, labels: dev.labels } };
  const candidates: Candidate[] = [];
  let best: { params: LabelModelParams; candidate: Candidate } | null = null;
  for (const method of methods) {
    const started = performance.now();
    let params: LabelModelParams;
    try {
      params = fitPatterns(patterns, method, fitOptions);
    } catch (error) {
      // A method that cannot run on this shape (too many sources × classes) is skipped, not fatal.
      if (error instanceof SiftError && error.code === 'labelmodel/too-large') continue;
      throw error;
    }
    const fitMs = performance.now() - started;
    const probs = params.usesDevLabels ? weightedDevCrossFit(fitOptions.dev!, matrix.k, params.prior) : predict(params, dev.matrix).probs;
    const labels = decideLabels(probs, matrix.k, { seed: options.seed, keys: dev.keys });
    const report = classificationReport(dev.labels, labels, matrix.k);
    const candidate = { method, accuracy: report.accuracy, macroF1: report.macroF1, fitMs };
    candidates.push(candidate);
    if (!best || candidate.accuracy > best.candidate.accuracy || (candidate.accuracy === best.candidate.accuracy && candidate.macroF1 > best.candidate.macroF1)) {
      best = { params, candidate };
    }
  }
  if (!best) throw new SiftError('labelmodel/no-method', 'No label model could be fitted on these votes.');
  return { params: best.params, candidates };
}
