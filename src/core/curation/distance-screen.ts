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
}

/**
 * Float32 SIMD distances from the newest center to candidate rows or to earlier centers, used only to rule
 * out: a candidate is known to be no nearer than `limit` when the screened distance reaches `limit` by
 * more than Float32 rounding can explain (`margin`). Anything else is measured again with the exact
 * Float64 kernel, so k-center's picks are the textbook loop's to the bit.
 *
 * Memory: [idx | lim | out: `capacity` each][candidate rows, zero-padded to 8 floats][centers, growing].
 */
export class DistanceScreen {
  /** Relative margin: Float32 sums of `dim` non-negative terms are within dim·2^-24 of exact; this is far wider. */
  readonly margin: number;
  readonly capacity: number;
  idx!: Uint32Array;
  lim!: Float32Array;
  out!: Float32Array;
  private floats!: Float32Array;
  private readonly stride: number;
  private readonly rowsAt: number;
  private readonly centersAt: number;
  private centers = 0;

  private constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly kernel: Kernel,
    private readonly dim: number,
    n: number,
  ) {
    this.margin = 1e-3 + dim * 2 ** -20;
    this.capacity = Math.max(n, 1024);
    this.stride = Math.ceil(dim / 8) * 32;
    this.rowsAt = this.capacity * 12;
    this.centersAt = this.rowsAt + n * this.stride;
    this.views();
  }

  /** A screen over candidate `p`'s row `rowIndex[p]` of `rows`; null when the kernel is missing or the rows too large. */
  static create(rows: Float32Array, dim: number, rowIndex: Uint32Array): DistanceScreen | null {
    const n = rowIndex.length;
    const stride = Math.ceil(dim / 8) * 32;
    if (n * stride > MAX_SCREEN_BYTES) return null;
    const module = kernelModule();
    if (!module) return null;
    const memory = new WebAssembly.Memory({ initial: Math.ceil((Math.max(n, 1024) * 12 + (n + 16) * stride) / PAGE) });
    const kernel = new WebAssembly.Instance(module, { e: { m: memory } }).exports as unknown as Kernel;
    const screen = new DistanceScreen(memory, kernel, dim, n);
    const width = stride / 4;
    for (let p = 0; p < n; p++) screen.floats.set(rows.subarray(rowIndex[p] * dim, rowIndex[p] * dim + dim), screen.rowsAt / 4 + p * width);
    return screen;
  }

  /** Adds the newest center (the one `rows` and `centers` measure from). */
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
  }

  /** out[i] = screened distance from the newest center to candidate idx[i], given up once it reaches lim[i]. */
  rows(count: number): void {
    if (count > 0) this.kernel.screen(this.newest(), this.rowsAt, this.stride, 0, this.capacity * 4, this.capacity * 8, count);
  }

  /** The same from the newest center to earlier centers idx[i]. */
  centersScreen(count: number): void {
    if (count > 0) this.kernel.screen(this.newest(), this.centersAt, this.stride, 0, this.capacity * 4, this.capacity * 8, count);
  }

  /** The limit to give the kernel for "is it below `limit`": wider by the margin, so a result that reaches it rules `limit` out. */
  widen(limit: number): number {
    return limit * (1 + this.margin) + 2 * TINY;
  }

  /** A lower bound of the exact (Float64) distance behind screened result `i`; 0 when the screen overflowed. */
  lowerBound(i: number): number {
    const d = this.out[i];
    return d < Infinity ? Math.max(0, (d - TINY) / (1 + this.margin)) : 0;
  }

  private newest(): number {
    return this.centersAt + (this.centers - 1) * this.stride;
  }

  private views(): void {
    const buffer = this.memory.buffer;
    this.idx = new Uint32Array(buffer, 0, this.capacity);
    this.lim = new Float32Array(buffer, this.capacity * 4, this.capacity);
    this.out = new Float32Array(buffer, this.capacity * 8, this.capacity);
    this.floats = new Float32Array(buffer);
  }
}
