import { calibrationReport } from '../calibration/metrics';
import { classificationReport } from '../metrics/classification';
import { NO_LABEL, Split } from '../types';
import type { CanaryMetrics } from './types';

/** Top class of each row of an n×k probability matrix. */
export function argmaxLabels(probs: Float32Array, k: number): Int16Array {
  const n = probs.length / k;
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (probs[i * k + j] > probs[i * k + best]) best = j;
    out[i] = best;
  }
  return out;
}

/**
 * Canary metrics of a model's labels and probabilities against the human labels of canary items.
 * Null when no canary item has a human label: there is nothing to measure against.
 */
export function canaryMetrics(gold: Int16Array, splits: Uint8Array, predicted: Int16Array, probs: Float32Array, k: number, probabilities: CanaryMetrics['probabilities']): CanaryMetrics | null {
  const canary: number[] = [];
  for (let i = 0; i < gold.length; i++) if (splits[i] === Split.canary && gold[i] !== NO_LABEL) canary.push(i);
  if (canary.length === 0) return null;
  const g = Int16Array.from(canary, (i) => gold[i]);
  const p = Int16Array.from(canary, (i) => predicted[i]);
  const report = classificationReport(g, p, k);
  const calibration = calibrationReport({ n: gold.length, k, probs }, gold, canary);
  return { count: canary.length, accuracy: report.accuracy, macroF1: report.macroF1, perClassF1: Array.from(report.f1), ece: calibration.ece, probabilities };
}
