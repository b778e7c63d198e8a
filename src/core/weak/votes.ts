import { SiftError } from '../errors';

/**
 * Vote columns as stored (one Int8Array per source, n long) and the row-major n×m matrix the label
 * models and the LF analysis read. Typed arrays throughout: a million items are a few buffers.
 */

/** Interleaves per-source columns into a row-major n×m matrix (item i, source j at i*m + j). */
export function interleaveColumns(columns: readonly Int8Array[], n: number): Int8Array {
  const m = columns.length;
  const votes = new Int8Array(n * m);
  for (let j = 0; j < m; j++) {
    const column = columns[j];
    if (column.length !== n) throw new SiftError('votes/shape', `Source ${j} has ${column.length} votes for ${n} items`, { source: j });
    for (let i = 0, at = j; i < n; i++, at += m) votes[at] = column[i];
  }
  return votes;
}

/** The rows `rows` of a row-major n×m matrix, in that order. */
export function takeRows(votes: Int8Array, m: number, rows: ArrayLike<number>): Int8Array {
  const out = new Int8Array(rows.length * m);
  for (let r = 0; r < rows.length; r++) out.set(votes.subarray(rows[r] * m, rows[r] * m + m), r * m);
  return out;
}

/** `values[rows[r]]` for every r, into a fresh array of the same kind. */
export function takeValues<T extends Int8Array | Int16Array | Int32Array | Uint8Array>(values: T, rows: ArrayLike<number>): T {
  const out = new (values.constructor as new (length: number) => T)(rows.length);
  for (let r = 0; r < rows.length; r++) out[r] = values[rows[r]];
  return out;
}

export function takeStrings(values: ArrayLike<string>, rows: ArrayLike<number>): string[] {
  const out = new Array<string>(rows.length);
  for (let r = 0; r < rows.length; r++) out[r] = values[rows[r]];
  return out;
}

/** The top probability of each row of an n×k matrix: how sure the model is of its label. */
export function confidenceOf(probs: Float32Array, k: number): Float32Array {
  const n = probs.length / k;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let top = probs[i * k];
    for (let c = 1; c < k; c++) if (probs[i * k + c] > top) top = probs[i * k + c];
    out[i] = top;
  }
  return out;
}
