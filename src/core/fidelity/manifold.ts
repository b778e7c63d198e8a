// Fidelity of two sets of vectors (embeddings of texts or images): how well each set's manifold covers
// the other's, by k-nearest-neighbour balls (Kynkäänniemi et al., 2019, "Improved Precision and Recall
// Metric for Assessing Generative Models"). The real manifold is the union of balls around each real
// vector reaching its k-th nearest real neighbour; precision = share of synthetic vectors inside it;
// recall = share of real vectors inside the synthetic manifold, built the same way. Euclidean distance.
import { SiftError } from '../errors';

export interface ManifoldResult {
  metric: 'KnnPrecisionRecall';
  k: number;
  /** Share of synthetic vectors inside the real manifold (are the exemplars realistic?). */
  precision: number;
  /** Share of real vectors inside the synthetic manifold (do the exemplars cover the real variety?). */
  recall: number;
}

/** The paper's choice, made before any data was seen here. */
export const MANIFOLD_K = 3;

function sq(a: Float32Array, i: number, b: Float32Array, j: number, dim: number): number {
  let s = 0;
  for (let t = 0; t < dim; t++) {
    const d = a[i * dim + t] - b[j * dim + t];
    s += d * d;
  }
  return s;
}

/** Squared distance from each vector of `set` to its k-th nearest other vector of the same set. */
function kthRadii(set: Float32Array, n: number, dim: number, k: number): Float64Array {
  const radii = new Float64Array(n);
  const nearest = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    nearest.fill(Infinity);
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const d = sq(set, i, set, j, dim);
      if (d >= nearest[k - 1]) continue;
      // Insertion into the sorted k smallest.
      let at = k - 1;
      while (at > 0 && nearest[at - 1] > d) (nearest[at] = nearest[at - 1]), at--;
      nearest[at] = d;
    }
    radii[i] = nearest[k - 1];
  }
  return radii;
}

/** Share of `probe` vectors within the ball of some `support` vector. */
function covered(support: Float32Array, radii: Float64Array, probe: Float32Array, m: number, dim: number): number {
  let inside = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < radii.length; j++) {
      if (sq(probe, i, support, j, dim) <= radii[j]) {
        inside++;
        break;
      }
    }
  }
  return inside / m;
}

/** `real` and `synthetic` are row-major n × dim. Each set needs more than k vectors. O(n²·dim). */
export function knnPrecisionRecall(real: Float32Array, synthetic: Float32Array, dim: number, k = MANIFOLD_K): ManifoldResult {
  if (!(dim > 0) || real.length % dim || synthetic.length % dim) throw new SiftError('fidelity/vectors', `Vectors of ${dim} values do not divide the sets (${real.length} and ${synthetic.length} values).`);
  const n = real.length / dim;
  const m = synthetic.length / dim;
  if (n <= k || m <= k) throw new SiftError('fidelity/too-few-vectors', `k-NN precision and recall need more than ${k} vectors in each set; got ${n} real and ${m} synthetic.`);
  const realRadii = kthRadii(real, n, dim, k);
  const synthRadii = kthRadii(synthetic, m, dim, k);
  return { metric: 'KnnPrecisionRecall', k, precision: covered(real, realRadii, synthetic, m, dim), recall: covered(synthetic, synthRadii, real, n, dim) };
}
