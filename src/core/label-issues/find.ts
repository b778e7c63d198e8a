import { computeConfidentJoint } from './confident-joint';
import { labelQualityScores, rankAscending, type QualityMethod } from './rank';
import { roundPreservingRowTotals } from './rounding';
import type { LabeledProbs } from './types';

const FLOATING_POINT_COMPARISON = 1e-6;

export interface LabelIssueOptions {
  /** A class with this many given labels or fewer is never pruned (cleanlab default 1). */
  minExamplesPerClass?: number;
  /** Keep only this fraction of the estimated noise (cleanlab default 1: all of it). */
  fracNoise?: number;
  /** Orders `flagged` (cleanlab's `return_indices_ranked_by`). */
  rankBy?: QualityMethod;
}

export interface LabelIssues {
  /** 1 where the given label is likely wrong. */
  mask: Uint8Array;
  /** Indices of flagged items, lowest label quality first. */
  flagged: Uint32Array;
  /** Calibrated confident joint, `[given][true]`. */
  confidentJoint: number[][];
  /** `[true][given]`: how many items given each class are pruned as each other true class. */
  pruneCounts: number[][];
  thresholds: number[];
  /** Per item: the class the confident joint counted it into, -1 if none. */
  confidentGuess: Int32Array;
}

/**
 * cleanlab 2.x `filter.find_label_issues` with its defaults (filter_by='prune_by_noise_rate'): for each
 * given class k and other class j, flag the `pruneCounts[j][k]` items given k with the largest
 * p_j − p_k; then unflag any item whose predicted class is its given label.
 */
export function findLabelIssues(input: LabeledProbs, options: LabelIssueOptions = {}): LabelIssues {
  const { n, k, probs, labels } = input;
  const minExamples = options.minExamplesPerClass ?? 1;
  const { joint, thresholds, guess } = computeConfidentJoint(input);
  const pruneCounts = keepAtLeastNPerClass(transpose(joint), minExamples, options.fracNoise ?? 1);
  const byClass: number[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < n; i++) byClass[labels[i]].push(i);

  const mask = new Uint8Array(n);
  const margin = new Float64Array(n);
  for (let given = 0; given < k; given++) {
    const members = byClass[given];
    if (members.length <= minExamples) continue;
    for (let other = 0; other < k; other++) {
      const prune = pruneCounts[other][given];
      if (other === given || prune <= 0) continue;
      for (const i of members) margin[i] = probs[i * k + other] - probs[i * k + given];
      const order = members.slice().sort((a, b) => margin[b] - margin[a] || a - b);
      for (let r = 0; r < Math.min(prune, order.length); r++) mask[order[r]] = 1;
    }
  }
  unflagAgreeing(input, mask);

  const indices: number[] = [];
  for (let i = 0; i < n; i++) if (mask[i]) indices.push(i);
  const scores = labelQualityScores(input, options.rankBy ?? 'self_confidence');
  return { mask, flagged: rankAscending(scores, indices), confidentJoint: joint, pruneCounts, thresholds, confidentGuess: guess };
}

/** cleanlab's `_reduce_issues`: the given label wins argmax ties (it gets a 1e-6 head start). */
function unflagAgreeing({ n, k, probs, labels }: LabeledProbs, mask: Uint8Array): void {
  for (let i = 0; i < n; i++) {
    if (!mask[i]) continue;
    const row = i * k;
    let best = 0;
    let bestP = -Infinity;
    for (let j = 0; j < k; j++) {
      const p = probs[row + j] + (j === labels[i] ? FLOATING_POINT_COMPARISON : 0);
      if (p > bestP) {
        bestP = p;
        best = j;
      }
    }
    if (best === labels[i]) mask[i] = 0;
  }
}

const transpose = (m: readonly (readonly number[])[]): number[][] => m[0].map((_, j) => m.map((row) => row[j]));

/**
 * cleanlab's `_keep_at_least_n_per_class` on the prune-count matrix ([true][given]): raise each
 * diagonal to n, take the increase evenly from that column's non-zero entries, scale the noise by
 * `fracNoise` (the column total kept on the diagonal), truncate to integers as numpy's astype(int) does.
 */
export function keepAtLeastNPerClass(pcm: readonly (readonly number[])[], n: number, fracNoise = 1): number[][] {
  const k = pcm.length;
  const out: number[][] = pcm.map((row) => row.slice());
  for (let c = 0; c < k; c++) {
    const diagonal = pcm[c][c];
    const raised = Math.max(diagonal, n);
    let nonZero = 0;
    for (let r = 0; r < k; r++) if (pcm[r][c] !== 0) nonZero++;
    const take = (raised - diagonal) / Math.max(nonZero - 1, 1);
    for (let r = 0; r < k; r++) out[r][c] = Math.max(pcm[r][c] - take, 0);
    out[c][c] = raised;
    let removed = 0;
    for (let r = 0; r < k; r++) {
      if (r === c) continue;
      const scaled = out[r][c] * fracNoise;
      removed += out[r][c] - scaled;
      out[r][c] = scaled;
    }
    out[c][c] += removed;
  }
  return roundPreservingRowTotals(out.map((row) => row.map(Math.trunc)));
}


