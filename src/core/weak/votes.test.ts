import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { confidenceOf, interleaveColumns, takeRows, takeStrings, takeValues } from './votes';

describe('vote columns', () => {
  it('interleaves columns into a row-major matrix and takes rows back out', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 6 }), fc.integer(), (n, m, seed) => {
        const columns = Array.from({ length: m }, (_, j) => Int8Array.from({ length: n }, (_, i) => ((i * 7 + j * 3 + seed) % 4) - 1));
        const votes = interleaveColumns(columns, n);
        for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) expect(votes[i * m + j]).toBe(columns[j][i]);
        const rows = Array.from({ length: n }, (_, i) => n - 1 - i);
        const reversed = takeRows(votes, m, rows);
        for (let r = 0; r < n; r++) expect(Array.from(reversed.subarray(r * m, r * m + m))).toEqual(Array.from(votes.subarray(rows[r] * m, rows[r] * m + m)));
      }),
    );
  });

  it('refuses a column of the wrong length, naming the source', () => {
    expect(() => interleaveColumns([new Int8Array(3), new Int8Array(2)], 3)).toThrow(/Source 1 has 2 votes for 3 items/);
  });

  it('takes values and strings by row, keeping the array kind', () => {
    const picked = takeValues(Int16Array.from([5, 6, 7]), [2, 0]);
    expect(picked).toBeInstanceOf(Int16Array);
    expect(Array.from(picked)).toEqual([7, 5]);
    expect(takeStrings(['a', 'b', 'c'], [1, 1])).toEqual(['b', 'b']);
  });

  it('confidence is the top probability of each row', () => {
    expect(Array.from(confidenceOf(Float32Array.from([0.2, 0.8, 0.5, 0.5, 1, 0]), 2))).toEqual([Math.fround(0.8), 0.5, 1]);
  });
});
