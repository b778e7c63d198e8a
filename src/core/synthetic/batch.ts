// A synthetic batch's record and the two rules that decide what training does with it: whether the
// batch may enter training (the user's acceptance criteria, or an explicit override), and the weight
// each item carries so every class keeps its real frequency once exemplars are added.
import { SiftError } from '../errors';

/** Tables: SMOTE or the copula; texts and images: augmentation (token dropout and swaps; flips, shifts, rotations, noise). */
export type SyntheticMethod = 'smote' | 'copula' | 'augment';

/** What the user asks of a batch before it may train anything. null = no limit on that score. */
export interface AcceptanceCriteria {
  /** Fidelity quality (mean of column shapes and pair trends), 0–1, at least this. */
  minQuality: number | null;
  /** Detection ROC AUC (0.5 = indistinguishable from real), at most this. */
  maxDetectionAuc: number | null;
}

/**
 * Chosen before any batch was scored, from the scales themselves: quality 0.8 is SDMetrics' usual
 * "good" band, and an AUC of 0.8 means a linear model already separates the sets most of the time.
 */
export const DEFAULT_CRITERIA: AcceptanceCriteria = { minQuality: 0.8, maxDetectionAuc: 0.8 };

export type BatchDecision =
  | { status: 'pending' }
  | { status: 'accepted'; at: number; criteria: AcceptanceCriteria }
  | { status: 'overridden'; at: number; criteria: AcceptanceCriteria; reason: string; failures: string[] }
  | { status: 'rejected'; at: number };

export interface BatchScores {
  quality: number | null;
  detectionAuc: number | null;
}

export interface SyntheticBatch {
  /** 1, 2, …: the value of the `synthetic` column on this batch's items (0 = a real item). */
  number: number;
  createdAt: number;
  method: SyntheticMethod;
  seed: number;
  /** Class index the exemplars belong to. */
  classIndex: number;
  count: number;
  /** Dataset-wide index of the batch's first item; its items are contiguous. */
  start: number;
  /** Real train rows of the class the exemplars were made from. */
  realRows: number;
  /** Image augmentation: the transforms the batch was drawn with (core/synthetic ImageAugmentOptions). */
  transforms?: { flipChance: number; maxShift: number; maxDegrees: number; noise: number };
  scores: BatchScores;
  /** The full fidelity report (core/fidelity FidelityReport), kept for the report view. */
  report: unknown;
  decision: BatchDecision;
}

/** Every criterion the scores fail, each as a sentence; empty when the batch passes. */
export function acceptanceFailures(scores: BatchScores, criteria: AcceptanceCriteria): string[] {
  const failures: string[] = [];
  if (criteria.minQuality !== null) {
    if (scores.quality === null) failures.push('quality could not be computed (no column both sets share)');
    else if (scores.quality < criteria.minQuality) failures.push(`quality ${scores.quality.toFixed(3)} is below ${criteria.minQuality}`);
  }
  if (criteria.maxDetectionAuc !== null) {
    if (scores.detectionAuc === null) failures.push('detection AUC could not be computed');
    else if (scores.detectionAuc > criteria.maxDetectionAuc) failures.push(`detection AUC ${scores.detectionAuc.toFixed(3)} is above ${criteria.maxDetectionAuc}`);
  }
  return failures;
}

export function checkCriteria(criteria: AcceptanceCriteria): void {
  const { minQuality, maxDetectionAuc } = criteria;
  if (minQuality !== null && !(minQuality >= 0 && minQuality <= 1)) throw new SiftError('synthetic/criteria', `Minimum quality must be between 0 and 1; got ${minQuality}.`);
  if (maxDetectionAuc !== null && !(maxDetectionAuc >= 0 && maxDetectionAuc <= 1)) throw new SiftError('synthetic/criteria', `Maximum detection AUC must be between 0 and 1; got ${maxDetectionAuc}.`);
}

export const entersTraining = (batch: SyntheticBatch) => batch.decision.status === 'accepted' || batch.decision.status === 'overridden';

/**
 * Per-item training weights. Items of batches that are not accepted weigh 0 (they never train). Within
 * a class with accepted exemplars every item, real or synthetic, weighs n_real / (n_real + n_synthetic),
 * so the class's total weight stays its real count; classes without exemplars weigh 1.
 * `synthetic[i]` is the batch number of item i (0 = real); `labels[i]` its class (< 0 = none).
 */
export function trainingWeights(labels: ArrayLike<number>, synthetic: Uint8Array, batches: readonly SyntheticBatch[]): Float32Array {
  if (labels.length !== synthetic.length) throw new SiftError('synthetic/weights', `${labels.length} labels for ${synthetic.length} synthetic marks.`);
  const accepted = new Set(batches.filter(entersTraining).map((b) => b.number));
  const real = new Map<number, number>();
  const added = new Map<number, number>();
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (label < 0) continue;
    if (synthetic[i] === 0) real.set(label, (real.get(label) ?? 0) + 1);
    else if (accepted.has(synthetic[i])) added.set(label, (added.get(label) ?? 0) + 1);
  }
  const weights = new Float32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    if (synthetic[i] !== 0 && !accepted.has(synthetic[i])) continue;
    const label = labels[i];
    const extra = label >= 0 ? (added.get(label) ?? 0) : 0;
    weights[i] = extra === 0 ? 1 : (real.get(label) ?? 0) / ((real.get(label) ?? 0) + extra);
  }
  return weights;
}
