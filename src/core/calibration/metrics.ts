import { SiftError } from '../errors';

/** Probabilities for n items × k classes, row-major. */
export interface ProbMatrix {
  n: number;
  k: number;
  probs: Float32Array;
}

export interface ReliabilityBin {
  lo: number;
  hi: number;
  count: number;
  /** Mean top-label confidence in the bin. */
  confidence: number;
  /** Share of items in the bin whose top label is right. */
  accuracy: number;
}

export interface CalibrationReport {
  count: number;
  ece: number;
  mce: number;
  brier: number;
  nll: number;
  accuracy: number;
  bins: ReliabilityBin[];
}

export const ECE_BINS = 15;
const EPS = 1e-12;

export function checkProbs(m: ProbMatrix): void {
  if (m.probs.length !== m.n * m.k) throw new SiftError('probs-shape', `Expected ${m.n}×${m.k} probabilities, got ${m.probs.length} values.`);
}

/** Index of the largest probability of row i (first on ties). */
export function argmaxRow(probs: Float32Array, k: number, i: number): number {
  let best = 0;
  let bestValue = -Infinity;
  const base = i * k;
  for (let j = 0; j < k; j++) {
    const v = probs[base + j];
    if (v > bestValue) {
      bestValue = v;
      best = j;
    }
  }
  return best;
}

/**
 * ECE (top-label, equal-width bins), maximum calibration error, Brier score (sum over classes, averaged
 * over items), NLL and accuracy, over the items in `indices` that have a gold label.
 */
export function calibrationReport(m: ProbMatrix, labels: Int16Array, indices: ArrayLike<number>, binCount = ECE_BINS): CalibrationReport {
  checkProbs(m);
  const { k, probs } = m;
  const count = new Float64Array(binCount);
  const confSum = new Float64Array(binCount);
  const correctSum = new Float64Array(binCount);
  let n = 0;
  let brier = 0;
  let nll = 0;
  let correct = 0;
  for (let t = 0; t < indices.length; t++) {
    const i = indices[t];
    const y = labels[i];
    if (y < 0) continue;
    if (y >= k) throw new SiftError('label-range', `Item ${i} has label ${y}, but there are only ${k} classes.`, { itemIndex: i });
    const top = argmaxRow(probs, k, i);
    const confidence = probs[i * k + top];
    const bin = Math.min(binCount - 1, Math.floor(confidence * binCount));
    count[bin]++;
    confSum[bin] += confidence;
    const hit = top === y ? 1 : 0;
    correctSum[bin] += hit;
    correct += hit;
    for (let j = 0; j < k; j++) {
      const d = probs[i * k + j] - (j === y ? 1 : 0);
      brier += d * d;
    }
    nll -= Math.log(Math.max(EPS, probs[i * k + y]));
    n++;
  }
  const bins: ReliabilityBin[] = [];
  let ece = 0;
  let mce = 0;
  for (let b = 0; b < binCount; b++) {
    const c = count[b];
    const bin: ReliabilityBin = { lo: b / binCount, hi: (b + 1) / binCount, count: c, confidence: c ? confSum[b] / c : 0, accuracy: c ? correctSum[b] / c : 0 };
    bins.push(bin);
    if (c === 0) continue;
    const gap = Math.abs(bin.accuracy - bin.confidence);
    ece += (c / n) * gap;
    mce = Math.max(mce, gap);
  }
  return { count: n, ece: n ? ece : NaN, mce: n ? mce : NaN, brier: n ? brier / n : NaN, nll: n ? nll / n : NaN, accuracy: n ? correct / n : NaN, bins };
}
