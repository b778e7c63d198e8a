import { SiftError } from '../errors';
import { KCenterGroups } from './kcenter-groups';

/** One k-center step for every shard: the newest center's vector, and the candidate it is (-1: an earlier center outside the candidates). */
export interface KCenterStep {
  center: Float32Array;
  picked: number;
}

/** A shard's farthest unpicked candidate (position -1: none left) and its squared distance. */
export interface Far {
  position: number;
  distance: number;
}

/**
 * A contiguous range of candidate positions with its own groups. Splitting the candidates between
 * shards (each on its own thread) splits the per-pick passes; the picks stay the textbook loop's
 * because every shard sees every center and `mergeFar` breaks ties by position, as one shard would.
 */
export class KCenterShard {
  private readonly groups: KCenterGroups;

  /** Candidates `offset ..` with candidate `offset + p`'s vector at row `rowIndex[p]` of `rows`. */
  constructor(
    rows: Float32Array,
    dim: number,
    private readonly rowIndex: Uint32Array,
    private readonly offset: number,
  ) {
    this.groups = new KCenterGroups(rows, dim, rowIndex);
  }

  step({ center, picked }: KCenterStep): Far {
    const local = picked - this.offset;
    if (picked >= 0 && local < this.rowIndex.length && local >= 0) this.groups.pick(local);
    this.groups.addCenter(center);
    const { position, distance } = this.groups.farthest();
    return { position: position < 0 ? -1 : position + this.offset, distance };
  }

  /** Largest squared distance of the shard's candidates to their nearest center. */
  coveringRadius(): number {
    return this.rowIndex.length ? this.groups.coveringRadius() : 0;
  }
}

/** The farthest of the shards' farthest candidates; ties to the lowest position, as in one shard. */
export function mergeFar(fars: readonly Far[]): Far {
  let best: Far = { position: -1, distance: -1 };
  for (const far of fars) {
    if (far.position < 0) continue;
    if (best.position < 0 || far.distance > best.distance || (far.distance === best.distance && far.position < best.position)) best = far;
  }
  return best;
}

/** `count` contiguous position ranges of about equal size covering `0 .. n-1`. */
export function shardRanges(n: number, count: number): [number, number][] {
  if (!Number.isInteger(count) || count < 1) throw new SiftError('diversity/threads', `k-center needs at least 1 thread; got ${count}.`);
  return Array.from({ length: count }, (_, s) => [Math.floor((n * s) / count), Math.floor((n * (s + 1)) / count)]);
}

/** Messages a shard thread serves, in order, one at a time. */
export type ShardRequest =
  | { kind: 'init'; rows: Float32Array; dim: number; rowIndex: Uint32Array; offset: number }
  | { kind: 'step'; center: Float32Array; picked: number }
  | { kind: 'radius' };

export type ShardReply = { kind: 'ready' } | { kind: 'far'; far: Far } | { kind: 'radius'; radius: number } | { kind: 'error'; message: string };

/** The body of a shard thread (browser worker or Node thread): one shard, built by `init`. */
export function shardServer(): (request: ShardRequest) => ShardReply {
  let shard: KCenterShard | null = null;
  return (request) => {
    try {
      if (request.kind === 'init') {
        shard = new KCenterShard(request.rows, request.dim, request.rowIndex, request.offset);
        return { kind: 'ready' };
      }
      if (!shard) return { kind: 'error', message: 'The k-center thread got work before its candidates.' };
      if (request.kind === 'step') return { kind: 'far', far: shard.step(request) };
      return { kind: 'radius', radius: shard.coveringRadius() };
    } catch (error) {
      return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
    }
  };
}
