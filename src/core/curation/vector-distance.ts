import { SiftError } from '../errors';
import { mulberry32 } from '../random';

// Squared Euclidean distances between rows of one row-major matrix, and the seeded candidate sample
// k-center uses on large pools (split from diversity.ts, which keeps the greedy loop).

export function squaredDistance(vectors: Float32Array, dim: number, a: number, b: number): number {
  return squaredDistanceBelow(vectors, dim, a, b, Infinity);
}

/**
 * The squared distance when it is below `limit`; otherwise some partial sum that already reaches
 * `limit` (the rows are then known to be at least that far apart, which is all a caller needs).
 */
export function squaredDistanceBelow(vectors: Float32Array, dim: number, a: number, b: number, limit: number): number {
  return rowDistanceBelow(vectors, a * dim, vectors, b * dim, dim, limit);
}

/**
 * squaredDistanceBelow between a row of `x` at `ia` and a row of `y` at `ib`, possibly different arrays
 * (k-center keeps its centers and a sample's rows contiguous). Every caller sums in the same order, so
 * the same pair of rows always gives the same value, wherever the rows are stored.
 */
export function rowDistanceBelow(x: Float32Array, ia: number, y: Float32Array, ib: number, dim: number, limit: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = 0;
  while (j + 4 <= dim) {
    const end = Math.min(dim - 3, j + 32);
    for (; j < end; j += 4) {
      const d0 = x[ia + j] - y[ib + j];
      const d1 = x[ia + j + 1] - y[ib + j + 1];
      const d2 = x[ia + j + 2] - y[ib + j + 2];
      const d3 = x[ia + j + 3] - y[ib + j + 3];
      s0 += d0 * d0;
      s1 += d1 * d1;
      s2 += d2 * d2;
      s3 += d3 * d3;
    }
    if (s0 + s1 + s2 + s3 >= limit) return s0 + s1 + s2 + s3;
  }
  for (; j < dim; j++) {
    const d = x[ia + j] - y[ib + j];
    s0 += d * d;
  }
  return s0 + s1 + s2 + s3;
}

/**
 * `size` distinct positions of `0..total-1`, drawn uniformly with a seed, in ascending order (rows are
 * then read in memory order). k-center over such a sample is how a large pool stays fast: before every
 * cluster has a pick, each pick must measure the whole candidate set, so the time grows with
 * clusters × candidates × dimensions; ten candidates per pick keep picks spread over the pool's modes.
 */
export function sampleCandidates(total: number, size: number, seed: number): Uint32Array {
  if (!Number.isInteger(size) || size < 1) throw new SiftError('diversity/sample', `A candidate sample needs at least 1 item; got ${size}.`);
  if (size >= total) return Uint32Array.from({ length: total }, (_, i) => i);
  const random = mulberry32(seed);
  const order = Uint32Array.from({ length: total }, (_, i) => i);
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(random() * (total - i));
    const tmp = order[i];
    order[i] = order[j];
    order[j] = tmp;
  }
  return order.slice(0, size).sort();
}
