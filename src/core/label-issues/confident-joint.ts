import { labelCounts, type LabeledProbs } from './types';
import { roundPreservingRowTotals } from './rounding';

// cleanlab.internal.constants
const FLOATING_POINT_COMPARISON = 1e-6;
const CONFIDENT_THRESHOLDS_LOWER_BOUND = 2 * FLOATING_POINT_COMPARISON;
const TINY_VALUE = 1e-100;
/** A class nobody was given: no probability reaches it, so no item is counted into it. */
const MISSING_CLASS_THRESHOLD = 2;

/** Per-class threshold t_k = mean p_k over items given class k (the class's average self-confidence). */
export function confidentThresholds(input: LabeledProbs): number[] {
  const { n, k, probs, labels } = input;
  const sums = new Array<number>(k).fill(0);
  const counts = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) {
    const label = labels[i];
    sums[label] += probs[i * k + label];
    counts[label]++;
  }
  return sums.map((s, j) => Math.max(counts[j] > 0 ? s / counts[j] : MISSING_CLASS_THRESHOLD, CONFIDENT_THRESHOLDS_LOWER_BOUND));
}

export interface ConfidentJoint {
  /** `joint[given][guessedTrue]`, counts (calibrated unless asked otherwise). */
  joint: number[][];
  thresholds: number[];
  /** Per item: the class it is confidently counted into, or -1 when no probability reaches its class's threshold. */
  guess: Int32Array;
}

/**
 * cleanlab 2.x `count.compute_confident_joint`: an item is counted into class j when p_j ≥ t_j (the
 * largest such p when several qualify); the diagonal is raised to at least 1; with `calibrate` the
 * rows are rescaled to the given-label counts and the whole to n, then rounded keeping row totals.
 */
export function computeConfidentJoint(input: LabeledProbs, options: { calibrate?: boolean; thresholds?: number[] } = {}): ConfidentJoint {
  const { n, k, probs, labels } = input;
  const thresholds = options.thresholds ?? confidentThresholds(input);
  const joint = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const guess = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const row = i * k;
    let confident = 0;
    let firstConfident = -1;
    let argmax = 0;
    for (let j = 0; j < k; j++) {
      const p = probs[row + j];
      if (p >= thresholds[j] - FLOATING_POINT_COMPARISON) {
        confident++;
        if (firstConfident < 0) firstConfident = j;
      }
      if (p > probs[row + argmax]) argmax = j;
    }
    const g = confident === 0 ? -1 : confident > 1 ? argmax : firstConfident;
    guess[i] = g;
    if (g >= 0) joint[labels[i]][g]++;
  }
  for (let j = 0; j < k; j++) joint[j][j] = Math.max(joint[j][j], 1);
  return { joint: options.calibrate === false ? joint : calibrateConfidentJoint(joint, labelCounts(input)), thresholds, guess };
}

/** cleanlab's `calibrate_confident_joint`: row sums become the given-label counts, the total becomes n. */
export function calibrateConfidentJoint(joint: readonly (readonly number[])[], counts: readonly number[]): number[][] {
  const scaled = joint.map((row, i) => {
    const rowSum = Math.max(row.reduce((a, b) => a + b, 0), TINY_VALUE);
    return row.map((v) => (v / rowSum) * counts[i]);
  });
  const total = Math.max(
    scaled.reduce((a, row) => a + row.reduce((b, v) => b + v, 0), 0),
    TINY_VALUE,
  );
  const n = counts.reduce((a, b) => a + b, 0);
  return roundPreservingRowTotals(scaled.map((row) => row.map((v) => (v / total) * n)));
}
