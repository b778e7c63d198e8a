import { SiftError } from '../errors';
import { metricScore, metricValue, type SelectionMetric } from '../metrics/selection';
import { decideLabels, type DecideOptions } from './decide';

/**
 * How probabilities become hard labels. 'argmax' is the most probable class (ties by hash); a
 * binary 'threshold' labels the positive class when its probability exceeds the threshold; multi-class
 * 'weights' take the argmax of p_c·w_c. Thresholds and weights are tuned on dev for the metric: on an
 * imbalanced set the argmax of a calibrated model rarely maximises F1 of the rare class.
 */
export type Decision =
  | { kind: 'argmax' }
  | { kind: 'threshold'; positive: number; threshold: number }
  | { kind: 'weights'; weights: number[] };

export const ARGMAX: Decision = Object.freeze({ kind: 'argmax' });

export function applyDecision(probs: Float32Array, k: number, decision: Decision = ARGMAX, options: DecideOptions = {}): Int16Array {
  if (decision.kind === 'argmax') return decideLabels(probs, k, options);
  if (decision.kind === 'threshold') {
    if (k !== 2) throw new SiftError('decision/shape', `A single decision threshold needs two classes; this set has ${k}.`);
    const { positive, threshold } = decision;
    const n = probs.length / 2;
    const labels = new Int16Array(n);
    for (let i = 0; i < n; i++) labels[i] = probs[i * 2 + positive] > threshold ? positive : 1 - positive;
    return labels;
  }
  if (decision.weights.length !== k) throw new SiftError('decision/shape', `${decision.weights.length} class weights for ${k} classes.`);
  const weighted = new Float32Array(probs.length);
  for (let i = 0; i < probs.length; i++) weighted[i] = probs[i] * decision.weights[i % k];
  return decideLabels(weighted, k, options);
}

export interface TunedDecision {
  decision: Decision;
  /** The metric's value on dev with the tuned decision, and with plain argmax. */
  value: number;
  argmaxValue: number;
}

/** Log-weight grid for multi-class offsets: e^-3 … e^3 in steps of 0.25. */
const LOG_WEIGHTS = Array.from({ length: 25 }, (_, i) => -3 + i * 0.25);
const MAX_THRESHOLDS = 256;

/**
 * Tunes the decision on labelled dev items for the metric. It moves away from argmax only when that
 * strictly improves the dev metric, and among equally good thresholds takes the one nearest 0.5, so a
 * small dev set does not push the boundary further than it has evidence for.
 */
export function tuneDecision(probs: Float32Array, k: number, gold: ArrayLike<number>, metric: SelectionMetric, options: DecideOptions = {}): TunedDecision {
  const n = probs.length / k;
  if (gold.length !== n) throw new SiftError('decision/shape', `${gold.length} dev labels for ${n} rows of probabilities.`);
  const argmaxValue = metricValue(metric, gold, decideLabels(probs, k, options), k);
  const none: TunedDecision = { decision: ARGMAX, value: argmaxValue, argmaxValue };
  let labelled = 0;
  for (let i = 0; i < n; i++) if (gold[i] >= 0) labelled++;
  if (labelled === 0 || !Number.isFinite(argmaxValue)) return none;
  return k === 2 ? tuneThreshold(probs, gold, metric, none) : tuneWeights(probs, k, gold, metric, options, none);
}

function tuneThreshold(probs: Float32Array, gold: ArrayLike<number>, metric: SelectionMetric, none: TunedDecision): TunedDecision {
  const positive = metric.kind === 'f1' ? metric.positive : 1;
  const values: number[] = [];
  for (let i = 0; i < gold.length; i++) if (gold[i] >= 0) values.push(probs[i * 2 + positive]);
  const distinct = [...new Set(values)].sort((a, b) => a - b);
  // Midpoints between neighbouring dev values (subsampled on a large dev set), plus "all positive".
  const step = Math.max(1, Math.ceil(distinct.length / MAX_THRESHOLDS));
  const candidates: number[] = [distinct[0] / 2];
  for (let i = step; i < distinct.length; i += step) candidates.push((distinct[i - step] + distinct[i]) / 2);
  const labels = new Int16Array(gold.length);
  let best = { score: metricScore(metric, none.argmaxValue), value: none.argmaxValue, threshold: NaN };
  for (const threshold of candidates) {
    for (let i = 0; i < gold.length; i++) labels[i] = probs[i * 2 + positive] > threshold ? positive : 1 - positive;
    const value = metricValue(metric, gold, labels, 2);
    const score = metricScore(metric, value);
    const nearer = Math.abs(threshold - 0.5) < Math.abs(best.threshold - 0.5);
    if (score > best.score || (score === best.score && Number.isFinite(best.threshold) && nearer)) best = { score, value, threshold };
  }
  if (!Number.isFinite(best.threshold)) return none;
  return { decision: { kind: 'threshold', positive, threshold: best.threshold }, value: best.value, argmaxValue: none.argmaxValue };
}

/** Coordinate ascent over per-class log-weights (class 0 fixed at 1: only ratios matter), two sweeps. */
function tuneWeights(probs: Float32Array, k: number, gold: ArrayLike<number>, metric: SelectionMetric, options: DecideOptions, none: TunedDecision): TunedDecision {
  const rows: number[] = [];
  for (let i = 0; i < gold.length; i++) if (gold[i] >= 0) rows.push(i);
  const sub = new Float32Array(rows.length * k);
  const subGold = new Int16Array(rows.length);
  const subKeys = options.keys ? rows.map((i) => options.keys![i]) : rows.map(String);
  rows.forEach((i, r) => {
    sub.set(probs.subarray(i * k, (i + 1) * k), r * k);
    subGold[r] = gold[i];
  });
  const logW = new Array<number>(k).fill(0);
  const evaluate = () => metricValue(metric, subGold, applyDecision(sub, k, { kind: 'weights', weights: logW.map(Math.exp) }, { ...options, keys: subKeys }), k);
  let bestValue = evaluate();
  let bestScore = metricScore(metric, bestValue);
  for (let sweep = 0; sweep < 2; sweep++) {
    let moved = false;
    for (let c = 1; c < k; c++) {
      const kept = logW[c];
      let choice = kept;
      for (const w of LOG_WEIGHTS) {
        if (w === kept) continue;
        logW[c] = w;
        const value = evaluate();
        const score = metricScore(metric, value);
        if (score > bestScore || (score === bestScore && Math.abs(w) < Math.abs(choice))) {
          if (score > bestScore) moved = true;
          bestScore = score;
          bestValue = value;
          choice = w;
        }
      }
      logW[c] = choice;
    }
    if (!moved) break;
  }
  if (logW.every((w) => w === 0) || !(bestScore > metricScore(metric, none.argmaxValue))) return none;
  return { decision: { kind: 'weights', weights: logW.map(Math.exp) }, value: bestValue, argmaxValue: none.argmaxValue };
}

/** Labels predicted on the labelled items fall in one class while the gold labels hold several. */
export function predictsOneClass(labels: ArrayLike<number>, gold: ArrayLike<number>): boolean {
  let predicted = -1;
  let goldClass = -1;
  let goldMixed = false;
  let predictedMixed = false;
  for (let i = 0; i < gold.length; i++) {
    if (gold[i] < 0) continue;
    if (goldClass === -1) goldClass = gold[i];
    else if (gold[i] !== goldClass) goldMixed = true;
    if (predicted === -1) predicted = labels[i];
    else if (labels[i] !== predicted) predictedMixed = true;
  }
  return goldMixed && !predictedMixed;
}
