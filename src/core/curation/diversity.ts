import { SiftError, throwIfAborted } from '../errors';
import { squaredDistanceBelow } from './vector-distance';

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
 * Each item keeps its squared distance to its nearest pick, and each pick keeps the list of items it is
 * nearest to, with the farthest of them. A new pick then costs one distance to every earlier pick, plus
 * a pass over the members of those picks that it can steal from: by the triangle inequality a member
 * whose pick is at least twice its own distance away from the new pick cannot move, so a whole group
 * whose radius is under half that gap is skipped without reading its members. Choosing the next pick
 * reads one farthest member per group, not the whole pool. The picks are those of the textbook loop.
 */
export function kCenterGreedy(vectors: Float32Array, dim: number, k: number, options: KCenterOptions = {}): Uint32Array {
  return greedy(vectors, dim, k, options).picks;
}

export interface KCenterCover {
  picks: Uint32Array;
  /** Farthest any candidate lies from its nearest pick (or earlier center): Euclidean, not squared. */
  radius: number;
}

/** The same picks as kCenterGreedy, with the covering radius they leave over the candidates. */
export function kCenterCover(vectors: Float32Array, dim: number, k: number, options: KCenterOptions = {}): KCenterCover {
  const { picks, groups } = greedy(vectors, dim, k, options);
  return { picks, radius: groups ? Math.sqrt(groups.coveringRadius()) : 0 };
}

function greedy(vectors: Float32Array, dim: number, k: number, options: KCenterOptions): { picks: Uint32Array; groups: Groups | null } {
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
  const groups = new Groups(vectors, dim, pool);
  const positionOf = new Map<number, number>();
  for (let p = 0; p < n; p++) positionOf.set(pool[p], p);

  const picks: number[] = [];
  const initial = options.initial ? Array.from(options.initial) : [];
  for (let i = 0; i < initial.length; i++) {
    if (i % 64 === 0) throwIfAborted(options.signal);
    if (!(initial[i] >= 0 && initial[i] < total)) throw new SiftError('diversity/initial', `Already chosen item ${initial[i]} is outside the ${total} vectors.`);
    const p = positionOf.get(initial[i]);
    if (p !== undefined) groups.pick(p);
    groups.addCenter(initial[i]);
  }
  if (initial.length === 0) {
    const first = options.first !== undefined ? positionOf.get(options.first) : 0;
    if (first === undefined) throw new SiftError('diversity/first', `The first pick ${options.first} is not among the candidates.`);
    picks.push(pool[first]);
    groups.pick(first);
    groups.addCenter(pool[first]);
  }
  while (picks.length < take) {
    if (picks.length % 16 === 0) {
      throwIfAborted(options.signal);
      options.onProgress?.(picks.length);
    }
    const best = groups.farthest();
    if (best < 0) break;
    picks.push(pool[best]);
    groups.pick(best);
    groups.addCenter(pool[best]);
  }
  return { picks: Uint32Array.from(picks), groups };
}

/** Pool items grouped by their nearest center; group -1 holds the items no center has reached yet. */
class Groups {
  private readonly n: number;
  private readonly nearest: Float64Array;
  private readonly owner: Int32Array;
  private readonly picked: Uint8Array;
  private readonly centers: number[] = [];
  private readonly members: Uint32Array[] = [];
  /** Largest squared distance of any member (picked ones included), for skipping a whole group. */
  private readonly radius: number[] = [];
  /** Farthest unpicked member's position (-1: none) and its squared distance. */
  private readonly far: number[] = [];
  private readonly farDistance: number[] = [];
  private unreached: Uint32Array;
  private gap: Float64Array;
  private readonly moved: Uint32Array;
  private movedCount = 0;
  private scan = new Uint8Array(16);
  /** The group that must be rescanned whatever its radius: it lost a member to `pick`. */
  private dirty = -2;

  constructor(
    private readonly vectors: Float32Array,
    private readonly dim: number,
    private readonly pool: Uint32Array,
  ) {
    this.n = pool.length;
    this.nearest = new Float64Array(this.n).fill(Infinity);
    this.owner = new Int32Array(this.n).fill(-1);
    this.picked = new Uint8Array(this.n);
    this.unreached = Uint32Array.from({ length: this.n }, (_, i) => i);
    this.gap = new Float64Array(16);
    this.moved = new Uint32Array(this.n);
  }

  pick(position: number): void {
    this.picked[position] = 1;
    this.dirty = this.owner[position];
  }

  /** Largest squared distance of any pool item to its nearest center (Infinity while one has none). */
  coveringRadius(): number {
    if (this.unreached.length > 0) return Infinity;
    let radius = 0;
    for (let g = 0; g < this.radius.length; g++) if (this.radius[g] > radius) radius = this.radius[g];
    return radius;
  }

  /** The unpicked item farthest from every center (lowest position on ties), or -1. */
  farthest(): number {
    let best = -1;
    let bestDistance = -1;
    if (this.unreached.length > 0) {
      for (const p of this.unreached) if (!this.picked[p]) return p;
    }
    for (let g = 0; g < this.far.length; g++) {
      const d = this.farDistance[g];
      if (d > bestDistance || (d === bestDistance && d >= 0 && this.far[g] < best)) {
        bestDistance = d;
        best = this.far[g];
      }
    }
    return best;
  }

  addCenter(item: number): void {
    const { vectors, dim } = this;
    const c = this.centers.length;
    const gap = this.gapBuffer(c);
    // Squared gaps; a gap that already reaches twice the group's radius is left partial (a lower bound
    // does as well: the whole group is out of reach).
    for (let j = 0; j < c; j++) gap[j] = this.radius[j] > 0 ? squaredDistanceBelow(vectors, dim, item, this.centers[j], 4 * this.radius[j]) : 0;
    this.centers.push(item);
    const scan = this.scanFlags(c);
    let toScan = this.unreached.length;
    for (let g = 0; g < c; g++) {
      scan[g] = g === this.dirty || gap[g] < 4 * this.radius[g] ? 1 : 0;
      if (scan[g]) toScan += this.members[g].length;
    }
    this.radius.push(0);
    this.far.push(-1);
    this.farDistance.push(-1);
    this.movedCount = 0;
    // Reading rows in memory order is much faster than hopping between groups, and early on (fewer
    // picks than clusters) nearly every group is in reach: then one pass in order, then regroup.
    if (toScan * 4 > this.n) {
      this.stealInOrder(item, c, scan);
      this.regroup();
    } else {
      if (this.unreached.length > 0) this.unreached = this.steal(this.unreached, -1, item, c);
      for (let g = 0; g < c; g++) {
        if (!scan[g]) continue;
        this.members[g] = this.steal(this.members[g], g, item, c);
        this.measure(g);
      }
      this.members.push(this.moved.slice(0, this.movedCount));
      this.measure(c);
    }
    this.dirty = -2;
  }

  private stealInOrder(item: number, c: number, scan: Uint8Array): void {
    const { vectors, dim, nearest, owner, pool, gap } = this;
    for (let p = 0; p < this.n; p++) {
      const g = owner[p];
      const current = nearest[p];
      if (current === 0 || (g >= 0 && (!scan[g] || gap[g] >= 4 * current))) continue;
      const d = squaredDistanceBelow(vectors, dim, item, pool[p], current);
      if (d < current) {
        nearest[p] = d;
        owner[p] = c;
      }
    }
  }

  /** Rebuilds every group's member list from `owner` (a counting sort, so lists stay in memory order). */
  private regroup(): void {
    const groups = this.centers.length;
    const counts = new Uint32Array(groups + 1);
    for (let p = 0; p < this.n; p++) counts[this.owner[p] + 1]++;
    const lists = Array.from({ length: groups + 1 }, (_, g) => new Uint32Array(counts[g]));
    counts.fill(0);
    for (let p = 0; p < this.n; p++) {
      const g = this.owner[p] + 1;
      lists[g][counts[g]++] = p;
    }
    this.unreached = lists[0];
    for (let g = 0; g < groups; g++) {
      this.members[g] = lists[g + 1];
      this.measure(g);
    }
  }

  private scanFlags(size: number): Uint8Array {
    if (this.scan.length < size) this.scan = new Uint8Array(Math.max(size, this.scan.length * 2));
    return this.scan;
  }

  /** Moves to center `c` (vector `item`) the members of `list` nearer to it; returns those that stay. */
  private steal(list: Uint32Array, g: number, item: number, c: number): Uint32Array {
    const { vectors, dim, nearest, owner, pool, moved } = this;
    const limit = g >= 0 ? this.gap[g] : -1;
    let movedCount = this.movedCount;
    let kept = 0;
    for (let i = 0; i < list.length; i++) {
      const p = list[i];
      const current = nearest[p];
      if (current !== 0 && limit < 4 * current) {
        const d = squaredDistanceBelow(vectors, dim, item, pool[p], current);
        if (d < current) {
          nearest[p] = d;
          owner[p] = c;
          moved[movedCount++] = p;
          continue;
        }
      }
      list[kept++] = p;
    }
    this.movedCount = movedCount;
    return kept === list.length ? list : list.subarray(0, kept);
  }

  private measure(g: number): void {
    let radius = 0;
    let far = -1;
    let farDistance = -1;
    const list = this.members[g];
    for (let i = 0; i < list.length; i++) {
      const p = list[i];
      const d = this.nearest[p];
      if (d > radius) radius = d;
      if (!this.picked[p] && (d > farDistance || (d === farDistance && p < far))) {
        farDistance = d;
        far = p;
      }
    }
    this.radius[g] = radius;
    this.far[g] = far;
    this.farDistance[g] = farDistance;
  }

  private gapBuffer(size: number): Float64Array {
    if (this.gap.length >= size) return this.gap;
    const grown = new Float64Array(Math.max(size, this.gap.length * 2));
    this.gap = grown;
    return grown;
  }
}
