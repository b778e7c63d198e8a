import { SiftError, throwIfAborted } from '../errors';
import { candidateRows, KCenterGroups } from './kcenter-groups';

export { sampleCandidates, squaredDistance, squaredDistanceBelow } from './vector-distance';

export interface KCenterOptions {
  /** Items already chosen (e.g. labeled ones): new picks are far from these too. */
  initial?: ArrayLike<number>;
  /** Pick only among these items (e.g. the most uncertain); distances are measured among them too. */
  candidates?: ArrayLike<number>;
  /** First pick when `initial` is empty; default the first candidate. */
  first?: number;
  signal?: AbortSignal;
  /** Called every 16 picks with the number picked so far. */
  onProgress?: (picked: number) => void;
}

/**
 * k-center greedy (Gonzalez 1985; Sener & Savarese 2018 for active learning): repeatedly pick the item
 * farthest from everything picked so far. A 2-approximation of the optimal covering radius; ties go to
 * the lowest position.
 *
 * The bookkeeping that avoids measuring every item against every pick is in KCenterGroups
 * (kcenter-groups.ts); the picks are those of the textbook loop.
 */
export function kCenterGreedy(vectors: Float32Array, dim: number, k: number, options: KCenterOptions = {}): Uint32Array {
  return drain(greedy(vectors, dim, k, options)).picks;
}

export interface KCenterCover {
  picks: Uint32Array;
  /** Farthest any candidate lies from its nearest pick (or earlier center): Euclidean, not squared. */
  radius: number;
}

/** The same picks as kCenterGreedy, with the covering radius they leave over the candidates. */
export function kCenterCover(vectors: Float32Array, dim: number, k: number, options: KCenterOptions = {}): KCenterCover {
  return drain(kCenterSteps(vectors, dim, k, options));
}

/**
 * The picks one at a time: yields the number picked so far after each, and returns the picks and the
 * groups they leave. Driving it in steps is what lets a worker stop between picks to read its messages
 * (a Cancel), which one synchronous loop never does.
 */
export function* kCenterSteps(vectors: Float32Array, dim: number, k: number, options: KCenterOptions = {}): Generator<number, KCenterCover> {
  const { picks, groups } = yield* greedy(vectors, dim, k, options);
  return { picks, radius: groups ? Math.sqrt(groups.coveringRadius()) : 0 };
}

function drain<T>(steps: Generator<number, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

function* greedy(vectors: Float32Array, dim: number, k: number, options: KCenterOptions): Generator<number, { picks: Uint32Array; groups: KCenterGroups | null }> {
  if (!Number.isInteger(dim) || dim < 1 || vectors.length % dim !== 0) {
    throw new SiftError('diversity/shape', `Vectors of length ${vectors.length} do not split into rows of ${dim}.`);
  }
  const total = vectors.length / dim;
  const pool = options.candidates ? Uint32Array.from(options.candidates) : Uint32Array.from({ length: total }, (_, i) => i);
  const n = pool.length;
  const take = Math.min(k, n);
  if (take <= 0) return { picks: new Uint32Array(0), groups: null };
  for (let p = 0; p < n; p++) {
    if (pool[p] >= total) throw new SiftError('diversity/candidate', `Candidate ${pool[p]} is outside the ${total} vectors.`);
  }
  const { rows, rowIndex } = candidateRows(vectors, dim, pool);
  const groups = new KCenterGroups(rows, dim, rowIndex);
  const positionOf = new Map<number, number>();
  for (let p = 0; p < n; p++) positionOf.set(pool[p], p);
  const row = (item: number) => vectors.subarray(item * dim, item * dim + dim);

  const picks: number[] = [];
  const initial = options.initial ? Array.from(options.initial) : [];
  for (let i = 0; i < initial.length; i++) {
    if (i % 64 === 0) throwIfAborted(options.signal);
    if (!(initial[i] >= 0 && initial[i] < total)) throw new SiftError('diversity/initial', `Already chosen item ${initial[i]} is outside the ${total} vectors.`);
    const p = positionOf.get(initial[i]);
    if (p !== undefined) groups.pick(p);
    groups.addCenter(row(initial[i]));
    yield 0;
  }
  if (initial.length === 0) {
    const first = options.first !== undefined ? positionOf.get(options.first) : 0;
    if (first === undefined) throw new SiftError('diversity/first', `The first pick ${options.first} is not among the candidates.`);
    picks.push(pool[first]);
    groups.pick(first);
    groups.addCenter(row(pool[first]));
  }
  while (picks.length < take) {
    if (picks.length % 16 === 0) {
      throwIfAborted(options.signal);
      options.onProgress?.(picks.length);
    }
    yield picks.length;
    const best = groups.farthest().position;
    if (best < 0) break;
    picks.push(pool[best]);
    groups.pick(best);
    groups.addCenter(row(pool[best]));
  }
  return { picks: Uint32Array.from(picks), groups };
}
