import { SiftError } from '../errors';

/**
 * Classification metrics over typed arrays. Items whose gold label is < 0 (unlabeled) are skipped;
 * a predicted label < 0 (an abstention) counts as wrong, so abstaining never raises accuracy.
 */

export interface ClassScores {
  precision: Float64Array;
  recall: Float64Array;
  f1: Float64Array;
  /** Gold items per class. */
  support: Int32Array;
}

export interface ClassificationReport extends ClassScores {
  /** Gold-labeled items counted. */
  count: number;
  accuracy: number;
  macroF1: number;
  /** F1 of class 1 when there are exactly two classes, else null. */
  binaryF1: number | null;
  /** k×k, row = gold, column = predicted; abstentions are not in it (they are count − Σ). */
  confusion: Int32Array;
}

function checkLengths(gold: ArrayLike<number>, predicted: ArrayLike<number>): void {
  if (gold.length !== predicted.length) {
    throw new SiftError('metrics/length', `There are ${gold.length} gold labels and ${predicted.length} predictions; they must match.`);
  }
}

/** Row = gold class, column = predicted class. */
export function confusionMatrix(gold: ArrayLike<number>, predicted: ArrayLike<number>, k: number): Int32Array {
  checkLengths(gold, predicted);
  const confusion = new Int32Array(k * k);
  for (let i = 0; i < gold.length; i++) {
    const g = gold[i];
    const p = predicted[i];
    if (g >= 0 && g < k && p >= 0 && p < k) confusion[g * k + p]++;
  }
  return confusion;
}

export function accuracy(gold: ArrayLike<number>, predicted: ArrayLike<number>): number {
  checkLengths(gold, predicted);
  let counted = 0;
  let right = 0;
  for (let i = 0; i < gold.length; i++) {
    if (gold[i] < 0) continue;
    counted++;
    if (predicted[i] === gold[i]) right++;
  }
  return counted > 0 ? right / counted : NaN;
}

/** Per-class precision, recall and F1 from a confusion matrix; 0 where a ratio is 0/0 (sklearn's zero_division=0). */
export function classScores(confusion: Int32Array, k: number, goldCounts?: Int32Array): ClassScores {
  const precision = new Float64Array(k);
  const recall = new Float64Array(k);
  const f1 = new Float64Array(k);
  const support = new Int32Array(k);
  for (let c = 0; c < k; c++) {
    let predictedC = 0;
    let goldC = 0;
    for (let o = 0; o < k; o++) {
      predictedC += confusion[o * k + c];
      goldC += confusion[c * k + o];
    }
    // Gold items predicted as abstain still count in recall's denominator.
    if (goldCounts) goldC = goldCounts[c];
    const hit = confusion[c * k + c];
    support[c] = goldC;
    precision[c] = predictedC > 0 ? hit / predictedC : 0;
    recall[c] = goldC > 0 ? hit / goldC : 0;
    f1[c] = precision[c] + recall[c] > 0 ? (2 * precision[c] * recall[c]) / (precision[c] + recall[c]) : 0;
  }
  return { precision, recall, f1, support };
}

/** Mean F1 over the classes that occur in gold or in the predictions (as sklearn's macro average). */
export function macroF1(scores: ClassScores, confusion: Int32Array, k: number): number {
  let sum = 0;
  let classes = 0;
  for (let c = 0; c < k; c++) {
    let predictedC = 0;
    for (let o = 0; o < k; o++) predictedC += confusion[o * k + c];
    if (scores.support[c] === 0 && predictedC === 0) continue;
    sum += scores.f1[c];
    classes++;
  }
  return classes > 0 ? sum / classes : NaN;
}

export function classificationReport(gold: ArrayLike<number>, predicted: ArrayLike<number>, k: number): ClassificationReport {
  const confusion = confusionMatrix(gold, predicted, k);
  const goldCounts = new Int32Array(k);
  let count = 0;
  for (let i = 0; i < gold.length; i++) {
    const g = gold[i];
    if (g < 0) continue;
    if (g >= k) throw new SiftError('metrics/label', `Gold label ${g} of item ${i} is not one of the ${k} classes.`, { item: i, label: g });
    goldCounts[g]++;
    count++;
  }
  const scores = classScores(confusion, k, goldCounts);
  return {
    ...scores,
    count,
    accuracy: accuracy(gold, predicted),
    macroF1: macroF1(scores, confusion, k),
    binaryF1: k === 2 ? scores.f1[1] : null,
    confusion,
  };
}

/** Share of items with at least one vote. */
export function coverage(covered: Uint8Array): number {
  let hit = 0;
  for (let i = 0; i < covered.length; i++) hit += covered[i] ? 1 : 0;
  return covered.length > 0 ? hit / covered.length : NaN;
}
