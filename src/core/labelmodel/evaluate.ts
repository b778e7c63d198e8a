import { classificationReport, coverage } from '../metrics/classification';
import { decideLabels } from './decide';
import { predict } from './predict';
import type { LabelModelParams, Prediction, VoteMatrix } from './types';

/** The results-table row of one method on one labeled split (names as in the CLI's JSON). */
export interface SplitScores {
  accuracy: number;
  macro_f1: number;
  /** Binary F1 of class 1 when there are two classes, else null. */
  f1: number | null;
  coverage: number;
}

export interface SplitEvaluation {
  prediction: Prediction;
  labels: Int16Array;
  scores: SplitScores;
}

/**
 * Predicts a labeled split and scores it over every gold-labeled item (uncovered ones included, at
 * their prior's top class). Keys are the items' ids so tie-breaks follow the item, not its position.
 */
export function evaluateSplit(
  params: LabelModelParams,
  matrix: VoteMatrix,
  gold: ArrayLike<number>,
  options: { seed?: number; keys?: ArrayLike<string> } = {},
): SplitEvaluation {
  return evaluatePrediction(predict(params, matrix), matrix.k, gold, options);
}

/** Scores probabilities made some other way (e.g. cross-fitted dev predictions). */
export function evaluatePrediction(
  prediction: Prediction,
  k: number,
  gold: ArrayLike<number>,
  options: { seed?: number; keys?: ArrayLike<string> } = {},
): SplitEvaluation {
  const labels = decideLabels(prediction.probs, k, options);
  const report = classificationReport(gold, labels, k);
  return {
    prediction,
    labels,
    scores: { accuracy: report.accuracy, macro_f1: report.macroF1, f1: report.binaryF1, coverage: coverage(prediction.covered) },
  };
}
