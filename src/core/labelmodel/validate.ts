import { SiftError } from '../errors';
import type { VoteMatrix } from './types';

/** Int8 holds votes up to 127; one value is kept back so k itself stays representable. */
export const MAX_CLASSES = 127;

function checkShape(n: number, m: number, k: number): void {
  if (!Number.isInteger(n) || n < 0) throw new SiftError('votes/shape', `The number of items must be a whole number ≥ 0, got ${n}.`, { n });
  if (!Number.isInteger(m) || m < 1) throw new SiftError('votes/shape', `There must be at least one source, got ${m}.`, { m });
  if (!Number.isInteger(k) || k < 2 || k > MAX_CLASSES) {
    throw new SiftError('votes/classes', `The number of classes must be between 2 and ${MAX_CLASSES}, got ${k}.`, { k });
  }
}

export function outOfRange(item: number, source: number, vote: number, k: number, name = `Item ${item}`): SiftError {
  return new SiftError(
    'votes/out-of-range',
    `${name}, source ${source}: vote ${vote} is outside the classes 0…${k - 1} (−1 means abstain).`,
    { item, source, vote, k },
  );
}

/** Sizes and type only; the votes themselves are checked by whoever reads them all anyway. */
export function checkVoteShape(matrix: VoteMatrix): void {
  const { n, m, k, votes } = matrix;
  checkShape(n, m, k);
  if (!(votes instanceof Int8Array)) throw new SiftError('votes/type', 'Votes must be an Int8Array (row-major items × sources).');
  if (votes.length !== n * m) {
    throw new SiftError('votes/shape', `Expected ${n} items × ${m} sources = ${n * m} votes, got ${votes.length}.`, { n, m, length: votes.length });
  }
}

/** Throws a SiftError naming the first bad item/source; returns the matrix so calls can be chained. */
export function validateVoteMatrix(matrix: VoteMatrix): VoteMatrix {
  checkVoteShape(matrix);
  const { m, k, votes } = matrix;
  for (let i = 0; i < votes.length; i++) {
    const vote = votes[i];
    if (vote < -1 || vote >= k) throw outOfRange(Math.floor(i / m), i % m, vote, k);
  }
  return matrix;
}

/**
 * Builds a matrix from plain rows (parsed JSON, an LF run), rejecting ragged rows, non-integers and
 * out-of-range votes with the item and source named. `itemName` lets callers show their own ids.
 */
export function voteMatrixFromRows(
  rows: ArrayLike<ArrayLike<unknown>>,
  k: number,
  itemName: (item: number) => string = (item) => `Item ${item}`,
): VoteMatrix {
  const n = rows.length;
  if (n === 0) throw new SiftError('votes/empty', 'There are no items to read votes from.');
  const m = rows[0].length;
  checkShape(n, m, k);
  const votes = new Int8Array(n * m);
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    if (row.length !== m) {
      throw new SiftError('votes/ragged', `${itemName(i)} has ${row.length} votes; the first item has ${m}. Every item needs one vote per source.`, {
        item: i,
        expected: m,
        got: row.length,
      });
    }
    for (let j = 0; j < m; j++) {
      const vote = row[j];
      if (typeof vote !== 'number' || !Number.isInteger(vote)) {
        throw new SiftError('votes/not-integer', `${itemName(i)}, source ${j}: vote ${JSON.stringify(vote)} is not a whole number.`, {
          item: i,
          source: j,
          vote,
        });
      }
      if (vote < -1 || vote >= k) throw outOfRange(i, j, vote, k, itemName(i));
      votes[i * m + j] = vote;
    }
  }
  return { n, m, k, votes };
}
