import { kernelBytes } from './simd-kernel';

/** Candidate rows are copied into the kernel's memory only while they take at most this much. */
export const MAX_SCREEN_BYTES = 512 * 1024 * 1024;
const PAGE = 65536;
/** Below every Float32 rounding of a squared distance that could be mistaken for a larger one (subnormals). */
const TINY = 1e-30;

let compiled: WebAssembly.Module | null | undefined;

/** The kernel's module, or null where WebAssembly or its SIMD is missing (then k-center measures in plain JS). */
function kernelModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  const bytes = kernelBytes();
  compiled = typeof WebAssembly !== 'undefined' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  return compiled;
}

interface Kernel {
  screen(c: number, base: number, stride: number, idx: number, lim: number, out: number, count: number): void;
  screen8(c: number, base: number, stride: number, idx: number, lim: number, out: number, count: number): void;
}

/** Candidate rows in Int8 on one grid (a scale for all dimensions, a midpoint per dimension) and how far each row lies from its grid point. */
interface Grid {
  offset: Float64Array;
  scale: number;
  /** Float64 slack for the rounding in computing grid points and errors. */
  slack: number;
}

/**
 * Screens from the newest center that rule candidates out before the exact Float64 kernel measures the
 * rest, so k-center's picks stay the textbook loop's to the bit.
 *
 * Candidate rows are held in Int8 on a grid: the grid distance is exact (integers), and by the triangle
 * inequality a row p is at least grid(p, x) − err(p) − err(x) from center x, where err is a row's exact
 * Float64 distance to its grid point. That reads a quarter of the bytes of Float32 rows; the first
 * phase of k-center (a pass over most candidates per pick) is bound by memory reads. Gaps between centers
 * use Float32 SIMD with a margin wider than its rounding.
 *
 * Memory: [idx | lim | out: `capacity` each][Int8 rows][newest center in Int8][Float32 centers, growing].
 */
export class DistanceScreen {
  /** Relative margin of the Float32 screen: its sums of `dim` non-negative terms are within dim·2^-24 of exact; this is far wider. */
  readonly margin: number;
  readonly capacity: number;
  idx!: Uint32Array;
  lim!: Float32Array;
  out!: Float32Array;
  private limInt!: Int32Array;
  private outInt!: Int32Array;
  /** The grid-distance each queued row must reach to be ruled out. */
  private readonly bound: Float64Array;
  private floats!: Float32Array;
  private bytes!: Int8Array;
  private readonly stride: number;
  private readonly stride8: number;
  private readonly rowsAt: number;
  private readonly centerAt: number;
  private readonly centersAt: number;
  private centers = 0;
  /** The newest center's distance to its grid point (with slack). */
  private centerError = 0;

  private constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly kernel: Kernel,
    private readonly dim: number,
    n: number,
    private readonly grid: Grid,
    private readonly error: Float64Array,
  ) {
    this.margin = 1e-3 + dim * 2 ** -20;
    this.capacity = Math.max(n, 1024);
    this.stride = Math.ceil(dim / 8) * 32;
    this.stride8 = Math.ceil(dim / 64) * 64;
    this.rowsAt = this.capacity * 12;
    this.centerAt = this.rowsAt + n * this.stride8;
    this.centersAt = this.centerAt + this.stride8;
    this.bound = new Float64Array(this.capacity);
    this.views();
  }

  /** A screen over candidate `p`'s row `rowIndex[p]` of `rows`; null when the kernel is missing or the rows too large. */
  static create(rows: Float32Array, dim: number, rowIndex: Uint32Array): DistanceScreen | null {
    const n = rowIndex.length;
    const stride8 = Math.ceil(dim / 64) * 64;
    if (n * stride8 > MAX_SCREEN_BYTES) return null;
    const module = kernelModule();
    if (!module) return null;
    const layout = Math.max(n, 1024) * 12 + (n + 1) * stride8 + 16 * Math.ceil(dim / 8) * 32;
    let memory: WebAssembly.Memory;
    try {
      memory = new WebAssembly.Memory({ initial: Math.ceil(layout / PAGE) });
    } catch {
      // Out of (address) space for another WebAssembly memory: the exact kernel alone picks the same.
      return null;
    }
    const kernel = new WebAssembly.Instance(module, { e: { m: memory } }).exports as unknown as Kernel;
    const grid = gridOf(rows, dim, rowIndex);
    const screen = new DistanceScreen(memory, kernel, dim, n, grid, new Float64Array(n));
    for (let p = 0; p < n; p++) screen.error[p] = screen.quantize(rows, rowIndex[p] * dim, screen.rowsAt + p * screen.stride8);
    return screen;
  }

  /** Adds the newest center (the one the screens measure from). */
  addCenter(center: ArrayLike<number>): void {
    const at = this.centersAt + this.centers * this.stride;
    const needed = at + this.stride - this.memory.buffer.byteLength;
    if (needed > 0) {
      this.memory.grow(Math.max(Math.ceil(needed / PAGE), Math.ceil(this.memory.buffer.byteLength / PAGE / 4)));
      this.views();
    }
    const base = at / 4;
    for (let j = 0; j < this.dim; j++) this.floats[base + j] = center[j];
    this.centers++;
    this.centerError = this.quantize(center, 0, this.centerAt);
  }

  /** Queues candidate `p` as the `i`-th row to test against "nearer than `current`". */
  queue(i: number, p: number, current: number): void {
    const { grid } = this;
    const reach = (Math.sqrt(current) * (1 + 1e-9) + this.error[p] + this.centerError) / (grid.scale * (1 - 1e-12));
    const bound = reach * reach;
    this.idx[i] = p;
    this.bound[i] = bound;
    this.limInt[i] = bound >= 2 ** 31 - 1 ? 2 ** 31 - 1 : Math.ceil(bound);
  }

  /** Screens the first `count` queued rows. */
  rows(count: number): void {
    if (count > 0) this.kernel.screen8(this.centerAt, this.rowsAt, this.stride8, 0, this.capacity * 4, this.capacity * 8, count);
  }

  /** Whether queued row `i` is settled as no nearer to the newest center than its `current`. */
  ruledOut(i: number): boolean {
    return this.outInt[i] >= this.bound[i];
  }

  /** Float32 distances from the newest center to earlier centers idx[i], each given up once it reaches lim[i]. */
  centersScreen(count: number): void {
    if (count > 0) this.kernel.screen(this.centersAt + (this.centers - 1) * this.stride, this.centersAt, this.stride, 0, this.capacity * 4, this.capacity * 8, count);
  }

  /** The limit to give the Float32 screen for "is it below `limit`": wider by the margin, so a result that reaches it rules `limit` out. */
  widen(limit: number): number {
    return limit * (1 + this.margin) + 2 * TINY;
  }

  /** A lower bound of the exact (Float64) distance behind Float32 result `i`; 0 when the screen overflowed. */
  lowerBound(i: number): number {
    const d = this.out[i];
    return d < Infinity ? Math.max(0, (d - TINY) / (1 + this.margin)) : 0;
  }

  /** Writes the vector at `from` of `source` on the grid at byte `to`; returns its distance to its grid point, with slack. */
  private quantize(source: ArrayLike<number>, from: number, to: number): number {
    const { offset, scale, slack } = this.grid;
    let error = 0;
    for (let j = 0; j < this.dim; j++) {
      const v = source[from + j];
      const q = Math.max(-127, Math.min(127, Math.round((v - offset[j]) / scale)));
      this.bytes[to + j] = q;
      const e = v - (offset[j] + scale * q);
      error += e * e;
    }
    return Math.sqrt(error) * (1 + 1e-12) + slack;
  }

  private views(): void {
    const buffer = this.memory.buffer;
    this.idx = new Uint32Array(buffer, 0, this.capacity);
    this.lim = new Float32Array(buffer, this.capacity * 4, this.capacity);
    this.out = new Float32Array(buffer, this.capacity * 8, this.capacity);
    this.limInt = new Int32Array(buffer, this.capacity * 4, this.capacity);
    this.outInt = new Int32Array(buffer, this.capacity * 8, this.capacity);
    this.floats = new Float32Array(buffer);
    this.bytes = new Int8Array(buffer);
  }
}

/** The grid over the candidates' finite values: 254 steps across the widest dimension, centered per dimension. */
function gridOf(rows: Float32Array, dim: number, rowIndex: Uint32Array): Grid {
  const low = new Float64Array(dim).fill(Infinity);
  const high = new Float64Array(dim).fill(-Infinity);
  for (let p = 0; p < rowIndex.length; p++) {
    const at = rowIndex[p] * dim;
    for (let j = 0; j < dim; j++) {
      const v = rows[at + j];
      if (v < low[j]) low[j] = v;
      if (v > high[j]) high[j] = v;
    }
  }
  let widest = 0;
  let far = 0;
  const offset = new Float64Array(dim);
  for (let j = 0; j < dim; j++) {
    if (!(high[j] >= low[j] && high[j] - low[j] < Infinity)) continue;
    offset[j] = (low[j] + high[j]) / 2;
    widest = Math.max(widest, high[j] - low[j]);
    far = Math.max(far, Math.abs(offset[j]));
  }
  const scale = widest > 0 ? widest / 254 : 1;
  return { offset, scale, slack: 1e-12 * Math.sqrt(dim) * (far + 128 * scale) };
}
