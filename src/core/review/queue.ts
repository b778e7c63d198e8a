import { SiftError } from '../errors';
import { kCenterGreedy } from '../curation/diversity';
import { disagreementScore, entropyScore, labelIssueScore, leastConfidence, marginScore, predictedClass, type ProbRows } from './scores';

export const strategies = ['uncertainty', 'margin', 'entropy', 'disagreement', 'label-issue', 'diverse'] as const;
export type Strategy = (typeof strategies)[number];

/**
 * The `limit` highest scores among eligible items, highest first, ties to the lower index. A bounded
 * min-heap: one pass over n items and log(limit) work for the few that enter, so 1M items cost
 * about one scan.
 */
export function topK(scores: ArrayLike<number>, limit: number, eligible?: ArrayLike<number>): Uint32Array {
  const n = scores.length;
  const size = Math.max(0, Math.min(limit, n));
  const heap = new Uint32Array(size);
  let count = 0;
  // "a ranks below b": lower score, or equal score and higher index.
  const below = (a: number, b: number) => scores[a] < scores[b] || (scores[a] === scores[b] && a > b);
  const siftDown = (start: number) => {
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let low = i;
      if (l < count && below(heap[l], heap[low])) low = l;
      if (r < count && below(heap[r], heap[low])) low = r;
      if (low === i) return;
      const t = heap[i];
      heap[i] = heap[low];
      heap[low] = t;
      i = low;
    }
  };
  if (size === 0) return heap;
  for (let i = 0; i < n; i++) {
    if ((eligible && !eligible[i]) || Number.isNaN(scores[i]) || scores[i] === -Infinity) continue;
    if (count < size) {
      let c = count++;
      heap[c] = i;
      while (c > 0) {
        const parent = (c - 1) >> 1;
        if (!below(heap[c], heap[parent])) break;
        const t = heap[c];
        heap[c] = heap[parent];
        heap[parent] = t;
        c = parent;
      }
    } else if (below(heap[0], i)) {
      heap[0] = i;
      siftDown(0);
    }
  }
  return heap.slice(0, count).sort((a, b) => scores[b] - scores[a] || a - b);
}

export interface QueueInput extends ProbRows {
  /** 1 = may be picked (train pool, not yet reviewed); the caller excludes dev and canary. */
  eligible?: ArrayLike<number>;
  /** Sources' votes `n × m`, −1 abstain (for 'disagreement'). */
  votes?: Int8Array | Int16Array | Int32Array;
  m?: number;
  /** Given labels, −1 none (for 'label-issue'; ideally out-of-fold probabilities). */
  labels?: ArrayLike<number>;
  /** Item vectors `n × dim` (for 'diverse'). */
  vectors?: Float32Array;
  dim?: number;
}

export interface QueueOptions {
  batch: number;
  /** 'diverse' runs k-center over this many times `batch` most uncertain items. */
  poolFactor?: number;
  /** 'diverse': items already labeled, so the batch also keeps away from them. */
  labeled?: ArrayLike<number>;
}

export function priorityScores(strategy: Exclude<Strategy, 'diverse'>, input: QueueInput): Float32Array {
  switch (strategy) {
    case 'uncertainty':
      return leastConfidence(input);
    case 'margin':
      return marginScore(input);
    case 'entropy':
      return entropyScore(input);
    case 'disagreement':
      if (!input.votes || !input.m) throw new SiftError('review/votes', 'The disagreement strategy needs the sources\u2019 votes.');
      return disagreementScore(input.votes, input.m, predictedClass(input));
    case 'label-issue':
      if (!input.labels) throw new SiftError('review/labels', 'The label-issue strategy needs the given labels.');
      return labelIssueScore(input, input.labels);
  }
}

/** The next batch to review, in the order to show it. */
export function rankQueue(strategy: Strategy, input: QueueInput, options: QueueOptions): Uint32Array {
  if (!strategies.includes(strategy)) throw new SiftError('review/strategy', `Unknown review strategy "${strategy}"; use one of ${strategies.join(', ')}.`);
  if (strategy !== 'diverse') return topK(priorityScores(strategy, input), options.batch, input.eligible);
  if (!input.vectors || !input.dim) throw new SiftError('review/vectors', 'The diverse strategy needs item vectors (run an embedder first).');
  const uncertainty = marginScore(input);
  const pool = topK(uncertainty, options.batch * (options.poolFactor ?? 10), input.eligible);
  const picks = kCenterGreedy(input.vectors, input.dim, options.batch, { candidates: pool, initial: options.labeled });
  // Show the most uncertain of the diverse picks first.
  return picks.sort((a, b) => uncertainty[b] - uncertainty[a] || a - b);
}
