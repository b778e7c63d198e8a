import { DEFAULT_METRIC, metricLabel, metricScore, type SelectionMetric } from '../metrics/selection';
import { ARGMAX, applyDecision, predictsOneClass, tuneDecision, type Decision } from './decision';
import type { SplitScores } from './evaluate';
import { scoreLabelsOn } from './evaluate';
import type { MethodName, Prediction } from './types';
import { methodTitle } from '../weak/method-titles';

/** How dev turns a model's probabilities into a decision and a score. */
export interface DevScoring {
  metric?: SelectionMetric;
  /** Tune a threshold (binary) or class weights (multi-class) on dev for the metric. Default true. */
  tune?: boolean;
  seed?: number;
}

export interface DevJudgement {
  decision: Decision;
  scores: SplitScores;
  /** Every labelled dev item gets the same class while dev holds several. */
  degenerate: boolean;
}

/** Tunes the decision (when asked) and scores a model's dev prediction with it. */
export function judgeOnDev(prediction: Prediction, k: number, gold: ArrayLike<number>, keys: ArrayLike<string> | undefined, scoring: DevScoring): DevJudgement {
  const metric = scoring.metric ?? DEFAULT_METRIC;
  const options = { seed: scoring.seed ?? 0, keys };
  const decision = scoring.tune === false ? ARGMAX : tuneDecision(prediction.probs, k, gold, metric, options).decision;
  const labels = applyDecision(prediction.probs, k, decision, options);
  let covered = 0;
  for (let i = 0; i < prediction.covered.length; i++) covered += prediction.covered[i];
  const scores = scoreLabelsOn(labels, gold, k, prediction.covered.length > 0 ? covered / prediction.covered.length : NaN, metric);
  return { decision, scores, degenerate: predictsOneClass(labels, gold) };
}

export interface Contender {
  method: MethodName;
  dev: SplitScores | null;
  degenerate?: boolean;
}

export interface Pick {
  method: MethodName | null;
  /** Why, in a sentence, for the UI and the CLI. */
  reason: string;
  warnings: string[];
}

/**
 * "auto"'s rule: the best dev score by the metric (then macro-F1, then accuracy, then the earlier
 * method), among the models that do not predict a single class on dev. Only if every model does is
 * one of them picked, and the warning says so.
 */
export function pickByMetric(rows: readonly Contender[], metric: SelectionMetric = DEFAULT_METRIC, classes?: readonly string[]): Pick {
  const label = metricLabel(metric, classes);
  const better = (a: SplitScores, b: SplitScores) => {
    const sa = metricScore(metric, a.metric);
    const sb = metricScore(metric, b.metric);
    if (sa !== sb) return sa > sb;
    if (a.macro_f1 !== b.macro_f1) return a.macro_f1 > b.macro_f1;
    return a.accuracy > b.accuracy;
  };
  const best = (pool: readonly Contender[]) => {
    let top: Contender | null = null;
    for (const row of pool) if (row.dev && !Number.isNaN(row.dev.metric) && (!top || better(row.dev, top.dev!))) top = row;
    return top;
  };
  const scored = rows.filter((r) => r.dev);
  const healthy = best(scored.filter((r) => !r.degenerate));
  const skipped = scored.filter((r) => r.degenerate).map((r) => r.method);
  const warnings: string[] = [];
  if (healthy) {
    const why = `auto: best dev ${label} (then macro-F1, accuracy); canary never consulted`;
    return { method: healthy.method, reason: skipped.length ? `${why}; skipped ${skipped.join(', ')}: one class for every dev item` : why, warnings };
  }
  const fallback = best(scored);
  if (!fallback) return { method: null, reason: 'no method could be scored on dev', warnings };
  warnings.push(`Every method predicts a single class for every dev item; ${methodTitle(fallback.method)} is kept for its dev ${label}, but its labels carry no class information. Add sources that vote for the other classes.`);
  return { method: fallback.method, reason: `auto: best dev ${label}; every method predicts one class on dev`, warnings };
}
