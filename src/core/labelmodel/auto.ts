import { SiftError } from '../errors';
import type { Decision } from './decision';
import { fitPatterns } from './fit';
import { compressVotes } from './patterns';
import { predict } from './predict';
import { judgeOnDev, pickByMetric, type DevScoring } from './select';
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
  /** The selection metric on dev, with the decision tuned on dev. */
  metric: number;
  decision: Decision;
  degenerate: boolean;
  fitMs: number;
}

export interface AutoResult {
  params: LabelModelParams;
  /** Every method tried, in the order of `methodNames`, with its dev scores. */
  candidates: Candidate[];
  /** The chosen model's decision rule (threshold / class weights), tuned on dev. */
  decision: Decision;
  reason: string;
  warnings: string[];
}

/**
 * "auto": fits every method on the (unlabeled) votes, tunes each one's decision on dev for the metric
 * and keeps the best by `pickByMetric` (never a model that predicts one class on dev while another
 * does better). Dev only, never canary: the caller passes the dev split and nothing else labeled.
 */
export function fitAuto(matrix: VoteMatrix, dev: DevSet, options: FitOptions = {}, methods: readonly MethodName[] = methodNames, scoring: DevScoring = {}): AutoResult {
  checkVoteShape(matrix);
  let devGold = 0;
  for (let i = 0; i < dev.labels.length; i++) if (dev.labels[i] >= 0) devGold++;
  if (devGold === 0) throw new SiftError('labelmodel/no-dev', '"auto" picks the method by dev score, and the dev set has no labeled items.');
  const patterns = compressVotes(matrix);
  // wmv may weigh sources by their dev accuracy; its dev score is then cross-fitted (see weightedDevCrossFit).
  const fitOptions: FitOptions = { ...options, dev: options.dev ?? { matrix: dev.matrix, labels: dev.labels } };
  const candidates: Candidate[] = [];
  const fitted = new Map<MethodName, LabelModelParams>();
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
    const prediction = predict(params, dev.matrix);
    if (params.usesDevLabels) prediction.probs = weightedDevCrossFit(fitOptions.dev!, matrix.k, params.prior);
    const judged = judgeOnDev(prediction, matrix.k, dev.labels, dev.keys, { seed: options.seed, ...scoring });
    fitted.set(method, params);
    candidates.push({ method, accuracy: judged.scores.accuracy, macroF1: judged.scores.macro_f1, metric: judged.scores.metric, decision: judged.decision, degenerate: judged.degenerate, fitMs });
  }
  const pick = pickByMetric(
    candidates.map((c) => ({ method: c.method, degenerate: c.degenerate, dev: { accuracy: c.accuracy, macro_f1: c.macroF1, metric: c.metric, f1: null, coverage: NaN } })),
    scoring.metric,
  );
  const chosen = pick.method && candidates.find((c) => c.method === pick.method);
  if (!chosen) throw new SiftError('labelmodel/no-method', 'No label model could be fitted on these votes.');
  return { params: fitted.get(chosen.method)!, candidates, decision: chosen.decision, reason: pick.reason, warnings: pick.warnings };
}
