import { SiftError } from '../errors';
import { mulberry32, shuffleInPlace } from '../random';
import { findLabelIssues } from './find';
import { labelQualityScores } from './rank';
import type { LabeledProbs } from './types';

/**
 * Fold of each row for k-fold cross-validation, stratified like scikit-learn's StratifiedKFold
 * (shuffled with a seed, then dealt round-robin per class), so each fold sees every class in about its
 * share. Out-of-fold probabilities are what confident learning needs: a model never judges the labels
 * it was fitted on.
 */
export function stratifiedFolds(labels: ArrayLike<number>, folds: number, seed: number): Uint8Array {
  if (!Number.isInteger(folds) || folds < 2 || folds > 20) throw new SiftError('label-issues/folds', `Use 2 to 20 folds; got ${folds}.`);
  if (labels.length < folds * 2) throw new SiftError('label-issues/too-few', `${folds}-fold checking needs at least ${folds * 2} labelled items; there are ${labels.length}.`);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const list = byClass.get(labels[i]) ?? [];
    list.push(i);
    byClass.set(labels[i], list);
  }
  if (byClass.size < 2) throw new SiftError('label-issues/one-class', 'All labelled items have the same class: there is nothing to tell a label error from.');
  const random = mulberry32(seed ^ 0x1ab3);
  const fold = new Uint8Array(labels.length);
  let next = 0;
  for (const c of [...byClass.keys()].sort((a, b) => a - b)) {
    const members = shuffleInPlace(Uint32Array.from(byClass.get(c)!), random);
    // Continue the deal where the previous class stopped, so small classes do not all land in fold 0.
    for (const i of members) fold[i] = next++ % folds;
  }
  return fold;
}

export interface IssueRow {
  /** The row's item (dataset position). */
  item: number;
  given: number;
  /** The class the out-of-fold model finds most likely. */
  suggested: number;
  selfConfidence: number;
  normalizedMargin: number;
  /** Flagged by cleanlab's default rule (prune by noise rate). */
  flagged: boolean;
}

export interface IssueReport {
  rows: IssueRow[];
  /** Calibrated confident joint, `[given][true]`. */
  confidentJoint: number[][];
  flagged: number;
  checked: number;
}

/**
 * Label issues of `items` (row-aligned with `input`): every row's scores, most likely error first (by
 * self-confidence), flagged rows first of all; `limit` keeps the report to the rows a person can look at.
 */
export function issueReport(input: LabeledProbs, items: ArrayLike<number>, limit = Infinity): IssueReport {
  if (items.length !== input.n) throw new SiftError('label-issues/shape', `${items.length} items for ${input.n} rows.`);
  const { k, probs, labels } = input;
  const issues = findLabelIssues(input);
  const self = labelQualityScores(input, 'self_confidence');
  const margin = labelQualityScores(input, 'normalized_margin');
  const order = Array.from({ length: input.n }, (_, i) => i).sort((a, b) => issues.mask[b] - issues.mask[a] || self[a] - self[b] || a - b);
  const rows = order.slice(0, Math.min(limit, order.length)).map((i) => {
    let suggested = 0;
    for (let j = 1; j < k; j++) if (probs[i * k + j] > probs[i * k + suggested]) suggested = j;
    return { item: items[i], given: labels[i], suggested, selfConfidence: self[i], normalizedMargin: margin[i], flagged: issues.mask[i] === 1 };
  });
  return { rows, confidentJoint: issues.confidentJoint, flagged: issues.flagged.length, checked: input.n };
}
