import { SiftError } from '../errors';
import { argmaxRow, type ProbMatrix } from './metrics';

export interface HistogramCalibrator {
  edges: number[];
  /** Calibrated top-label confidence per bin. */
  values: number[];
}

/**
 * Top-label histogram binning: the top class's probability becomes the dev accuracy of its confidence
 * bin (equal-mass bins, so each holds enough items; smoothed toward the bin's mean confidence with a
 * pseudo-count so a bin with few items cannot jump to 0 or 1). Other classes share the rest in proportion.
 */
export function fitHistogram(m: ProbMatrix, labels: Int16Array, indices: ArrayLike<number>, binCount = 15, pseudoCount = 2): HistogramCalibrator {
  const { k, probs } = m;
  const pairs: { confidence: number; hit: number }[] = [];
  for (let t = 0; t < indices.length; t++) {
    const i = indices[t];
    const y = labels[i];
    if (y < 0) continue;
    const top = argmaxRow(probs, k, i);
    pairs.push({ confidence: probs[i * k + top], hit: top === y ? 1 : 0 });
  }
  if (pairs.length === 0) throw new SiftError('calibration-no-labels', 'Calibration needs labeled dev items; none of the given items has a label.');
  pairs.sort((a, b) => a.confidence - b.confidence);
  const bins = Math.max(1, Math.min(binCount, Math.floor(pairs.length / 5)));
  const edges: number[] = [];
  const values: number[] = [];
  for (let b = 0; b < bins; b++) {
    const start = Math.floor((b * pairs.length) / bins);
    const end = Math.floor(((b + 1) * pairs.length) / bins);
    let hits = 0;
    let conf = 0;
    for (let p = start; p < end; p++) {
      hits += pairs[p].hit;
      conf += pairs[p].confidence;
    }
    const count = end - start;
    const meanConf = conf / count;
    values.push((hits + pseudoCount * meanConf) / (count + pseudoCount));
    if (b > 0) edges.push(pairs[start].confidence);
  }
  return { edges, values };
}

export function applyHistogram(m: ProbMatrix, calibrator: HistogramCalibrator): Float32Array {
  const { n, k, probs } = m;
  const out = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    const top = argmaxRow(probs, k, i);
    const p = probs[i * k + top];
    let b = 0;
    while (b < calibrator.edges.length && p >= calibrator.edges[b]) b++;
    const a = calibrator.values[b];
    const rest = 1 - p;
    for (let j = 0; j < k; j++) {
      out[i * k + j] = j === top ? a : rest > 0 ? (probs[i * k + j] * (1 - a)) / rest : (1 - a) / (k - 1);
    }
  }
  return out;
}
