import { SiftError, throwIfAborted } from '../errors';
import { candidateRows, gatherRows, MAX_GATHER_BYTES } from './kcenter-groups';
import { KCenterShard, mergeFar, shardRanges, type Far, type KCenterStep } from './kcenter-shard';

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
  /** Shards the candidates are split into (kCenterCover runs them in turn; the async driver on threads). Default 1. */
  shards?: number;
}

export interface KCenterCover {
  picks: Uint32Array;
  /** Farthest any candidate lies from its nearest pick (or earlier center): Euclidean, not squared. */
  radius: number;
}

/**
 * k-center greedy (Gonzalez 1985; Sener & Savarese 2018 for active learning): repeatedly pick the item
 * farthest from everything picked so far. A 2-approximation of the optimal covering radius; ties go to
 * the lowest position. The bookkeeping that avoids measuring every item against every pick is in
 * KCenterGroups (kcenter-groups.ts); the picks are those of the textbook loop.
 */
export function kCenterGreedy(vectors: Float32Array, dim: number, k: number, options: KCenterOptions = {}): Uint32Array {
  return kCenterCover(vectors, dim, k, options).picks;
}

/** The same picks as kCenterGreedy, with the covering radius they leave over the candidates. */
export function kCenterCover(vectors: Float32Array, dim: number, k: number, options: KCenterOptions = {}): KCenterCover {
  const pool = candidatePool(vectors, dim, options);
  const shards = shardRanges(pool.length, options.shards ?? 1).map(([lo, hi]) => {
    const { rows, rowIndex } = candidateRows(vectors, dim, pool.subarray(lo, hi));
    return new KCenterShard(rows, dim, rowIndex, lo);
  });
  const steps = plan(vectors, dim, pool, k, options);
  let next = steps.next(NONE);
  while (!next.done) {
    const step = next.value;
    next = steps.next(mergeFar(shards.map((shard) => shard.step(step))));
  }
  return { picks: next.value, radius: radiusOf(pool, k, shards.map((shard) => shard.coveringRadius())) };
}

/** A shard on another thread: the same steps as KCenterShard, answered asynchronously. */
export interface RemoteShard {
  step(step: KCenterStep): Promise<Far>;
  coveringRadius(): Promise<number>;
}

/** What a shard thread needs: its candidates' rows (a copy of its own, or a shared matrix) and its first position. */
export interface ShardInit {
  rows: Float32Array;
  dim: number;
  rowIndex: Uint32Array;
  offset: number;
}

/**
 * kCenterCover with the candidates split between shards that `connect` starts (threads, in the app a
 * worker each), so the per-pick passes run side by side. Between picks it awaits the shards and
 * `pause` (a turn of the event loop, for shards on this thread), so an abort is seen within a pick.
 */
export async function kCenterCoverAsync(
  vectors: Float32Array,
  dim: number,
  k: number,
  options: KCenterOptions & { pause?: () => Promise<void> },
  connect: (init: ShardInit) => RemoteShard,
): Promise<KCenterCover> {
  const pool = candidatePool(vectors, dim, options);
  const shared = typeof SharedArrayBuffer !== 'undefined' && vectors.buffer instanceof SharedArrayBuffer;
  const shards = shardRanges(pool.length, options.shards ?? 1).map(([lo, hi]) => {
    const positions = pool.subarray(lo, hi);
    // A shared matrix is read in place when the shard's rows are one run of rows (nothing to gain by
    // copying) or too many to copy; a scattered sample is copied, as on one thread.
    const inPlace = shared && (positions.length === 0 || positions[positions.length - 1] - positions[0] === positions.length - 1 || positions.length * dim * 4 > MAX_GATHER_BYTES);
    const rows = inPlace ? { rows: vectors, rowIndex: positions.slice() } : gatherRows(vectors, dim, positions);
    return connect({ ...rows, dim, offset: lo });
  });
  const steps = plan(vectors, dim, pool, k, options);
  let paused = Date.now();
  let next = steps.next(NONE);
  while (!next.done) {
    const fars = await Promise.all(shards.map((shard) => shard.step((next as IteratorYieldResult<KCenterStep>).value)));
    if (options.pause && Date.now() - paused > 50) {
      await options.pause();
      paused = Date.now();
    }
    throwIfAborted(options.signal);
    next = steps.next(mergeFar(fars));
  }
  const radii = await Promise.all(shards.map((shard) => shard.coveringRadius()));
  return { picks: next.value, radius: radiusOf(pool, k, radii) };
}

const NONE: Far = { position: -1, distance: -1 };

function radiusOf(pool: Uint32Array, k: number, radii: number[]): number {
  return Math.min(k, pool.length) > 0 ? Math.sqrt(Math.max(0, ...radii)) : 0;
}

/** The candidates' items, in position order, checked against the vectors' shape. */
function candidatePool(vectors: Float32Array, dim: number, options: KCenterOptions): Uint32Array {
  if (!Number.isInteger(dim) || dim < 1 || vectors.length % dim !== 0) {
    throw new SiftError('diversity/shape', `Vectors of length ${vectors.length} do not split into rows of ${dim}.`);
  }
  const total = vectors.length / dim;
  const pool = options.candidates ? Uint32Array.from(options.candidates) : Uint32Array.from({ length: total }, (_, i) => i);
  for (let p = 0; p < pool.length; p++) {
    if (pool[p] >= total) throw new SiftError('diversity/candidate', `Candidate ${pool[p]} is outside the ${total} vectors.`);
  }
  return pool;
}

/**
 * The greedy loop, as the steps every shard must take: yields each new center (an earlier one, or a
 * pick) and is sent back the farthest candidate over all shards; returns the picks.
 */
function* plan(vectors: Float32Array, dim: number, pool: Uint32Array, k: number, options: KCenterOptions): Generator<KCenterStep, Uint32Array, Far> {
  const total = vectors.length / dim;
  const n = pool.length;
  const take = Math.min(k, n);
  if (take <= 0) return new Uint32Array(0);
  const positionOf = new Map<number, number>();
  for (let p = 0; p < n; p++) positionOf.set(pool[p], p);
  const row = (item: number) => vectors.subarray(item * dim, item * dim + dim);

  const picks: number[] = [];
  let far = NONE;
  const initial = options.initial ? Array.from(options.initial) : [];
  for (let i = 0; i < initial.length; i++) {
    if (i % 64 === 0) throwIfAborted(options.signal);
    if (!(initial[i] >= 0 && initial[i] < total)) throw new SiftError('diversity/initial', `Already chosen item ${initial[i]} is outside the ${total} vectors.`);
    far = yield { center: row(initial[i]), picked: positionOf.get(initial[i]) ?? -1 };
  }
  if (initial.length === 0) {
    const first = options.first !== undefined ? positionOf.get(options.first) : 0;
    if (first === undefined) throw new SiftError('diversity/first', `The first pick ${options.first} is not among the candidates.`);
    picks.push(pool[first]);
    far = yield { center: row(pool[first]), picked: first };
  }
  while (picks.length < take) {
    if (picks.length % 16 === 0) {
      throwIfAborted(options.signal);
      options.onProgress?.(picks.length);
    }
    if (far.position < 0) break;
    picks.push(pool[far.position]);
    far = yield { center: row(pool[far.position]), picked: far.position };
  }
  return Uint32Array.from(picks);
}
