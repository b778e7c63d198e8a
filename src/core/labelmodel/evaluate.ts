import { classificationReport, coverage } from '../metrics/classification';
import { DEFAULT_METRIC, metricValue, type SelectionMetric } from '../metrics/selection';
import { applyDecision, type Decision } from './decision';
import { predict } from './predict';
import type { LabelModelParams, Prediction, VoteMatrix } from './types';

/** The results-table row of one method on one labeled split (names as in the CLI's JSON). */
export interface SplitScores {
  accuracy: number;
  macro_f1: number;
  /** Binary F1 of class 1 when there are two classes, else null. */
  f1: number | null;
  coverage: number;
  /** The selection metric's value (for expected cost: mean cost per item, lower is better). */
  metric: number;
}

export interface SplitEvaluation {
  prediction: Prediction;
  labels: Int16Array;
  scores: SplitScores;
}

export interface EvaluateOptions {
  seed?: number;
  keys?: ArrayLike<string>;
  /** How probabilities become labels (tuned on dev); default argmax. */
  decision?: Decision;
  /** Default macro-F1. */
  metric?: SelectionMetric;
}

/**
 * Predicts a labeled split and scores it over every gold-labeled item (uncovered ones included, at
 * their prior's top class). Keys are the items' ids so tie-breaks follow the item, not its position.
 */
export function evaluateSplit(params: LabelModelParams, matrix: VoteMatrix, gold: ArrayLike<number>, options: EvaluateOptions = {}): SplitEvaluation {
  return evaluatePrediction(predict(params, matrix), matrix.k, gold, options);
}

/** Scores probabilities made some other way (e.g. cross-fitted dev predictions). */
export function evaluatePrediction(prediction: Prediction, k: number, gold: ArrayLike<number>, options: EvaluateOptions = {}): SplitEvaluation {
  const labels = applyDecision(prediction.probs, k, options.decision, { seed: options.seed, keys: options.keys });
  return { prediction, labels, scores: scoreLabelsOn(labels, gold, k, coverage(prediction.covered), options.metric) };
}

export function scoreLabelsOn(labels: ArrayLike<number>, gold: ArrayLike<number>, k: number, covered: number, metric: SelectionMetric = DEFAULT_METRIC): SplitScores {
  const report = classificationReport(gold, labels, k);
  return { accuracy: report.accuracy, macro_f1: report.macroF1, f1: report.binaryF1, coverage: covered, metric: metricValue(metric, gold, labels, k) };
}
