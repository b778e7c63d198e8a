import { SiftError } from '../errors';
import type { LabeledVotes } from './types';

/**
 * Observed counts of the items whose class is known in the fitted split (review answers): how many of
 * them a source voted v on while their class is c, and how many are of class c. The EM methods add
 * these to their expected counts as items whose posterior is the one-hot label (clamped), so the
 * answers move the source estimates; they never enter the class balance.
 */
export interface ClampedCounts {
  /** (source · k + vote) × width + class, the E-step's layout. */
  voteClass: Float64Array;
  /** Per class (padded to width). */
  classTotal: Float64Array;
  /** Labelled items counted. */
  items: number;
}

/**
 * Null when there is nothing to clamp, so fits without answers run exactly the code they ran before.
 * `skipUncovered` leaves out items without a vote (as the EM does when abstentions are ignored).
 */
export function clampedCounts(clamped: LabeledVotes | undefined, m: number, k: number, width: number, skipUncovered = false): ClampedCounts | null {
  if (!clamped || clamped.matrix.n === 0) return null;
  const { matrix, labels } = clamped;
  if (matrix.m !== m || matrix.k !== k) throw new SiftError('labelmodel/shape', `The reviewed items' votes have ${matrix.m} sources × ${matrix.k} classes, the fitted votes ${m} × ${k}.`, {});
  const voteClass = new Float64Array(m * k * width);
  const classTotal = new Float64Array(width);
  let items = 0;
  for (let i = 0; i < matrix.n; i++) {
    const c = labels[i];
    if (c < 0 || c >= k) continue;
    const row = matrix.votes.subarray(i * m, (i + 1) * m);
    if (skipUncovered && row.every((v) => v < 0)) continue;
    classTotal[c]++;
    items++;
    for (let j = 0; j < m; j++) if (row[j] >= 0) voteClass[(j * k + row[j]) * width + c]++;
  }
  return items > 0 ? { voteClass, classTotal, items } : null;
}

/** Adds the clamped items' counts to expected counts in the same layout. */
export function addClamped(voteClass: Float64Array, classTotal: Float64Array, counts: ClampedCounts): void {
  for (let i = 0; i < counts.voteClass.length; i++) voteClass[i] += counts.voteClass[i];
  for (let c = 0; c < counts.classTotal.length; c++) classTotal[c] += counts.classTotal[c];
}
