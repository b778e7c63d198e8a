import { evaluationIndices, fitIndices } from '../canary';
import { SiftError, throwIfAborted } from '../errors';
import {
  classPriorFromLabels,
  compressVotes,
  decideLabels,
  evaluatePrediction,
  fitPatterns,
  methodNames,
  predict,
  validateVoteMatrix,
  weightedDevCrossFit,
  type FitOptions,
  type LabelModelParams,
  type MethodName,
  type Prediction,
  type SplitScores,
  type TiePolicy,
  type VoteMatrix,
} from '../labelmodel/index';
import { takeRows, takeStrings, takeValues } from './votes';

/**
 * The label-model comparison the app runs: every method fitted on the train split's votes (no labels),
 * scored on dev (model selection) and on canary (evaluation only), and one of them chosen: the user's
 * pick, or for "auto" the best on dev. Canary rows come from the canary guard's evaluation list and
 * no score read from them feeds any choice. Same rules as `sift label-model`, so the numbers match.
 */
export type MethodChoice = MethodName | 'auto';

export interface CompareInput {
  /** Row-major n×m votes of the sources in use, -1 = abstain. */
  votes: Int8Array;
  n: number;
  m: number;
  k: number;
  /** Split code per item (train=0, dev=1, canary=2). */
  splits: Uint8Array;
  /** Human labels (NO_LABEL where none); only dev and canary rows are read. */
  gold: Int16Array;
  /** Stable per-item keys for tie-breaks (item ids). */
  keys: ArrayLike<string>;
  method: MethodChoice;
  /** Majority vote's tie policy. */
  ties?: TiePolicy;
  /** Fix every method's class balance to the dev labels' (with one pseudo-count per class). */
  priorFromDev?: boolean;
  seed?: number;
  methods?: readonly MethodName[];
  signal?: AbortSignal;
  onProgress?: (done: number, total: number, method: MethodName) => void;
}

export interface MethodRow {
  method: MethodName;
  /** Null when the split has no labelled item. */
  dev: SplitScores | null;
  canary: SplitScores | null;
  fitMs: number;
  iterations: number;
  converged: boolean;
  note: string;
  /** Set when the method could not be fitted on this shape; its scores are then null. */
  error?: string;
}

export interface SplitCounts {
  train: number;
  dev: number;
  devLabelled: number;
  canary: number;
  canaryLabelled: number;
}

export interface CompareResult {
  rows: MethodRow[];
  chosen: MethodName;
  /** Why this method: "chosen by you" or the dev rule "auto" applied. */
  selectedBy: string;
  params: LabelModelParams;
  /** Probabilities (n×k) and coverage of every item, from the chosen model. */
  prediction: Prediction;
  /** Hard label per item (never -1: uncovered items take the prior's top class). */
  labels: Int16Array;
  counts: SplitCounts;
  prior: 'model' | 'dev';
}

interface LabelledRows {
  rows: Uint32Array;
  matrix: VoteMatrix;
  labels: Int16Array;
  keys: string[];
}

function labelledRows(all: Uint32Array, input: CompareInput): LabelledRows {
  const kept: number[] = [];
  for (let r = 0; r < all.length; r++) if (input.gold[all[r]] >= 0) kept.push(all[r]);
  const rows = Uint32Array.from(kept);
  return {
    rows,
    matrix: { n: rows.length, m: input.m, k: input.k, votes: takeRows(input.votes, input.m, rows) },
    labels: takeValues(input.gold, rows),
    keys: takeStrings(input.keys, rows),
  };
}

/** "auto"'s rule (as in fitAuto): best dev accuracy, then dev macro-F1, then the earlier method. */
export function pickByDev(rows: readonly MethodRow[]): MethodName | null {
  let best: MethodRow | null = null;
  for (const row of rows) {
    if (!row.dev) continue;
    if (!best || row.dev.accuracy > best.dev!.accuracy || (row.dev.accuracy === best.dev!.accuracy && row.dev.macro_f1 > best.dev!.macro_f1)) best = row;
  }
  return best?.method ?? null;
}

export function compareLabelModels(input: CompareInput): CompareResult {
  const { n, m, k, splits, signal } = input;
  const seed = input.seed ?? 0;
  const full: VoteMatrix = validateVoteMatrix({ n, m, k, votes: input.votes });
  if (splits.length !== n || input.gold.length !== n || input.keys.length !== n) {
    throw new SiftError('labelmodel/shape', `${n} items, but ${splits.length} split codes, ${input.gold.length} labels and ${input.keys.length} keys`, {});
  }
  const trainRows = fitIndices(splits, 'label-model', 'train');
  if (trainRows.length === 0) throw new SiftError('labelmodel/no-train', 'The label model fits on the train split (the unlabeled pool), and it has no items: every item is in dev or canary.', {});
  const dev = labelledRows(fitIndices(splits, 'model-selection', 'dev'), input);
  const canary = labelledRows(evaluationIndices(splits), input);
  if (input.method === 'auto' && dev.rows.length === 0) {
    throw new SiftError('labelmodel/no-dev', '"Auto" picks the method by its dev score, and no dev item has a label: make a dev set (Splits…) and label it, or pick a method.', {});
  }
  if (input.priorFromDev && dev.rows.length === 0) {
    throw new SiftError('labelmodel/no-dev', 'A class prior from dev labels needs labelled dev items; there are none.', {});
  }

  const options: FitOptions = { seed, ties: input.ties ?? 'random', signal };
  if (dev.rows.length > 0) options.dev = { matrix: dev.matrix, labels: dev.labels };
  if (input.priorFromDev) options.classPrior = classPriorFromLabels(dev.labels, k);
  const patterns = compressVotes({ n: trainRows.length, m, k, votes: takeRows(input.votes, m, trainRows) });

  const methods = input.method === 'auto' ? (input.methods ?? methodNames) : [...new Set([input.method, ...(input.methods ?? methodNames)])];
  const fitted = new Map<MethodName, LabelModelParams>();
  const rows: MethodRow[] = [];
  for (const method of methods) {
    throwIfAborted(signal);
    const started = performance.now();
    let params: LabelModelParams;
    try {
      params = fitPatterns(patterns, method, options);
    } catch (error) {
      // A method that cannot run on this shape (too many sources × classes) is listed, not fatal.
      if (error instanceof SiftError && error.code === 'labelmodel/too-large') {
        rows.push({ method, dev: null, canary: null, fitMs: 0, iterations: 0, converged: false, note: '', error: error.message });
        continue;
      }
      throw error;
    }
    const fitMs = performance.now() - started;
    fitted.set(method, params);
    rows.push({
      method,
      dev: dev.rows.length > 0 ? devScores(params, dev, k, seed) : null,
      canary: canary.rows.length > 0 ? evaluatePrediction(predict(params, canary.matrix), k, canary.labels, { seed, keys: canary.keys }).scores : null,
      fitMs,
      iterations: params.iterations,
      converged: params.converged,
      note: params.note,
    });
    input.onProgress?.(rows.length, methods.length, method);
  }

  const chosen = input.method === 'auto' ? pickByDev(rows) : input.method;
  const params = chosen ? fitted.get(chosen) : undefined;
  if (!chosen || !params) {
    const failed = rows.find((r) => r.method === input.method)?.error;
    throw new SiftError('labelmodel/no-method', failed ?? 'No label model could be fitted on these votes.', {});
  }
  const prediction = predict(params, full);
  return {
    rows,
    chosen,
    selectedBy: input.method === 'auto' ? 'auto: best dev accuracy, then dev macro-F1 (canary never consulted)' : 'chosen by you',
    params,
    prediction,
    labels: decideLabels(prediction.probs, k, { seed, keys: input.keys }),
    counts: {
      train: trainRows.length,
      dev: countSplit(splits, 1),
      devLabelled: dev.rows.length,
      canary: countSplit(splits, 2),
      canaryLabelled: canary.rows.length,
    },
    prior: input.priorFromDev ? 'dev' : 'model',
  };
}

/** Dev scores; a model that learnt from dev labels (wmv) is scored cross-fitted, as in the CLI. */
function devScores(params: LabelModelParams, dev: LabelledRows, k: number, seed: number): SplitScores {
  const prediction = predict(params, dev.matrix);
  const probs = params.usesDevLabels ? weightedDevCrossFit({ matrix: dev.matrix, labels: dev.labels }, k, params.prior) : prediction.probs;
  return evaluatePrediction({ probs, covered: prediction.covered }, k, dev.labels, { seed, keys: dev.keys }).scores;
}

function countSplit(splits: Uint8Array, code: number): number {
  let count = 0;
  for (let i = 0; i < splits.length; i++) if (splits[i] === code) count++;
  return count;
}
