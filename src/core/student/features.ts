import { SiftError } from '../errors';
import { TextHasher, type HashedNgramsSpec } from '../features/text-hash';

/**
 * Student inputs for every item of a dataset. Text features are hashed n-grams: a few hundred non-zeros
 * out of 16k, so they are kept sparse (CSR) and made dense one batch at a time; 100k texts then cost
 * ~100 MB instead of 6 GB. Image features are dense (every pixel counts).
 */
export interface DenseFeatures {
  kind: 'dense';
  n: number;
  /** Shape of one item's input, e.g. [dim] or [28, 28, 1] (NHWC). */
  shape: number[];
  values: Float32Array;
}

export interface SparseFeatures {
  kind: 'sparse';
  n: number;
  shape: [number];
  /** Row i is entries rowStart[i] .. rowStart[i + 1]. */
  rowStart: Uint32Array;
  indices: Int32Array;
  values: Float32Array;
}

export type FeatureMatrix = DenseFeatures | SparseFeatures;

export function featureWidth(features: FeatureMatrix): number {
  return features.shape.reduce((a, b) => a * b, 1);
}

/** Writes the features of `rows[from .. to)` densely into `out` (row-major, overwritten). */
export function gatherRows(features: FeatureMatrix, rows: ArrayLike<number>, from: number, to: number, out: Float32Array): Float32Array {
  const width = featureWidth(features);
  const count = to - from;
  if (out.length < count * width) throw new SiftError('student/batch', `A batch of ${count} rows needs ${count * width} floats; the buffer has ${out.length}.`);
  if (features.kind === 'dense') {
    for (let r = 0; r < count; r++) {
      const row = rows[from + r];
      out.set(features.values.subarray(row * width, (row + 1) * width), r * width);
    }
    return out;
  }
  out.fill(0, 0, count * width);
  const { rowStart, indices, values } = features;
  for (let r = 0; r < count; r++) {
    const row = rows[from + r];
    const base = r * width;
    for (let e = rowStart[row]; e < rowStart[row + 1]; e++) out[base + indices[e]] = values[e];
  }
  return out;
}

/** Hashed n-gram features of `texts` in CSR form (same values as `TextHasher.featurizeInto`). */
export function hashTexts(texts: ArrayLike<string>, spec: Partial<HashedNgramsSpec>, onRow?: (done: number) => void): SparseFeatures {
  const hasher = new TextHasher(spec);
  const n = texts.length;
  const rowStart = new Uint32Array(n + 1);
  let indices = new Int32Array(Math.max(1024, n * 64));
  let values = new Float32Array(indices.length);
  let at = 0;
  for (let i = 0; i < n; i++) {
    const sparse = hasher.featurizeSparse(texts[i]);
    if (at + sparse.indices.length > indices.length) {
      const size = Math.max(indices.length * 2, at + sparse.indices.length);
      const grownIndices = new Int32Array(size);
      grownIndices.set(indices.subarray(0, at));
      const grownValues = new Float32Array(size);
      grownValues.set(values.subarray(0, at));
      indices = grownIndices;
      values = grownValues;
    }
    indices.set(sparse.indices, at);
    values.set(sparse.values, at);
    at += sparse.indices.length;
    rowStart[i + 1] = at;
    if (onRow && (i & 1023) === 1023) onRow(i + 1);
  }
  return { kind: 'sparse', n, shape: [hasher.dim], rowStart, indices: indices.slice(0, at), values: values.slice(0, at) };
}

/** Row-major dense features of `rows` (for tests and for exporting small sets). */
export function denseRows(features: FeatureMatrix, rows: ArrayLike<number>): Float32Array {
  return gatherRows(features, rows, 0, rows.length, new Float32Array(rows.length * featureWidth(features)));
}
