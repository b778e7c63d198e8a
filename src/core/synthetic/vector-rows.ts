// Embedding vectors (of images) as a student-check's features: the same standardisation as a table's
// numeric columns, so the one-vs-rest logistic regression of student-check serves tables, texts and images.
import { SiftError } from '../errors';
import type { SparseRows } from '../stats/logistic';

/**
 * Rows of the row-major n × dim `values` as sparse rows, each dimension standardised with the mean and
 * standard deviation of `fitRows` only (the rows a student is scored on shape nothing). A dimension that
 * is constant on the fit rows carries no signal there and is left out, as a constant table column is.
 */
export function encodeVectors(values: Float32Array, dim: number, fitRows: ArrayLike<number>): SparseRows {
  if (!(dim > 0) || values.length % dim) throw new SiftError('student-check/vectors', `Vectors of ${dim} values do not divide ${values.length} values.`);
  if (fitRows.length === 0) throw new SiftError('student-check/no-rows', 'The student has no rows to fit its scaling on.');
  const n = values.length / dim;
  const mean = new Float64Array(dim);
  const sd = new Float64Array(dim);
  for (let t = 0; t < fitRows.length; t++) for (let j = 0; j < dim; j++) mean[j] += values[fitRows[t] * dim + j];
  for (let j = 0; j < dim; j++) mean[j] /= fitRows.length;
  for (let t = 0; t < fitRows.length; t++) for (let j = 0; j < dim; j++) sd[j] += (values[fitRows[t] * dim + j] - mean[j]) ** 2;
  const kept: number[] = [];
  for (let j = 0; j < dim; j++) {
    sd[j] = Math.sqrt(sd[j] / fitRows.length);
    if (sd[j] > 0) kept.push(j);
  }
  const d = kept.length;
  const start = new Uint32Array(n + 1);
  const index = new Uint32Array(n * d);
  const value = new Float32Array(n * d);
  let at = 0;
  for (let r = 0; r < n; r++) {
    for (let k = 0; k < d; k++) {
      const j = kept[k];
      const v = (values[r * dim + j] - mean[j]) / sd[j];
      if (v === 0) continue;
      index[at] = k;
      value[at++] = v;
    }
    start[r + 1] = at;
  }
  return { d, start, index: index.slice(0, at), value: value.slice(0, at) };
}
