import { SiftError, throwIfAborted } from '../errors';

/** Pair codes a·n + b are exact in a double while n² < 2^53. */
export const MAX_ITEMS = 94_906_265;

export function checkItemCount(n: number): void {
  if (n > MAX_ITEMS) throw new SiftError('dedupe/too-many', `Near-duplicate search handles at most ${MAX_ITEMS.toLocaleString('en')} texts; this has ${n.toLocaleString('en')}.`);
}

/**
 * LSH candidate pairs from band keys, in typed arrays: for each band the items are sorted by (key,
 * index), and each run of equal keys (a bucket) pairs every member with its next `maxBucket`
 * neighbours. `keys[i · bands + b]` is item i's key in band b; only `items` (ascending) take part.
 * Returns the distinct pair codes a·n + b (a < b), ascending.
 */
export function candidatePairs(keys: Uint32Array, bands: number, items: Int32Array, n: number, maxBucket: number, signal?: AbortSignal): Float64Array {
  checkItemCount(n);
  const pairs = new PairCodes();
  const m = items.length;
  const band = new Uint32Array(m);
  for (let b = 0; b < bands; b++) {
    throwIfAborted(signal);
    for (let r = 0; r < m; r++) band[r] = keys[items[r] * bands + b];
    const order = sortByKey(band);
    for (let start = 0; start < m; ) {
      const key = band[order[start]];
      let end = start + 1;
      while (end < m && band[order[end]] === key) end++;
      for (let x = start; x < end; x++) {
        const a = items[order[x]];
        const last = Math.min(end, x + 1 + maxBucket);
        for (let y = x + 1; y < last; y++) {
          const c = items[order[y]];
          pairs.push(a < c ? a * n + c : c * n + a);
        }
      }
      start = end;
    }
  }
  return pairs.distinct();
}

/** A growing list of pair codes that sorts and drops repeats before it grows, so repeats across bands cost no memory. */
class PairCodes {
  private codes = new Float64Array(1 << 16);
  private length = 0;

  push(code: number): void {
    if (this.length === this.codes.length) {
      this.length = compact(this.codes, this.length);
      if (this.length > this.codes.length / 2) {
        const grown = new Float64Array(this.codes.length * 2);
        grown.set(this.codes.subarray(0, this.length));
        this.codes = grown;
      }
    }
    this.codes[this.length++] = code;
  }

  distinct(): Float64Array {
    return this.codes.slice(0, compact(this.codes, this.length));
  }
}

function compact(codes: Float64Array, length: number): number {
  const view = codes.subarray(0, length).sort();
  let out = 0;
  for (let i = 0; i < length; i++) if (i === 0 || view[i] !== view[out - 1]) view[out++] = view[i];
  return out;
}

/** Positions ordered by key, then position; packed into doubles (key · 2^21 + position) for a native sort when they fit. */
function sortByKey(key: Uint32Array): Uint32Array {
  const m = key.length;
  if (m <= 1 << 21) {
    const packed = new Float64Array(m);
    for (let i = 0; i < m; i++) packed[i] = key[i] * 2097152 + i;
    packed.sort();
    const order = new Uint32Array(m);
    for (let i = 0; i < m; i++) order[i] = packed[i] % 2097152;
    return order;
  }
  return Uint32Array.from({ length: m }, (_, i) => i).sort((a, b) => key[a] - key[b] || a - b);
}
