// Vectors of any image items (real or synthetic) for the reports that compare them: the built-in pixels
// embedder's stored vectors where it ran, else (and for items added after it ran, such as exemplars)
// the same fixed function computed from the decoded pixels.
import { SiftError, throwIfAborted } from '../core/errors';
import { embedImageInto, imagePixelsDim } from '../core/features/image';
import { mulberry32, shuffleInPlace } from '../core/random';
import { greyIfGrey } from '../core/synthetic/augment-image';
import { db, type Dataset } from './db';
import { vectorsColumn } from './model-runs';
import { readImageFiles, type ImageCodec, type ImageVectors } from './synthetic-image';

export interface ImageRowsVectors {
  /** Row-major rows.length × dim, in the order of `rows`. */
  values: Float32Array;
  dim: number;
  /** How many came from the store, and how many were computed from the images. */
  read: number;
  computed: number;
}

/**
 * Vectors computed from images, kept while the worker lives: the checks of one batch (its report, the
 * canary students, a set comparison) read the same images again. Keyed by the dataset, row, id and the
 * file's length and FNV-1a hash, so a changed file (or a test's database reusing an id) never hits an
 * old vector; the spec names the function. Cleared whole past a bound.
 */
const computedCache = new Map<string, Float32Array>();
const CACHE_MAX = 100_000;

export function forgetImageVectors(): void {
  computedCache.clear();
}

function bytesHash(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return h >>> 0;
}

/**
 * The vectors of `rows` (dataset-wide indices, ascending). A stored vector chunk can be shorter than its
 * item chunk (exemplars appended after the embedder ran): the rows past its end are computed.
 */
export async function imageRowsVectors(dataset: Dataset, rows: Uint32Array, vectors: ImageVectors, codec: ImageCodec, signal?: AbortSignal): Promise<ImageRowsVectors> {
  for (let t = 1; t < rows.length; t++) if (rows[t] <= rows[t - 1]) throw new SiftError('image-vectors/order', 'Image rows must be ascending and distinct.');
  const dim = imagePixelsDim(vectors.spec);
  const values = new Float32Array(rows.length * dim);
  const stored = new Map<number, Float32Array>();
  if (vectors.stored) {
    const chunks = await db().columns.where('[datasetId+name]').equals([dataset.id, vectorsColumn(vectors.stored)]).toArray();
    for (const c of chunks) stored.set(c.chunk, c.data as Float32Array);
  }
  const missing: number[] = [];
  rows.forEach((row, t) => {
    const chunk = Math.floor(row / dataset.chunkSize);
    const offset = (row - chunk * dataset.chunkSize) * dim;
    const data = stored.get(chunk);
    if (data && offset + dim <= data.length) values.set(data.subarray(offset, offset + dim), t * dim);
    else missing.push(t);
  });
  if (missing.length > 0) {
    const files = await readImageFiles(dataset, Uint32Array.from(missing, (t) => rows[t]));
    const spec = JSON.stringify(vectors.spec);
    for (const [k, file] of files.entries()) {
      throwIfAborted(signal);
      const key = `${dataset.id}\u0000${rows[missing[k]]}\u0000${file.id}\u0000${file.bytes.length}:${bytesHash(file.bytes)}\u0000${spec}`;
      const hit = computedCache.get(key);
      if (hit) {
        values.set(hit, missing[k] * dim);
        continue;
      }
      embedImageInto(greyIfGrey(await codec.decode(file.bytes, file.type, file.id)), vectors.spec, values, missing[k] * dim);
      if (computedCache.size >= CACHE_MAX) computedCache.clear();
      computedCache.set(key, values.slice(missing[k] * dim, (missing[k] + 1) * dim));
    }
  }
  return { values, dim, read: rows.length - missing.length, computed: missing.length };
}

/** At most `max` of `rows`, drawn with a fixed seed and kept ascending (all of them when there are fewer). */
export function sampleRows(rows: Uint32Array, max: number, seed: number): Uint32Array {
  if (rows.length <= max) return rows;
  return shuffleInPlace(Uint32Array.from(rows), mulberry32(seed)).slice(0, max).sort();
}
