import { SiftError, throwIfAborted } from '../errors';

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
 * farthest from everything picked so far. A 2-approximation of the optimal covering radius; ties go to
 * the lowest position. Same picks as the textbook loop, without its n × k distance computations:
 * each item remembers its nearest pick (its cluster) and the squared distance to it, and each cluster
 * its members and its farthest member. A new pick is compared with every earlier pick; a cluster whose
 * pick is at least twice the cluster's radius away cannot lose a member to it (triangle inequality)
 * and is skipped whole, and inside a nearer cluster so is each member less than half that gap from
 * its pick. Once the picks outnumber the natural clusters of the data, a pick touches only its
 * neighbourhood.
 */
export function kCenterGreedy(vectors: Float32Array, dim: number, k: number, options: KCenterOptions = {}): Uint32Array {
  if (!Number.isInteger(dim) || dim < 1 || vectors.length % dim !== 0) {
    throw new SiftError('diversity/shape', `Vectors of length ${vectors.length} do not split into rows of ${dim}.`);
  }
  const total = vectors.length / dim;
  const pool = options.candidates ? Uint32Array.from(options.candidates) : Uint32Array.from({ length: total }, (_, i) => i);
  const n = pool.length;
  const take = Math.min(k, n);
  if (take <= 0) return new Uint32Array(0);

  const nearest = new Float64Array(n).fill(Infinity);
  const picked = new Uint8Array(n);
  const centers: number[] = [];
  const members: number[][] = [];
  const radius: number[] = [];
  /** Position of each cluster's farthest member (lowest position on ties), -1 when empty. */
  const farthest: number[] = [];
  const gap = new Float64Array(Math.max(take + (options.initial?.length ?? 0), 1));

  const summarize = (c: number) => {
    let r = -1;
    let at = -1;
    for (const p of members[c]) if (nearest[p] > r || (nearest[p] === r && p < at)) [r, at] = [nearest[p], p];
    radius[c] = r;
    farthest[c] = at;
  };

  const addCenter = (item: number) => {
    const c = centers.length;
    centers.push(item);
    const mine: number[] = [];
    members.push(mine);
    radius.push(-1);
    farthest.push(-1);
    if (c === 0) {
      for (let p = 0; p < n; p++) {
        nearest[p] = squaredDistance(vectors, dim, item, pool[p]);
        mine.push(p);
      }
      summarize(0);
      return;
    }
    for (let j = 0; j < c; j++) gap[j] = squaredDistance(vectors, dim, item, centers[j]);
    for (let j = 0; j < c; j++) {
      // gap² ≥ 4·r² ⇔ gap ≥ 2r: nobody in cluster j is nearer to the new pick.
      if (radius[j] < 0 || gap[j] >= 4 * radius[j]) continue;
      const kept: number[] = [];
      for (const p of members[j]) {
        if (gap[j] < 4 * nearest[p]) {
          const d = squaredDistance(vectors, dim, item, pool[p]);
          if (d < nearest[p]) {
            nearest[p] = d;
            mine.push(p);
            continue;
          }
        }
        kept.push(p);
      }
      if (kept.length !== members[j].length) {
        members[j] = kept;
        summarize(j);
      }
    }
    summarize(c);
  };

  const positionOf = new Map<number, number>();
  for (let p = 0; p < n; p++) positionOf.set(pool[p], p);
  const picks: number[] = [];
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
    let bestDistance = 0;
    for (let c = 0; c < centers.length; c++) {
      const at = farthest[c];
      if (at >= 0 && (radius[c] > bestDistance || (radius[c] === bestDistance && best >= 0 && at < best))) {
        bestDistance = radius[c];
        best = at;
      }
    }
    // Everything left sits on a pick (exact copies): take the lowest unpicked position, as the textbook loop does.
    if (best < 0) best = picked.indexOf(0);
    if (best < 0) break;
    picks.push(pool[best]);
    picked[best] = 1;
    addCenter(pool[best]);
  }
  return Uint32Array.from(picks);
}

export function squaredDistance(vectors: Float32Array, dim: number, a: number, b: number): number {
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
