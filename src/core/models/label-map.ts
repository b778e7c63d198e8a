/**
 * A teacher's label names mapped onto a dataset's classes, and its outputs turned into what a label
 * source stores: per-item probabilities over the dataset's classes (n×k) and an argmax vote.
 *
 * `map[j]` is the dataset class index of the teacher's label j, or -1 when it maps to none. Several
 * teacher labels may map to one class (their probabilities add up). A dataset class no teacher label
 * maps to gets probability 0.
 */
import { SiftError } from '../errors';
import { applyDecision, type Decision } from '../labelmodel/decision';
import { NO_LABEL } from '../types';

export type LabelMap = number[];

const normalize = (name: string) => name.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
/** Hugging Face's placeholder names when a model was exported without id2label. */
const GENERIC = /^label_?(\d+)$/i;

/**
 * The mapping a user would most likely choose: same name (ignoring case, spaces and punctuation), else
 * Hugging Face placeholders LABEL_i → class i when both sides have the same number of labels.
 */
export function suggestLabelMap(teacherLabels: readonly string[], classNames: readonly string[]): LabelMap {
  const byName = new Map<string, number>();
  classNames.forEach((name, c) => {
    const key = normalize(name);
    if (key && !byName.has(key)) byName.set(key, c);
  });
  const genericCount = teacherLabels.length === classNames.length;
  return teacherLabels.map((label) => {
    const named = byName.get(normalize(label));
    if (named !== undefined) return named;
    const generic = GENERIC.exec(label.trim());
    if (generic && genericCount) {
      const index = Number(generic[1]);
      if (index < classNames.length) return index;
    }
    return NO_LABEL;
  });
}

/** Throws a SiftError unless `map` is usable: one entry per teacher label, valid class indices, at least one mapped. */
export function checkLabelMap(map: readonly number[], teacherLabels: readonly string[], classNames: readonly string[], teacherName = 'the teacher'): void {
  if (map.length !== teacherLabels.length)
    throw new SiftError('label-map-size', `The mapping does not fit ${teacherName}: it has ${teacherLabels.length} labels (${teacherLabels.join(', ')}), but the mapping gives ${map.length} entries`, { expected: teacherLabels.length, got: map.length });
  map.forEach((c, j) => {
    if (!Number.isInteger(c) || c < NO_LABEL || c >= classNames.length)
      throw new SiftError('label-map-class', `The teacher label '${teacherLabels[j]}' is mapped to class ${c}, but this dataset has classes 0–${classNames.length - 1} (${classNames.join(', ')})`, { label: teacherLabels[j], class: c });
  });
  if (!map.some((c) => c !== NO_LABEL))
    throw new SiftError(
      'labels-unmapped',
      `None of the labels of ${teacherName} (${teacherLabels.join(', ')}) matches a class of this dataset (${classNames.join(', ')}). Map at least one of its labels to a class by hand.`,
      { teacherLabels: [...teacherLabels], classes: [...classNames] },
    );
}

/** Softmax of each row of an n×width matrix, in place (stable: the row maximum is subtracted first). */
export function softmaxRowsInPlace(values: Float32Array, width: number): Float32Array {
  for (let at = 0; at < values.length; at += width) {
    let max = -Infinity;
    for (let j = 0; j < width; j++) if (values[at + j] > max) max = values[at + j];
    let sum = 0;
    for (let j = 0; j < width; j++) {
      const e = Math.exp(values[at + j] - max);
      values[at + j] = e;
      sum += e;
    }
    for (let j = 0; j < width; j++) values[at + j] /= sum;
  }
  return values;
}

/**
 * Teacher probabilities (n×L, rows over the teacher's labels) → dataset-class probabilities (n×k) and
 * votes. A class's probability is the sum over the teacher labels mapped to it, renormalised over the
 * mapped labels so that rows sum to 1 whenever any mapped label has mass. The vote is the class with
 * the most mass; it abstains (-1) when the unmapped labels together are more likely than that class
 * (the teacher says "none of these"), or when the class's probability is below `threshold`.
 * With a card's `decision` (an exported student's dev-tuned threshold or class weights over its own
 * labels) the vote is the teacher label that decision picks, mapped; an unmapped pick abstains.
 */
export function mapTeacherOutputs(
  teacherProbs: Float32Array,
  map: readonly number[],
  k: number,
  threshold: number | null,
  probsOut: Float32Array,
  votesOut: Int8Array,
  decision?: Decision,
): void {
  const width = map.length;
  const n = teacherProbs.length / width;
  if (!Number.isInteger(n)) throw new RangeError(`mapTeacherOutputs: ${teacherProbs.length} values is not a multiple of ${width} labels`);
  if (probsOut.length < n * k || votesOut.length < n) throw new RangeError('mapTeacherOutputs: output arrays too short');
  const decided = decision && decision.kind !== 'argmax' ? applyDecision(teacherProbs, width, decision) : null;
  for (let i = 0; i < n; i++) {
    const row = i * width;
    const out = i * k;
    for (let c = 0; c < k; c++) probsOut[out + c] = 0;
    let mass = 0;
    let unmapped = 0;
    for (let j = 0; j < width; j++) {
      const p = teacherProbs[row + j];
      if (map[j] === NO_LABEL) unmapped += p;
      else {
        probsOut[out + map[j]] += p;
        mass += p;
      }
    }
    if (decided) {
      if (mass > 0) for (let c = 0; c < k; c++) probsOut[out + c] /= mass;
      const vote = map[decided[i]];
      votesOut[i] = mass <= 0 || vote === NO_LABEL || (threshold !== null && probsOut[out + vote] < threshold) ? NO_LABEL : vote;
      continue;
    }
    let top = 0;
    for (let c = 1; c < k; c++) if (probsOut[out + c] > probsOut[out + top]) top = c;
    const topMass = probsOut[out + top];
    if (mass > 0) for (let c = 0; c < k; c++) probsOut[out + c] /= mass;
    const abstain = topMass <= 0 || unmapped > topMass || (threshold !== null && probsOut[out + top] < threshold);
    votesOut[i] = abstain ? NO_LABEL : top;
  }
}

/**
 * A teacher's decision over its own labels restated over the dataset's classes, for votes recomputed from
 * stored class probabilities; null when there is none or the map is not one label per class (merged or
 * unmapped labels: the stored probabilities no longer hold what the decision compared).
 */
export function decisionOverClasses(decision: Decision | undefined, map: readonly number[] | undefined, k: number): Decision | null {
  if (!decision || decision.kind === 'argmax' || !map || map.length !== k || new Set(map).size !== k || map.some((c) => c < 0 || c >= k)) return null;
  if (decision.kind === 'threshold') return { kind: 'threshold', positive: map[decision.positive], threshold: decision.threshold };
  const weights = new Array<number>(k);
  map.forEach((c, j) => (weights[c] = decision.weights[j]));
  return { kind: 'weights', weights };
}

/** Votes from stored class probabilities (n×k): argmax (or `decision`'s class), -1 below `threshold` or for an all-zero row. */
export function votesFromProbs(probs: Float32Array, k: number, threshold: number | null, votesOut: Int8Array, decision?: Decision | null): void {
  const n = probs.length / k;
  const decided = decision && decision.kind !== 'argmax' ? applyDecision(probs, k, decision) : null;
  for (let i = 0; i < n; i++) {
    let top = 0;
    for (let c = 1; c < k; c++) if (probs[i * k + c] > probs[i * k + top]) top = c;
    if (decided) {
      const p = probs[i * k + decided[i]];
      votesOut[i] = probs[i * k + top] <= 0 || (threshold !== null && p < threshold) ? NO_LABEL : decided[i];
      continue;
    }
    const p = probs[i * k + top];
    votesOut[i] = p <= 0 || (threshold !== null && p < threshold) ? NO_LABEL : top;
  }
}

/** How often votes agree with human labels where both exist (accuracy of the teacher on labeled items). */
export function agreement(votes: Int8Array, labels: Int16Array): { labeled: number; voted: number; correct: number; accuracy: number | null; coverage: number | null } {
  let labeled = 0;
  let voted = 0;
  let correct = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === NO_LABEL) continue;
    labeled++;
    if (votes[i] === NO_LABEL) continue;
    voted++;
    if (votes[i] === labels[i]) correct++;
  }
  return { labeled, voted, correct, accuracy: voted ? correct / voted : null, coverage: labeled ? voted / labeled : null };
}
