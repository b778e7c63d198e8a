import { assertNoCanary } from '../canary';
import { SiftError } from '../errors';

/**
 * Per-class confidence thresholds for accepting pseudo-labels: set by hand, or chosen on dev labels so
 * that the accepted items of each class reach a target precision. Dev rows come through the canary
 * guard ('threshold-fitting'); canary items can never shape a threshold.
 */
export interface ClassThreshold {
  /** Accept an item predicted as this class when its (calibrated) confidence is ≥ threshold. */
  threshold: number;
  /** On the dev items used: precision and count of the predictions the threshold accepts (NaN / 0 when none). */
  devPrecision: number;
  devAccepted: number;
  /** False when no threshold reached the target: the class accepts nothing. */
  reached: boolean;
}

/** Above any probability: the class accepts nothing. */
export const ACCEPT_NONE = 1.000001;

export function manualThresholds(values: readonly number[], k: number): number[] {
  if (values.length !== k) throw new SiftError('student/thresholds', `Give one threshold per class: ${k} classes, ${values.length} thresholds.`);
  values.forEach((t, c) => {
    if (!(t >= 0 && t <= 1)) throw new SiftError('student/thresholds', `The threshold of class ${c} must lie between 0 and 1; got ${t}.`, { classIndex: c });
  });
  return [...values];
}

/**
 * For each class c: among dev items predicted c, sorted by confidence descending, the lowest confidence
 * whose accepted set (everything at or above it) has precision ≥ `target`, counting at least `minCount`
 * items. Lowest, so the class accepts as many pool items as the target allows.
 */
export function thresholdsForPrecision(
  probs: Float32Array,
  k: number,
  labels: ArrayLike<number>,
  devRows: ArrayLike<number>,
  splits: Uint8Array,
  target: number,
  minCount = 3,
): ClassThreshold[] {
  if (!(target > 0 && target <= 1)) throw new SiftError('student/thresholds', `The target precision must lie in (0, 1]; got ${target}.`);
  assertNoCanary(splits, devRows, 'threshold-fitting');
  const byClass: { confidence: number; hit: number }[][] = Array.from({ length: k }, () => []);
  for (let t = 0; t < devRows.length; t++) {
    const i = devRows[t];
    const y = labels[i];
    if (y < 0) continue;
    let top = 0;
    for (let c = 1; c < k; c++) if (probs[i * k + c] > probs[i * k + top]) top = c;
    byClass[top].push({ confidence: probs[i * k + top], hit: top === y ? 1 : 0 });
  }
  return byClass.map((items) => {
    items.sort((a, b) => b.confidence - a.confidence);
    let hits = 0;
    let chosen: ClassThreshold = { threshold: ACCEPT_NONE, devPrecision: NaN, devAccepted: 0, reached: false };
    for (let r = 0; r < items.length; r++) {
      hits += items[r].hit;
      // Only cut between distinct confidences: an item tied with an accepted one is accepted too.
      if (r + 1 < items.length && items[r + 1].confidence === items[r].confidence) continue;
      const precision = hits / (r + 1);
      if (r + 1 >= minCount && precision >= target) chosen = { threshold: items[r].confidence, devPrecision: precision, devAccepted: r + 1, reached: true };
    }
    return chosen;
  });
}

/** Pool items whose top class's probability reaches that class's threshold; with their labels. */
export function acceptByThreshold(probs: Float32Array, k: number, rows: ArrayLike<number>, thresholds: readonly number[]): { rows: Uint32Array; labels: Int16Array; perClass: Int32Array } {
  const accepted: number[] = [];
  const labels: number[] = [];
  const perClass = new Int32Array(k);
  for (let t = 0; t < rows.length; t++) {
    const i = rows[t];
    let top = 0;
    for (let c = 1; c < k; c++) if (probs[i * k + c] > probs[i * k + top]) top = c;
    if (probs[i * k + top] >= thresholds[top]) {
      accepted.push(i);
      labels.push(top);
      perClass[top]++;
    }
  }
  return { rows: Uint32Array.from(accepted), labels: Int16Array.from(labels), perClass };
}

/** Precision targets the app's default pseudo-label rule tries each round, keeping the one whose student scores best on dev by the dataset's metric. */
export const METRIC_RULE_TARGETS = [0.8, 0.9, 0.95];
