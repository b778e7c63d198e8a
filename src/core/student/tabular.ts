import { SiftError } from '../errors';
import type { DenseFeatures } from './features';

/**
 * Student features for a table of numeric fields: each column standardised with the mean and standard
 * deviation of the `fitRows` only (the caller passes non-canary rows, so canary values shape nothing).
 * A constant column becomes 0; a missing value (NaN) becomes the column mean, i.e. 0.
 */
export function standardizedFeatures(columns: readonly ArrayLike<number>[], fitRows: ArrayLike<number>, names?: readonly string[]): DenseFeatures {
  if (columns.length === 0) throw new SiftError('student/no-columns', 'A tabular student needs at least one numeric column.');
  const n = columns[0].length;
  const d = columns.length;
  const values = new Float32Array(n * d);
  columns.forEach((column, j) => {
    if (column.length !== n) throw new SiftError('student/shape', `Column ${names?.[j] ?? j} has ${column.length} values; the first has ${n}.`);
    let sum = 0;
    let count = 0;
    for (let r = 0; r < fitRows.length; r++) {
      const v = column[fitRows[r]];
      if (Number.isFinite(v)) {
        sum += v;
        count++;
      }
    }
    if (count === 0) throw new SiftError('student/empty-column', `Column ${names?.[j] ?? j} has no numeric value in the rows the scaling is fitted on.`);
    const mean = sum / count;
    let sq = 0;
    for (let r = 0; r < fitRows.length; r++) {
      const v = column[fitRows[r]];
      if (Number.isFinite(v)) sq += (v - mean) ** 2;
    }
    const sd = Math.sqrt(sq / count);
    for (let i = 0; i < n; i++) {
      const v = column[i];
      values[i * d + j] = Number.isFinite(v) && sd > 0 ? (v - mean) / sd : 0;
    }
  });
  return { kind: 'dense', n, shape: [d], values };
}
