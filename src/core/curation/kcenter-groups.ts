import { DistanceScreen } from './distance-screen';
import { rowDistanceBelow } from './vector-distance';

/** Gathering a sparse set of candidate rows into one block pays while the copy stays this small. */
export const MAX_GATHER_BYTES = 512 * 1024 * 1024;

/**
 * The candidates' rows as k-center reads them: a strict subset is copied into one contiguous block (a
 * sample of 100k rows spread over a 1 GB matrix is otherwise read a page per row, every pass), while
 * every row in order is read in place.
 */
export function candidateRows(vectors: Float32Array, dim: number, pool: Uint32Array): { rows: Float32Array; rowIndex: Uint32Array } {
  const identity = pool.length === vectors.length / dim && pool.every((item, p) => item === p);
  if (identity || pool.length * dim * 4 > MAX_GATHER_BYTES) return { rows: vectors, rowIndex: pool };
  return gatherRows(vectors, dim, pool);
}

/** A copy of the rows of `positions`, in order, with the identity as their row index. */
export function gatherRows(vectors: Float32Array, dim: number, positions: Uint32Array): { rows: Float32Array; rowIndex: Uint32Array } {
  const rows = new Float32Array(positions.length * dim);
  for (let p = 0; p < positions.length; p++) rows.set(vectors.subarray(positions[p] * dim, positions[p] * dim + dim), p * dim);
  return { rows, rowIndex: Uint32Array.from({ length: positions.length }, (_, p) => p) };
}

/**
 * Candidates grouped by their nearest center; group -1 holds those no center has reached yet.
 *
 * Each candidate keeps its squared distance to its nearest center, and each center the list of
 * candidates it is nearest to, with the farthest of them. A new center costs one distance to every
 * earlier center, plus a pass over the members it can steal: by the triangle inequality a member whose
 * center is at least twice its own distance away from the new one cannot move, so a whole group whose
 * radius is under half that gap is skipped without reading its members. Choosing the next pick reads one
 * farthest member per group, not every candidate. Centers are given as vectors and copied into one
 * block, so the per-pick gap pass reads memory in order.
 */
export class KCenterGroups {
  private readonly n: number;
  private readonly nearest: Float64Array;
  private readonly owner: Int32Array;
  private readonly picked: Uint8Array;
  private centerRows: Float32Array;
  private centerCount = 0;
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
  /** Float32 SIMD distances that rule most candidates out before the exact kernel (null: plain JS only). */
  private readonly screen: DistanceScreen | null;

  /** `rows` holds candidate `p`'s vector at row `rowIndex[p]`; `screened` false measures everything exactly (for tests). */
  constructor(
    private readonly rows: Float32Array,
    private readonly dim: number,
    private readonly rowIndex: Uint32Array,
    screened = true,
  ) {
    this.screen = screened ? DistanceScreen.create(rows, dim, rowIndex) : null;
    this.n = rowIndex.length;
    this.nearest = new Float64Array(this.n).fill(Infinity);
    this.owner = new Int32Array(this.n).fill(-1);
    this.picked = new Uint8Array(this.n);
    this.unreached = Uint32Array.from({ length: this.n }, (_, i) => i);
    this.gap = new Float64Array(16);
    this.moved = new Uint32Array(this.n);
    this.centerRows = new Float32Array(16 * dim);
  }

  /** Candidate `position`'s vector (a view, valid while `rows` lives). */
  vector(position: number): Float32Array {
    const start = this.rowIndex[position] * this.dim;
    return this.rows.subarray(start, start + this.dim);
  }

  /** Marks a candidate as picked, so it is never returned by `farthest` again. Call before `addCenter`. */
  pick(position: number): void {
    this.picked[position] = 1;
    this.dirty = this.owner[position];
  }

  /** Largest squared distance of any candidate to its nearest center (Infinity while one has none). */
  coveringRadius(): number {
    if (this.unreached.length > 0) return Infinity;
    let radius = 0;
    for (let g = 0; g < this.radius.length; g++) if (this.radius[g] > radius) radius = this.radius[g];
    return radius;
  }

  /** The unpicked candidate farthest from every center (lowest position on ties), or -1; and its squared distance (Infinity while unreached). */
  farthest(): { position: number; distance: number } {
    if (this.unreached.length > 0) {
      for (const p of this.unreached) if (!this.picked[p]) return { position: p, distance: Infinity };
    }
    let best = -1;
    let bestDistance = -1;
    for (let g = 0; g < this.far.length; g++) {
      const d = this.farDistance[g];
      if (d > bestDistance || (d === bestDistance && d >= 0 && this.far[g] < best)) {
        bestDistance = d;
        best = this.far[g];
      }
    }
    return { position: best, distance: bestDistance };
  }

  addCenter(center: ArrayLike<number>): void {
    const c = this.centerCount;
    const at = this.storeCenter(center);
    this.screen?.addCenter(center);
    const gap = this.gapBuffer(c);
    this.measureGaps(at, c, gap);
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
      this.stealInOrder(at, c, scan);
      this.regroup();
    } else {
      if (this.unreached.length > 0) this.unreached = this.steal(this.unreached, -1, at, c);
      for (let g = 0; g < c; g++) {
        if (!scan[g]) continue;
        this.members[g] = this.steal(this.members[g], g, at, c);
        this.measure(g);
      }
      this.members.push(this.moved.slice(0, this.movedCount));
      this.measure(c);
    }
    this.dirty = -2;
  }

  /** Copies the center into the block of centers; returns its offset there. */
  private storeCenter(center: ArrayLike<number>): number {
    const at = this.centerCount * this.dim;
    if (this.centerRows.length < at + this.dim) {
      const grown = new Float32Array(this.centerRows.length * 2);
      grown.set(this.centerRows);
      this.centerRows = grown;
    }
    for (let j = 0; j < this.dim; j++) this.centerRows[at + j] = center[j];
    this.centerCount++;
    return at;
  }

  /**
   * Squared gaps from the new center (at `at`) to every earlier one; a gap only ever skips work, so a lower
   * bound does: the exact kernel stops once a gap reaches twice the group's radius, the screen rounds down.
   */
  private measureGaps(at: number, c: number, gap: Float64Array): void {
    const { screen, dim, centerRows, radius } = this;
    if (!screen) {
      for (let j = 0; j < c; j++) gap[j] = radius[j] > 0 ? rowDistanceBelow(centerRows, at, centerRows, j * dim, dim, 4 * radius[j]) : 0;
      return;
    }
    for (let from = 0; from < c; from += screen.capacity) {
      const count = Math.min(screen.capacity, c - from);
      for (let i = 0; i < count; i++) {
        screen.idx[i] = from + i;
        screen.lim[i] = screen.widen(4 * radius[from + i]);
      }
      screen.centersScreen(count);
      for (let i = 0; i < count; i++) gap[from + i] = radius[from + i] > 0 ? screen.lowerBound(i) : 0;
    }
  }

  private stealInOrder(at: number, c: number, scan: Uint8Array): void {
    const { nearest, owner, gap, screen } = this;
    let m = 0;
    for (let p = 0; p < this.n; p++) {
      const g = owner[p];
      const current = nearest[p];
      if (current === 0 || (g >= 0 && (!scan[g] || gap[g] >= 4 * current))) continue;
      if (screen && current < Infinity) screen.queue(m++, p, current);
      else this.moveIfNearer(p, at, c);
    }
    if (!screen) return;
    screen.rows(m);
    for (let i = 0; i < m; i++) {
      const p = screen.idx[i];
      if (!screen.ruledOut(i)) this.moveIfNearer(p, at, c);
    }
  }

  /** The exact test: candidate `p` moves to center `c` (stored at `at`) when strictly nearer to it. */
  private moveIfNearer(p: number, at: number, c: number): boolean {
    const current = this.nearest[p];
    const d = rowDistanceBelow(this.centerRows, at, this.rows, this.rowIndex[p] * this.dim, this.dim, current);
    if (d >= current) return false;
    this.nearest[p] = d;
    this.owner[p] = c;
    return true;
  }

  /** Rebuilds every group's member list from `owner` (a counting sort, so lists stay in memory order). */
  private regroup(): void {
    const groups = this.centerCount;
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

  /** Moves to center `c` (stored at `at`) the members of `list` nearer to it; returns those that stay. */
  private steal(list: Uint32Array, g: number, at: number, c: number): Uint32Array {
    const { nearest, moved, screen } = this;
    const limit = g >= 0 ? this.gap[g] : -1;
    if (screen) {
      let m = 0;
      for (let i = 0; i < list.length; i++) {
        const current = nearest[list[i]];
        if (current !== 0 && current < Infinity && limit < 4 * current) screen.queue(m++, list[i], current);
      }
      screen.rows(m);
    }
    let movedCount = this.movedCount;
    let kept = 0;
    let screened = 0;
    for (let i = 0; i < list.length; i++) {
      const p = list[i];
      const current = nearest[p];
      if (current !== 0 && limit < 4 * current) {
        const maybe = !screen || current === Infinity || !screen.ruledOut(screened++);
        if (maybe && this.moveIfNearer(p, at, c)) {
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
