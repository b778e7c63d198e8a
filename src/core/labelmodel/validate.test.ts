import { describe, expect, it } from 'vitest';
import { SiftError } from '../errors';
import { fitLabelModel } from './fit';
import { predict } from './predict';
import { validateVoteMatrix, voteMatrixFromRows } from './validate';

function errorOf(run: () => unknown): SiftError {
  try {
    run();
  } catch (error) {
    if (error instanceof SiftError) return error;
    throw error;
  }
  throw new Error('expected a SiftError');
}

describe('bad votes', () => {
  it('names the item and source of a vote outside [−1, k)', () => {
    const error = errorOf(() => validateVoteMatrix({ n: 2, m: 3, k: 2, votes: Int8Array.from([0, 1, -1, 1, 2, 0]) }));
    expect(error.code).toBe('votes/out-of-range');
    expect(error.details).toMatchObject({ item: 1, source: 1, vote: 2 });
    expect(error.message).toMatch(/Item 1, source 1: vote 2/);
    expect(errorOf(() => fitLabelModel({ n: 1, m: 2, k: 3, votes: Int8Array.from([0, -2]) }, 'ds')).details).toMatchObject({ item: 0, source: 1, vote: -2 });
    const params = fitLabelModel({ n: 1, m: 2, k: 3, votes: Int8Array.from([0, 1]) }, 'ds');
    expect(errorOf(() => predict(params, { n: 2, m: 2, k: 3, votes: Int8Array.from([0, 1, 3, 0]) })).details).toMatchObject({ item: 1, source: 0, vote: 3 });
    const majority = fitLabelModel({ n: 1, m: 2, k: 3, votes: Int8Array.from([0, 1]) }, 'mv');
    expect(errorOf(() => predict(majority, { n: 1, m: 2, k: 3, votes: Int8Array.from([-5, 1]) })).code).toBe('votes/out-of-range');
  });

  it('rejects a votes array of the wrong length', () => {
    expect(errorOf(() => validateVoteMatrix({ n: 2, m: 3, k: 2, votes: new Int8Array(5) })).code).toBe('votes/shape');
  });

  it('rejects fewer than two or more than 127 classes', () => {
    expect(errorOf(() => validateVoteMatrix({ n: 1, m: 1, k: 1, votes: new Int8Array(1) })).code).toBe('votes/classes');
    expect(errorOf(() => validateVoteMatrix({ n: 1, m: 1, k: 200, votes: new Int8Array(1) })).code).toBe('votes/classes');
  });

  it('accepts 120 classes', () => {
    expect(() => validateVoteMatrix({ n: 1, m: 2, k: 120, votes: Int8Array.from([119, -1]) })).not.toThrow();
  });

  it('rows: ragged, non-integer and out-of-range votes name the item and source', () => {
    const name = (i: number) => `Item "${['a', 'b', 'c'][i]}"`;
    const ragged = errorOf(() => voteMatrixFromRows([[0, 1], [1]], 2, name));
    expect(ragged.code).toBe('votes/ragged');
    expect(ragged.message).toMatch(/Item "b" has 1 votes; the first item has 2/);
    const fraction = errorOf(() => voteMatrixFromRows([[0, 1], [1, 0.5]], 2, name));
    expect(fraction.code).toBe('votes/not-integer');
    expect(fraction.message).toMatch(/Item "b", source 1: vote 0.5/);
    expect(errorOf(() => voteMatrixFromRows([[0, '1']], 2)).code).toBe('votes/not-integer');
    const range = errorOf(() => voteMatrixFromRows([[0, 1], [1, 0], [3, 0]], 2, name));
    expect(range.code).toBe('votes/out-of-range');
    expect(range.message).toMatch(/Item "c", source 0: vote 3/);
  });

  it('rows: builds the row-major matrix', () => {
    expect(voteMatrixFromRows([[0, -1], [1, 1]], 2)).toEqual({ n: 2, m: 2, k: 2, votes: Int8Array.from([0, -1, 1, 1]) });
  });
});
