import { fitIndices } from '../canary';
import { tuneDecision, type Decision } from '../labelmodel/decision';
import type { SelectionMetric } from '../metrics/selection';
import type { Calibrator } from './index';

/**
 * A model's dev-tuned decision (tuned on its raw outputs) for votes made from its calibrated outputs.
 *
 * Temperature scaling maps a row p to p'_c = p_c^β / Σ_j p_j^β (β = 1/T > 0). The normaliser is shared
 * by the row and x ↦ x^β is increasing, so every decision has an exact counterpart and nothing needs
 * tuning again:
 * - argmax: p'_c > p'_j ⇔ p_c > p_j, the same class.
 * - class weights w: p'_c·w_c^β = (p_c·w_c)^β / Σ, so argmax p'·w^β = argmax p·w: weights w^β.
 * - a threshold t on p(positive) with two classes: p' = p^β / (p^β + (1−p)^β) is strictly increasing in
 *   p, so p > t ⇔ p' > t' = t^β / (t^β + (1−t)^β). The threshold itself moves (t' ≠ t unless T = 1 or
 *   t = ½): voting by t on calibrated outputs would be wrong, voting by argmax loses the decision.
 * Re-tuning on temperature-scaled dev outputs would find the same split of the dev items but put the
 * boundary elsewhere between them (and weights off the tuning grid), so items between two dev values
 * could change class; the restated decision labels every item as the raw decision does (up to float32
 * rounding at the boundary and the 1e-12 floor temperature scaling puts under probabilities).
 *
 * Histogram binning has no counterpart: the top class's probability becomes its bin's dev accuracy and
 * the other classes share the rest, so the top class can change (a binary item in a bin right less than
 * half the time flips) and p' is not monotone in p across items. There the decision is tuned again on
 * the calibrated dev outputs, by the same code and metric as the student's.
 */
export type CalibratedDecisionHow = 'unchanged' | 'restated' | 'retuned';

export interface CalibratedDecision {
  decision: Decision;
  how: CalibratedDecisionHow;
}

/** Weights below this (relative to the largest) are kept at it: a stored weight must stay positive. */
const MIN_WEIGHT = 1e-30;

/** `decision` restated for softmax(log p / T): it picks on the scaled outputs the class it picked on p. */
export function decisionUnderTemperature(decision: Decision, temperature: number): Decision {
  const beta = 1 / temperature;
  if (decision.kind === 'argmax') return decision;
  if (decision.kind === 'threshold') {
    const t = decision.threshold;
    const threshold = t <= 0 ? 0 : t >= 1 ? 1 : 1 / (1 + Math.exp(beta * (Math.log1p(-t) - Math.log(t))));
    return { kind: 'threshold', positive: decision.positive, threshold };
  }
  // In logs, scaled so the largest is 1: w^β overflows for a small T while only the ratios matter.
  const logs = decision.weights.map((w) => beta * Math.log(w));
  const top = Math.max(...logs);
  return { kind: 'weights', weights: logs.map((l) => Math.max(MIN_WEIGHT, Math.exp(l - top))) };
}

/**
 * The decision the calibrated outputs vote by, from the raw outputs' `decision`: restated exactly for a
 * temperature, kept without a calibrator, tuned again (`retune`, on the calibrated dev outputs) after
 * histogram binning.
 */
export function decisionAfterCalibration(decision: Decision, calibrator: Calibrator, retune: () => Decision): CalibratedDecision {
  if (calibrator.method === 'none') return { decision, how: 'unchanged' };
  if (calibrator.method === 'temperature') return decision.kind === 'argmax' ? { decision, how: 'unchanged' } : { decision: decisionUnderTemperature(decision, calibrator.temperature), how: 'restated' };
  return { decision: retune(), how: 'retuned' };
}

/**
 * The decision tuned on calibrated outputs (n×k) over the labelled dev items (through the canary guard),
 * leaving out `exclude` (dev items the model trained on, which its own tuning left out too).
 */
export function tuneOnDev(calibrated: Float32Array, k: number, labels: ArrayLike<number>, splits: Uint8Array, metric: SelectionMetric, exclude: Iterable<number> = []): Decision {
  const skip = new Set(exclude);
  const rows = Array.from(fitIndices(splits, 'threshold-fitting', 'dev')).filter((i) => labels[i] >= 0 && !skip.has(i));
  const probs = new Float32Array(rows.length * k);
  rows.forEach((i, r) => probs.set(calibrated.subarray(i * k, (i + 1) * k), r * k));
  return tuneDecision(probs, k, Int16Array.from(rows, (i) => labels[i]), metric).decision;
}
