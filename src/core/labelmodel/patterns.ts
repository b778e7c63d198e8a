import type { VoteMatrix } from './types';
import { checkVoteShape, outOfRange } from './validate';
import { fmix32 } from '../features/murmur3';

/**
 * The distinct vote rows of a matrix, each with how many items share it, stored sparsely (only the
 * votes that are not abstentions). Weak-supervision matrices repeat few rows (WRENCH youtube: 1,586
 * items, 134 rows), so EM over patterns costs a fraction of EM over items; when rows are mostly
 * distinct the sparse layout still skips the abstentions.
 *
 * Up to CANONICAL_LIMIT distinct rows, patterns are sorted by (row hash, row bytes), an order that
 * depends only on the set of rows: the same items in any order give bit-identical patterns and
 * therefore bit-identical fits. Beyond it (mostly distinct rows, where sorting would cost a third of a
 * fit in cache misses) patterns keep first-seen order, and a permutation of the items changes a fit
 * only by floating-point summation order. Which branch runs depends only on the set of rows.
 */
export interface VotePatterns {
  n: number;
  m: number;
  k: number;
  /** Number of distinct rows. */
  size: number;
  /** Items per pattern. */
  weight: Uint32Array;
  /** Pattern p's votes are code[start[p]] … code[start[p+1]-1]. */
  start: Int32Array;
  /** source * k + vote, sources ascending within a pattern; indexes per-(source, vote) tables directly. */
  code: Uint8Array | Uint16Array | Uint32Array;
}

/** Distinct rows up to which patterns are put in canonical order (see VotePatterns). */
export const CANONICAL_LIMIT = 65_536;

/** murmur3's finaliser over the row's FNV-1a hash, so the slot (high bits) and the sort key mix well. */
const finalize = fmix32;

function compareRows(votes: Int8Array, a: number, b: number, m: number): number {
  for (let j = 0; j < m; j++) {
    const d = votes[a + j] - votes[b + j];
    if (d !== 0) return d;
  }
  return 0;
}

/** Stable LSD radix sort of pattern ids by 32-bit hash, two 16-bit passes. */
function sortByHash(hashes: Uint32Array, size: number): { order: Uint32Array } {
  let order = new Uint32Array(size);
  let scratch = new Uint32Array(size);
  for (let p = 0; p < size; p++) order[p] = p;
  const counts = new Uint32Array(65537);
  for (const shift of [0, 16]) {
    counts.fill(0);
    for (let p = 0; p < size; p++) counts[((hashes[p] >>> shift) & 0xffff) + 1]++;
    for (let b = 1; b <= 65536; b++) counts[b] += counts[b - 1];
    for (let i = 0; i < size; i++) {
      const id = order[i];
      scratch[counts[(hashes[id] >>> shift) & 0xffff]++] = id;
    }
    [order, scratch] = [scratch, order];
  }
  return { order };
}

/**
 * Validates the votes in the same pass (every byte is read anyway). Memory: about 4 × 4 bytes per
 * distinct row for the table phase plus the sparse votes; the slot table's buffer becomes `start` and
 * the counts become `weight`, because at a million items each buffer is megabytes.
 */
export function compressVotes(matrix: VoteMatrix, canonicalLimit = CANONICAL_LIMIT): VotePatterns {
  checkVoteShape(matrix);
  const { n, m, k, votes } = matrix;
  // Open addressing at load ≤ 0.77, slots picked by multiply-shift so the table need not be a power of two.
  const tableSize = Math.max(16, Math.ceil(n * 1.3) + 1);
  const slots = new Int32Array(tableSize); // pattern id + 1; 0 = empty
  const firstRow = new Int32Array(n); // item index of the pattern's first row
  const counts = new Uint32Array(n);
  const hashes = new Uint32Array(n);
  let size = 0;
  let entries = 0;
  for (let i = 0; i < n; i++) {
    const offset = i * m;
    let h = 0x811c9dc5;
    let voted = 0;
    for (let j = 0; j < m; j++) {
      const vote = votes[offset + j];
      // One unsigned compare checks −1 ≤ vote < k.
      if ((vote + 1) >>> 0 > k) throw outOfRange(i, j, vote, k);
      if (vote >= 0) voted++;
      h ^= vote + 1;
      h = Math.imul(h, 0x01000193);
    }
    h = finalize(h);
    let slot = Math.floor((h / 4294967296) * tableSize);
    for (;;) {
      const id = slots[slot] - 1;
      if (id < 0) {
        slots[slot] = size + 1;
        firstRow[size] = i;
        counts[size] = 1;
        hashes[size] = h;
        size++;
        entries += voted;
        break;
      }
      if (hashes[id] === h && compareRows(votes, firstRow[id] * m, offset, m) === 0) {
        counts[id]++;
        break;
      }
      slot = slot + 1 === tableSize ? 0 : slot + 1;
    }
  }

  const start = new Int32Array(slots.buffer, 0, size + 1).fill(0);
  const code = m * k <= 0xff ? new Uint8Array(entries) : m * k <= 0xffff ? new Uint16Array(entries) : new Uint32Array(entries);
  if (size > canonicalLimit) {
    // First-seen order: one sequential pass writes each pattern's votes after the previous one's.
    let e = 0;
    for (let id = 0; id < size; id++) {
      const offset = firstRow[id] * m;
      start[id] = e;
      for (let j = 0; j < m; j++) {
        const vote = votes[offset + j];
        if (vote >= 0) code[e++] = j * k + vote;
      }
    }
    start[size] = e;
    return { n, m, k, size, weight: counts.subarray(0, size), start, code };
  }
  const order = canonicalOrder(votes, m, hashes, firstRow, size);
  const rank = hashes; // the hashes are spent: reuse their buffer
  for (let p = 0; p < size; p++) rank[order[p]] = p;
  const weight = order; // ids no longer needed: the buffer takes the weights in canonical order
  for (let id = 0; id < size; id++) weight[rank[id]] = counts[id];
  for (let id = 0; id < size; id++) {
    const offset = firstRow[id] * m;
    let voted = 0;
    for (let j = 0; j < m; j++) if (votes[offset + j] >= 0) voted++;
    start[rank[id] + 1] = voted;
  }
  for (let p = 0; p < size; p++) start[p + 1] += start[p];
  for (let id = 0; id < size; id++) {
    const offset = firstRow[id] * m;
    let e = start[rank[id]];
    for (let j = 0; j < m; j++) {
      const vote = votes[offset + j];
      if (vote >= 0) code[e++] = j * k + vote;
    }
  }
  return { n, m, k, size, weight, start, code };
}

/** Pattern ids sorted by (hash, row bytes). */
function canonicalOrder(votes: Int8Array, m: number, hashes: Uint32Array, firstRow: Int32Array, size: number): Uint32Array {
  const { order } = sortByHash(hashes, size);
  // Distinct rows with equal hashes (rare) are ordered by their bytes.
  for (let run = 0; run < size; ) {
    let end = run + 1;
    while (end < size && hashes[order[end]] === hashes[order[run]]) end++;
    for (let i = run + 1; i < end; i++) {
      const id = order[i];
      let j = i - 1;
      while (j >= run && compareRows(votes, firstRow[order[j]] * m, firstRow[id] * m, m) > 0) {
        order[j + 1] = order[j];
        j--;
      }
      order[j + 1] = id;
    }
    run = end;
  }
  return order;
}
