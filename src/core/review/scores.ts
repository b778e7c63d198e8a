/**
 * Per-item review priorities; higher means "a person should look at this sooner". Probabilities are
 * row-major `n × k` (calibrated ones when the app has them, so "uncertain" means what it says).
 */
export interface ProbRows {
  n: number;
  k: number;
  probs: Float32Array | Float64Array;
}

/** Least confidence: 1 − max p. */
export function leastConfidence({ n, k, probs }: ProbRows): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let max = 0;
    for (let j = 0; j < k; j++) if (probs[i * k + j] > max) max = probs[i * k + j];
    out[i] = 1 - max;
  }
  return out;
}

/** Margin: 1 − (top p − second p); the gray zone around a two-class threshold of 0.5 scores highest. */
export function marginScore({ n, k, probs }: ProbRows): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let first = -Infinity;
    let second = -Infinity;
    for (let j = 0; j < k; j++) {
      const p = probs[i * k + j];
      if (p > first) {
        second = first;
        first = p;
      } else if (p > second) second = p;
    }
    out[i] = 1 - (first - second);
  }
  return out;
}

/** Entropy of the class distribution, in nats (0 when certain, ln k when uniform). */
export function entropyScore({ n, k, probs }: ProbRows): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let h = 0;
    for (let j = 0; j < k; j++) {
      const p = probs[i * k + j];
      if (p > 0) h -= p * Math.log(p);
    }
    out[i] = h;
  }
  return out;
}

/**
 * Disagreement between the sources' votes (row-major `n × m`, −1 = abstain) and the label model's
 * predicted class: the share of non-abstaining sources that vote otherwise, 0 when none voted.
 */
export function disagreementScore(votes: Int8Array | Int16Array | Int32Array, m: number, predicted: ArrayLike<number>): Float32Array {
  const n = predicted.length;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let voted = 0;
    let against = 0;
    for (let s = 0; s < m; s++) {
      const v = votes[i * m + s];
      if (v < 0) continue;
      voted++;
      if (v !== predicted[i]) against++;
    }
    out[i] = voted === 0 ? 0 : against / voted;
  }
  return out;
}

/**
 * Likely label error: 1 − p(given label) (cleanlab's self-confidence, turned into a priority); items
 * without a label (−1) get −Infinity and never enter this queue.
 */
export function labelIssueScore({ n, k, probs }: ProbRows, labels: ArrayLike<number>): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = labels[i] < 0 ? -Infinity : 1 - probs[i * k + labels[i]];
  return out;
}

/** argmax per row (first on ties). */
export function predictedClass({ n, k, probs }: ProbRows): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (probs[i * k + j] > probs[i * k + best]) best = j;
    out[i] = best;
  }
  return out;
}
