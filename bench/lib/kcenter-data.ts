import { mulberry32 } from '../../src/core/random';

/**
 * k-center benchmark vectors: `n` rows of dimension `dim` around `clusters` random centers in [−10, 10]^dim
 * with uniform unit spread (the shape embeddings of real items have), from their own seed so Node and
 * the browser worker build the same matrix. Shared memory where there is any, so threads read it in place.
 */
export function clusteredVectors(n: number, dim: number, clusters: number, seed: number): Float32Array {
  const random = mulberry32(seed);
  const centers = Float32Array.from({ length: clusters * dim }, () => random() * 20 - 10);
  const buffer = typeof SharedArrayBuffer !== 'undefined' ? new SharedArrayBuffer(n * dim * 4) : new ArrayBuffer(n * dim * 4);
  const out = new Float32Array(buffer);
  for (let i = 0; i < n; i++) {
    const c = Math.floor(random() * clusters) * dim;
    for (let j = 0; j < dim; j++) out[i * dim + j] = centers[c + j] + random() - 0.5;
  }
  return out;
}

/** A short fingerprint of the picks, to compare runtimes without shipping 10k numbers. */
export function picksDigest(picks: Uint32Array): string {
  let h = 0x811c9dc5;
  for (const p of picks) h = Math.imul(h ^ p, 0x01000193) >>> 0;
  return `${picks.length}:${h.toString(16)}`;
}
