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

/**
 * One-permutation MinHash with optimal densification (Shrivastava, ICML 2017): each shingle is hashed
 * once; its hash picks one of `bins` bins and the bin keeps its smallest hash; an empty bin copies the
 * first non-empty bin on its own probe sequence. Two texts agree on a bin with probability ≈ their
 * Jaccard similarity, at the cost of one hash per shingle instead of one per shingle per permutation.
 */
export function oneHashSignature(normalized: string, bins: number, seed: number, out: Uint32Array): Uint32Array {
  out.fill(EMPTY);
  let filled = 0;
  forEachShingleHash(normalized, seed, (h) => {
    const bin = Math.floor((h / 4294967296) * bins);
    if (out[bin] === EMPTY) filled++;
    // Hashes within a bin share their top bits; the minimum of the full hash is the bin's min-hash.
    if (h < out[bin]) out[bin] = h;
  });
  if (filled === bins) return out;
  const source = out.slice();
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
