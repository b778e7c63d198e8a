import { forEachShingleHash } from './shingles';

/**
 * Bands × rows for LSH at Jaccard `threshold`: the most rows per band (fewest false candidates) for
 * which a pair exactly at the threshold still becomes a candidate with probability ≥ `recall`
 * (1 − (1 − t^r)^b). Candidates are verified by exact Jaccard, so erring towards recall only costs time.
 */
export function lshParams(threshold: number, numPerm: number, recall = 0.995): { bands: number; rows: number } {
  let best = { bands: numPerm, rows: 1 };
  for (let rows = 1; rows <= numPerm; rows++) {
    const bands = Math.floor(numPerm / rows);
    if (1 - Math.pow(1 - Math.pow(threshold, rows), bands) >= recall) best = { bands, rows };
  }
  return best;
}

const EMPTY = 0xffffffff;
const FNV_PRIME = 0x01000193;
let scratch = new Uint32Array(128);

/**
 * One-permutation MinHash with optimal densification (Shrivastava, ICML 2017): each shingle is hashed
 * once; its hash picks one of `bins` bins and the bin keeps its smallest hash; an empty bin copies the
 * first non-empty bin on its own probe sequence. Two texts agree on a bin with probability ≈ their
 * Jaccard similarity, at the cost of one hash per shingle instead of one per shingle per permutation.
 *
 * The hot loop of dedupe over millions of texts: the shingle hash of `forEachShingleHash` (shingles.ts)
 * is computed inline over the last five code points held in locals, without a callback or a window
 * array, and the densification copy reuses one buffer; a unit test holds it equal to the plain form.
 */
export function oneHashSignature(normalized: string, bins: number, seed: number, out: Uint32Array): Uint32Array {
  out.fill(EMPTY);
  let filled = 0;
  const start = (seed ^ 5) >>> 0;
  let c0 = 0;
  let c1 = 0;
  let c2 = 0;
  let c3 = 0;
  let c4 = 0;
  let count = 0;
  for (let i = 0; i < normalized.length; i++) {
    const cp = normalized.codePointAt(i)!;
    if (cp > 0xffff) i++;
    c0 = c1;
    c1 = c2;
    c2 = c3;
    c3 = c4;
    c4 = cp;
    if (++count < 5) continue;
    let h = Math.imul(start ^ c0, FNV_PRIME);
    h ^= h >>> 15;
    h = Math.imul(h ^ c1, FNV_PRIME);
    h ^= h >>> 15;
    h = Math.imul(h ^ c2, FNV_PRIME);
    h ^= h >>> 15;
    h = Math.imul(h ^ c3, FNV_PRIME);
    h ^= h >>> 15;
    h = Math.imul(h ^ c4, FNV_PRIME);
    h ^= h >>> 15;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    h >>>= 0;
    const bin = Math.floor((h / 4294967296) * bins);
    if (out[bin] === EMPTY) filled++;
    // Hashes within a bin share their top bits; the minimum of the full hash is the bin's min-hash.
    if (h < out[bin]) out[bin] = h;
  }
  // A text shorter than a shingle is one shingle, hashed with its length: the plain form does it.
  if (count < 5) return oneHashSignaturePlain(normalized, bins, seed, out);
  if (filled === bins) return out;
  if (scratch.length < bins) scratch = new Uint32Array(bins);
  scratch.set(out.subarray(0, bins));
  return densify(out, scratch, bins, seed);
}

/** Fills each empty bin from the first filled one its probe sequence reaches in `source` (a copy of `out`). */
function densify(out: Uint32Array, source: Uint32Array, bins: number, seed: number): Uint32Array {
  for (let bin = 0; bin < bins; bin++) {
    if (source[bin] !== EMPTY) continue;
    for (let attempt = 1; ; attempt++) {
      const probe = Math.floor((probeHash(bin, attempt, seed) / 4294967296) * bins);
      if (source[probe] !== EMPTY) {
        out[bin] = source[probe];
        break;
      }
    }
  }
  return out;
}

/** The same signature through `forEachShingleHash`, written plainly: what the fast form must equal. */
export function oneHashSignaturePlain(normalized: string, bins: number, seed: number, out: Uint32Array): Uint32Array {
  out.fill(EMPTY);
  let filled = 0;
  forEachShingleHash(normalized, seed, (h) => {
    const bin = Math.floor((h / 4294967296) * bins);
    if (out[bin] === EMPTY) filled++;
    if (h < out[bin]) out[bin] = h;
  });
  if (filled === bins) return out;
  return densify(out, out.slice(), bins, seed);
}

function probeHash(bin: number, attempt: number, seed: number): number {
  let h = Math.imul(bin + 1, 0x9e3779b1) ^ Math.imul(attempt, 0x85ebca6b) ^ seed;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 32-bit key for rows `[start, start + rows)` of a signature: equal rows, equal key. */
export function bandKey(signature: Uint32Array, start: number, rows: number): number {
  let h = 0x811c9dc5 ^ start;
  for (let j = start; j < start + rows; j++) {
    h = Math.imul(h ^ signature[j], 0x01000193);
    h ^= h >>> 13;
  }
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  return (h ^ (h >>> 13)) >>> 0;
}
