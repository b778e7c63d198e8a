// The k-center greedy of core/curation/diversity.ts before 2026-11-30 (one pass over the pool per pick),
// kept so bench/queue.ts measures the speed-up in one run on one machine.
import { SiftError, throwIfAborted } from '../../src/core/errors';

export interface KCenterOptions {
  /** Items already chosen (e.g. labeled ones): new picks are far from these too. */
  initial?: ArrayLike<number>;
  /** Pick only among these items (e.g. the most uncertain); distances are measured among them too. */
  candidates?: ArrayLike<number>;
  /** First pick when `initial` is empty; default the first candidate. */
  first?: number;
  signal?: AbortSignal;
}

/**
 * k-center greedy (Gonzalez 1985; Sener & Savarese 2018 for active learning): repeatedly pick the item
 * farthest from everything picked so far. Keeps each item's squared distance to its nearest pick and
 * updates it with the new pick only, so a pick costs one pass over the pool. The triangle inequality
 * skips an item when its current nearest pick is at least twice its distance away from the new one
 * (then the new pick cannot be nearer), which saves most of the work on clustered data.
 * A 2-approximation of the optimal covering radius; ties go to the lowest position.
 */
export function kCenterGreedy(vectors: Float32Array, dim: number, k: number, options: KCenterOptions = {}): Uint32Array {
  if (!Number.isInteger(dim) || dim < 1 || vectors.length % dim !== 0) {
    throw new SiftError('diversity/shape', `Vectors of length ${vectors.length} do not split into rows of ${dim}.`);
  }
  const total = vectors.length / dim;
  const pool = options.candidates ? Uint32Array.from(options.candidates) : Uint32Array.from({ length: total }, (_, i) => i);
  const n = pool.length;
  const picks: number[] = [];
  const take = Math.min(k, n);
  if (take <= 0) return new Uint32Array(0);

  const nearest = new Float64Array(n).fill(Infinity);
  /** Index into `centers` of each pool item's nearest center. */
  const owner = new Int32Array(n).fill(-1);
  const centers: number[] = [];
  const centerGap: number[] = [];
  const picked = new Uint8Array(n);

  const addCenter = (item: number) => {
    const c = centers.length;
    centers.push(item);
    // Distance from the new center to each earlier one, for the triangle-inequality skip.
    for (let j = 0; j < c; j++) centerGap[j] = Math.sqrt(squaredDistance(vectors, dim, item, centers[j]));
    for (let p = 0; p < n; p++) {
      const current = nearest[p];
      if (current === 0) continue;
      const o = owner[p];
      if (o >= 0 && centerGap[o] * centerGap[o] >= 4 * current) continue;
      const d = squaredDistance(vectors, dim, item, pool[p]);
      if (d < current) {
        nearest[p] = d;
        owner[p] = c;
      }
    }
  };

  const positionOf = new Map<number, number>();
  for (let p = 0; p < n; p++) positionOf.set(pool[p], p);
  const initial = options.initial ? Array.from(options.initial) : [];
  for (let i = 0; i < initial.length; i++) {
    if (i % 64 === 0) throwIfAborted(options.signal);
    addCenter(initial[i]);
    const p = positionOf.get(initial[i]);
    if (p !== undefined) picked[p] = 1;
  }
  if (initial.length === 0) {
    const first = options.first !== undefined ? positionOf.get(options.first) : 0;
    if (first === undefined) throw new SiftError('diversity/first', `The first pick ${options.first} is not among the candidates.`);
    picks.push(pool[first]);
    picked[first] = 1;
    addCenter(pool[first]);
  }
  while (picks.length < take) {
    if (picks.length % 16 === 0) throwIfAborted(options.signal);
    let best = -1;
    let bestDistance = -1;
    for (let p = 0; p < n; p++) {
      if (!picked[p] && nearest[p] > bestDistance) {
        bestDistance = nearest[p];
        best = p;
      }
    }
    if (best < 0) break;
    picks.push(pool[best]);
    picked[best] = 1;
    addCenter(pool[best]);
  }
  return Uint32Array.from(picks);
}

function squaredDistance(vectors: Float32Array, dim: number, a: number, b: number): number {
  const ia = a * dim;
  const ib = b * dim;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = 0;
  for (; j + 4 <= dim; j += 4) {
    const d0 = vectors[ia + j] - vectors[ib + j];
    const d1 = vectors[ia + j + 1] - vectors[ib + j + 1];
    const d2 = vectors[ia + j + 2] - vectors[ib + j + 2];
    const d3 = vectors[ia + j + 3] - vectors[ib + j + 3];
    s0 += d0 * d0;
    s1 += d1 * d1;
    s2 += d2 * d2;
    s3 += d3 * d3;
  }
  for (; j < dim; j++) {
    const d = vectors[ia + j] - vectors[ib + j];
    s0 += d * d;
  }
  return s0 + s1 + s2 + s3;
}
