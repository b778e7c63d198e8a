import { evaluationIndices, fitIndices } from '../canary';
import { SiftError, throwIfAborted } from '../errors';
import { DEFAULT_METRIC, devWarnings, metricLabel, type SelectionMetric } from '../metrics/selection';
import {
  ARGMAX,
  applyDecision,
  classPriorFromLabels,
  compressVotes,
  evaluatePrediction,
  judgeOnDev,
  pickByMetric,
  scoreLabelsOn,
  type Decision,
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
import { CLAMPED_METHODS, clampedFit, labelledRows, withPoolLabels, type LabelledRows } from './compare-rows';
import { takeRows } from './votes';

/**
 * The label-model comparison the app runs: every method fitted on the train split's votes (no labels),
 * scored on dev (model selection) and on canary (evaluation only), and one of them chosen: the user's
 * pick, or for "auto" the best on dev by the dataset's metric. Each model's decision (binary threshold,
 * multi-class weights) is tuned on dev for that metric and applied everywhere. Canary rows come from the
 * canary guard's evaluation list and no score read from them feeds any choice. Same rules as
 * `sift label-model`, so the numbers match.
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
  /**
   * Fix every method's class balance to the dev labels' (with one pseudo-count per class), which is
   * also what uncovered items get. Without dev labels the methods' own priors are used, with a warning.
   */
  priorFromDev?: boolean;
  /**
   * Human labels on train (pool) items, review answers above all, also count where a method learns
   * from labels (wmv's source accuracies; ds and snorkel take them as clamped items, out of their
   * unlabelled fit), as the review loop's seeds. The class prior and every dev
   * judgement stay on dev alone: reviewed items are picked where the model is unsure, not at random,
   * so their class mix says nothing about the pool's.
   */
  poolLabels?: boolean;
  /** What dev choices maximise; default macro-F1. */
  metric?: SelectionMetric;
  /** Tune each model's decision threshold / class weights on dev (default true). */
  tune?: boolean;
  /** Class names, for messages. */
  classes?: readonly string[];
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
  /** The decision tuned on dev (argmax without dev labels). */
  decision?: Decision;
  /** Predicts one class for every labelled dev item while dev holds several. */
  degenerate?: boolean;
}

/** Predicting dev's most frequent class for every item: the floor every method must beat. */
export interface BaselineRow {
  label: number;
  dev: SplitScores;
  canary: SplitScores | null;
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
  /** The chosen model's decision rule, tuned on dev. */
  decision: Decision;
  /** The metric's name as shown ("F1 of spam"). */
  metric: string;
  baseline: BaselineRow | null;
  /** Things the user should know about this choice (dev lacks a class, degenerate models, prior fallback). */
  warnings: string[];
  /** The chosen model's probabilities of the labelled dev rows as judged (cross-fitted when it learnt from labels). */
  devJudged: { rows: Uint32Array; probs: Float32Array };
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
  const metric = input.metric ?? DEFAULT_METRIC;
  const classes = input.classes ?? Array.from({ length: k }, (_, c) => String(c));
  const warnings = devWarnings(metric, dev.labels, classes);
  const priorFromDev = !!input.priorFromDev && dev.rows.length > 0;
  if (input.priorFromDev && !priorFromDev) warnings.push('The class prior comes from dev labels, and no dev item has one: each method uses its own prior instead. Label dev items.');
  else if (priorFromDev && dev.rows.length < SMALL_DEV) warnings.push(`Only ${dev.rows.length} dev items are labelled: the class prior and decision thresholds estimated from them are rough.`);

  const options: FitOptions = { seed, ties: input.ties ?? 'random', signal };
  const pool = input.poolLabels ? labelledRows(trainRows, input) : null;
  const labelled = pool ? withPoolLabels(dev, pool) : dev;
  if (labelled.rows.length > 0) options.dev = { matrix: labelled.matrix, labels: labelled.labels };
  if (priorFromDev) options.classPrior = classPriorFromLabels(dev.labels, k);
  const scoring = { metric, tune: input.tune !== false, seed };
  const patterns = compressVotes({ n: trainRows.length, m, k, votes: takeRows(input.votes, m, trainRows) });
  const clamping = pool ? clampedFit(pool, trainRows, input, options) : null;

  const methods = input.method === 'auto' ? (input.methods ?? methodNames) : [...new Set([input.method, ...(input.methods ?? methodNames)])];
  const fitted = new Map<MethodName, LabelModelParams>();
  const rows: MethodRow[] = [];
  for (const method of methods) {
    throwIfAborted(signal);
    const started = performance.now();
    let params: LabelModelParams;
    try {
      params = clamping && CLAMPED_METHODS.has(method) ? fitPatterns(clamping.patterns, method, clamping.options) : fitPatterns(patterns, method, options);
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
    const judged = dev.rows.length > 0 ? judgeDev(params, dev, labelled, k, scoring) : null;
    const decision = judged?.decision ?? ARGMAX;
    rows.push({
      method,
      dev: judged?.scores ?? null,
      canary: canary.rows.length > 0 ? evaluatePrediction(predict(params, canary.matrix), k, canary.labels, { seed, keys: canary.keys, decision, metric }).scores : null,
      fitMs,
      iterations: params.iterations,
      converged: params.converged,
      note: params.note,
      decision,
      degenerate: judged?.degenerate ?? false,
    });
    input.onProgress?.(rows.length, methods.length, method);
  }

  const pick = input.method === 'auto' ? pickByMetric(rows, metric, classes) : null;
  const chosen: MethodName | null = input.method === 'auto' ? (pick?.method ?? null) : input.method;
  if (pick) warnings.push(...pick.warnings);
  const params = chosen ? fitted.get(chosen) : undefined;
  if (!chosen || !params) {
    const failed = rows.find((r) => r.method === input.method)?.error;
    throw new SiftError('labelmodel/no-method', failed ?? 'No label model could be fitted on these votes.', {});
  }
  const chosenRow = rows.find((r) => r.method === chosen)!;
  if (!pick && chosenRow.degenerate) warnings.push(`${chosen} predicts one class for every dev item while dev holds several; "auto" would not pick it.`);
  const decision = chosenRow.decision ?? ARGMAX;
  const prediction = predict(params, full);
  const devProbs = params.usesDevLabels ? devCrossFit(labelled, dev.rows.length, k, params.prior) : predict(params, dev.matrix).probs;
  return {
    devJudged: { rows: dev.rows, probs: devProbs },
    rows,
    chosen,
    selectedBy: pick ? pick.reason : 'chosen by you',
    params,
    prediction,
    labels: applyDecision(prediction.probs, k, decision, { seed, keys: input.keys }),
    decision,
    metric: metricLabel(metric, classes),
    baseline: baselineRow(dev, canary, k, metric),
    warnings,
    counts: {
      train: trainRows.length,
      dev: countSplit(splits, 1),
      devLabelled: dev.rows.length,
      canary: countSplit(splits, 2),
      canaryLabelled: canary.rows.length,
    },
    prior: priorFromDev ? 'dev' : 'model',
  };
}

/** Below this many labelled dev items, priors and thresholds estimated on dev get a warning. */
const SMALL_DEV = 50;

/**
 * Dev judgement; a model that learnt from labels (wmv) is scored cross-fitted, as in the CLI: each dev
 * item with accuracies counted on every other labelled item (`labelled` starts with dev's rows).
 */
function judgeDev(params: LabelModelParams, dev: LabelledRows, labelled: LabelledRows, k: number, scoring: { metric: SelectionMetric; tune: boolean; seed: number }) {
  const prediction = predict(params, dev.matrix);
  const probs = params.usesDevLabels ? devCrossFit(labelled, dev.rows.length, k, params.prior) : prediction.probs;
  return judgeOnDev({ probs, covered: prediction.covered }, k, dev.labels, dev.keys, scoring);
}

/** Cross-fitted probabilities of the first `devCount` labelled rows (dev's), for a label-weighted vote. */
function devCrossFit(labelled: { matrix: VoteMatrix; labels: ArrayLike<number> }, devCount: number, k: number, prior: Float64Array): Float32Array {
  return weightedDevCrossFit({ matrix: labelled.matrix, labels: labelled.labels }, k, prior).slice(0, devCount * k);
}

/** Dev's most frequent class (the lower index on ties) for every item, scored on dev and canary. */
export function baselineRow(dev: { labels: Int16Array }, canary: { labels: Int16Array }, k: number, metric: SelectionMetric): BaselineRow | null {
  if (dev.labels.length === 0) return null;
  const counts = new Int32Array(k);
  for (const g of dev.labels) if (g >= 0) counts[g]++;
  let label = 0;
  for (let c = 1; c < k; c++) if (counts[c] > counts[label]) label = c;
  const constant = (n: number) => new Int16Array(n).fill(label);
  return {
    label,
    dev: scoreLabelsOn(constant(dev.labels.length), dev.labels, k, 1, metric),
    canary: canary.labels.length > 0 ? scoreLabelsOn(constant(canary.labels.length), canary.labels, k, 1, metric) : null,
  };
}

function countSplit(splits: Uint8Array, code: number): number {
  let count = 0;
  for (let i = 0; i < splits.length; i++) if (splits[i] === code) count++;
  return count;
}
