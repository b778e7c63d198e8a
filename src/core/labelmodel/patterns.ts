import type { VoteMatrix } from './types';

/**
 * The distinct vote rows of a matrix, each with how many items share it, stored sparsely (only the
 * votes that are not abstentions). Weak-supervision matrices repeat few rows (WRENCH youtube: 1,586
 * items, 134 rows), so EM over patterns costs a fraction of EM over items; when rows are mostly
 * distinct the sparse layout still skips the abstentions.
 *
 * Patterns are sorted by (row hash, row bytes), an order that depends only on the set of rows: the
 * same items in any order give bit-identical patterns and therefore bit-identical fits.
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

/** FNV-1a over the row's bytes, then murmur3's finaliser so the low bits (the table slot) mix well. */
function hashRow(votes: Int8Array, offset: number, m: number): number {
  let h = 0x811c9dc5;
  for (let j = 0; j < m; j++) {
    h ^= votes[offset + j] + 1;
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function compareRows(votes: Int8Array, a: number, b: number, m: number): number {
  for (let j = 0; j < m; j++) {
    const d = votes[a + j] - votes[b + j];
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Stable LSD radix sort of pattern ids by 32-bit hash, two 16-bit passes. Returns the sorted ids and
 * the scratch array, which the caller reuses.
 */
function sortByHash(hashes: Uint32Array, size: number): { order: Uint32Array; scratch: Uint32Array } {
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
  return { order, scratch };
}

/**
 * Memory: about 2 × 4 bytes per item for the table phase and the sort, plus the sparse votes; buffers
 * are reused as soon as their first use ends (the slot table becomes `start`, the sort order becomes
 * `weight`) because at a million items each one is megabytes.
 */
export function compressVotes(matrix: VoteMatrix): VotePatterns {
  const { n, m, k, votes } = matrix;
  // Open addressing at load ≤ 0.77, slots picked by multiply-shift so the table need not be a power of two.
  const tableSize = Math.max(16, Math.ceil(n * 1.3) + 1);
  const slots = new Int32Array(tableSize); // pattern id + 1; 0 = empty
  const firstRow = new Int32Array(n); // item index of the pattern's first row
  const counts = new Uint32Array(n);
  const hashes = new Uint32Array(n);
  let size = 0;
  for (let i = 0; i < n; i++) {
    const offset = i * m;
    const h = hashRow(votes, offset, m);
    let slot = Math.floor((h / 4294967296) * tableSize);
    for (;;) {
      const id = slots[slot] - 1;
      if (id < 0) {
        slots[slot] = size + 1;
        firstRow[size] = i;
        counts[size] = 1;
        hashes[size] = h;
        size++;
        break;
      }
      if (hashes[id] === h && compareRows(votes, firstRow[id] * m, offset, m) === 0) {
        counts[id]++;
        break;
      }
      slot = slot + 1 === tableSize ? 0 : slot + 1;
    }
  }

  const { order, scratch } = sortByHash(hashes, size);
  // Distinct rows with equal hashes (rare) are ordered by their bytes so the order stays canonical.
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

  // Lay patterns out in canonical order, but read their rows in first-seen order (sequential memory).
  const rank = scratch;
  for (let p = 0; p < size; p++) rank[order[p]] = p;
  const weight = order.subarray(0, size);
  const start = new Int32Array(slots.buffer, 0, size + 1).fill(0);
  for (let id = 0; id < size; id++) {
    const offset = firstRow[id] * m;
    let voted = 0;
    for (let j = 0; j < m; j++) if (votes[offset + j] >= 0) voted++;
    start[rank[id] + 1] = voted;
    weight[rank[id]] = counts[id];
  }
  for (let p = 0; p < size; p++) start[p + 1] += start[p];
  const entries = start[size];
  const code = m * k <= 0xff ? new Uint8Array(entries) : m * k <= 0xffff ? new Uint16Array(entries) : new Uint32Array(entries);
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
