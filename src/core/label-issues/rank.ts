import type { LabeledProbs } from './types';

export type QualityMethod = 'self_confidence' | 'normalized_margin';

/**
 * cleanlab 2.x `rank.get_label_quality_scores` (no probability adjustment): low means a likely label
 * error. self_confidence = p[given]; normalized_margin = (p[given] − max other p + 1) / 2.
 */
export function labelQualityScores(input: LabeledProbs, method: QualityMethod = 'self_confidence'): Float64Array {
  const { n, k, probs, labels } = input;
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = i * k;
    const label = labels[i];
    const self = probs[row + label];
    if (method === 'self_confidence') {
      scores[i] = self;
      continue;
    }
    let other = -Infinity;
    for (let j = 0; j < k; j++) if (j !== label && probs[row + j] > other) other = probs[row + j];
    scores[i] = (self - other + 1) / 2;
  }
  return scores;
}

/** Indices by ascending score (most likely error first); ties keep item order so runs are reproducible. */
export function rankAscending(scores: ArrayLike<number>, indices?: ArrayLike<number>): Uint32Array {
  const order = indices ? Uint32Array.from(indices as ArrayLike<number>) : Uint32Array.from({ length: scores.length }, (_, i) => i);
  return order.sort((a, b) => scores[a] - scores[b] || a - b);
}
