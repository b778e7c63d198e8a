import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideLabels } from './decide';
import { fitLabelModel, fitPatterns } from './fit';
import { compressVotes } from './patterns';
import { predict } from './predict';
import { methodNames, type VoteMatrix } from './types';

/** A random vote matrix plus a random permutation of its items and of its sources. */
const votesAndPermutations = fc
  .record({ n: fc.integer({ min: 1, max: 80 }), m: fc.integer({ min: 1, max: 6 }), k: fc.integer({ min: 2, max: 4 }) })
  .chain(({ n, m, k }) =>
    fc.record({
      n: fc.constant(n),
      m: fc.constant(m),
      k: fc.constant(k),
      votes: fc.array(fc.integer({ min: -1, max: k - 1 }), { minLength: n * m, maxLength: n * m }),
      itemOrder: fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
      sourceOrder: fc.shuffledSubarray([...Array(m).keys()], { minLength: m, maxLength: m }),
    }),
  );

function permuted(matrix: VoteMatrix, itemOrder: number[], sourceOrder: number[]): VoteMatrix {
  const { n, m, k } = matrix;
  const votes = new Int8Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) votes[i * m + j] = matrix.votes[itemOrder[i] * m + sourceOrder[j]];
  return { n, m, k, votes };
}

const identity = (length: number) => [...Array(length).keys()];

describe('order invariance (property)', () => {
  it.each(methodNames)('%s: permuting items gives the same fit and permutes the output exactly', (method) => {
    fc.assert(
      fc.property(votesAndPermutations, ({ n, m, k, votes, itemOrder }) => {
        const matrix: VoteMatrix = { n, m, k, votes: Int8Array.from(votes) };
        const shuffled = permuted(matrix, itemOrder, identity(m));
        const originalParams = fitLabelModel(matrix, method, { seed: 3 });
        const movedParams = fitLabelModel(shuffled, method, { seed: 3 });
        // Bit-identical parameters (float64), not merely close: the canonical pattern order at work.
        expect(movedParams.sourceAccuracy).toEqual(originalParams.sourceAccuracy);
        expect(movedParams.delta).toEqual(originalParams.delta);
        expect(movedParams.prior).toEqual(originalParams.prior);
        const original = predict(originalParams, matrix);
        const moved = predict(movedParams, shuffled);
        for (let i = 0; i < n; i++) {
          expect(moved.covered[i]).toBe(original.covered[itemOrder[i]]);
          for (let c = 0; c < k; c++) expect(moved.probs[i * k + c]).toBe(original.probs[itemOrder[i] * k + c]);
        }
      }),
      { numRuns: 30 },
    );
  });

  it.each(methodNames)('%s: permuting sources leaves every item’s probabilities unchanged', (method) => {
    fc.assert(
      fc.property(votesAndPermutations, ({ n, m, k, votes, sourceOrder }) => {
        const matrix: VoteMatrix = { n, m, k, votes: Int8Array.from(votes) };
        const shuffled = permuted(matrix, identity(n), sourceOrder);
        const original = fitLabelModel(matrix, method, { seed: 3 });
        const moved = fitLabelModel(shuffled, method, { seed: 3 });
        const a = predict(original, matrix).probs;
        const b = predict(moved, shuffled).probs;
        for (let x = 0; x < a.length; x++) expect(Math.abs(a[x] - b[x])).toBeLessThan(1e-4);
        for (let j = 0; j < m; j++) expect(Math.abs(moved.sourceAccuracy[j] - original.sourceAccuracy[sourceOrder[j]])).toBeLessThan(1e-4);
      }),
      { numRuns: 30 },
    );
  });

  it.each(methodNames)('%s: beyond the canonical-order limit, permuting items changes nothing but rounding', (method) => {
    fc.assert(
      fc.property(votesAndPermutations, ({ n, m, k, votes, itemOrder }) => {
        const matrix: VoteMatrix = { n, m, k, votes: Int8Array.from(votes) };
        const shuffled = permuted(matrix, itemOrder, identity(m));
        const original = predict(fitPatterns(compressVotes(matrix, 0), method, { seed: 3 }), matrix).probs;
        const moved = predict(fitPatterns(compressVotes(shuffled, 0), method, { seed: 3 }), shuffled).probs;
        for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) expect(Math.abs(moved[i * k + c] - original[itemOrder[i] * k + c])).toBeLessThan(1e-5);
      }),
      { numRuns: 25 },
    );
  });

  it('tie-breaks follow the item key, not its position', () => {
    fc.assert(
      fc.property(votesAndPermutations, fc.integer({ min: 0, max: 1000 }), ({ n, m, k, votes, itemOrder }, seed) => {
        const matrix: VoteMatrix = { n, m, k, votes: Int8Array.from(votes) };
        const keys = identity(n).map((i) => `item-${i}`);
        const shuffled = permuted(matrix, itemOrder, identity(m));
        const params = fitLabelModel(matrix, 'mv');
        const before = decideLabels(predict(params, matrix).probs, k, { seed, keys });
        const after = decideLabels(predict(params, shuffled).probs, k, { seed, keys: itemOrder.map((i) => keys[i]) });
        for (let i = 0; i < n; i++) expect(after[i]).toBe(before[itemOrder[i]]);
      }),
      { numRuns: 60 },
    );
  });

  it('compression keeps every row exactly once, with its count, in either order', () => {
    fc.assert(
      fc.property(votesAndPermutations, fc.boolean(), ({ n, m, k, votes }, canonical) => {
        const matrix: VoteMatrix = { n, m, k, votes: Int8Array.from(votes) };
        const patterns = compressVotes(matrix, canonical ? undefined : 0);
        const rowKey = (i: number) => Array.from(matrix.votes.subarray(i * m, (i + 1) * m)).join(',');
        const expected = new Map<string, number>();
        for (let i = 0; i < n; i++) expected.set(rowKey(i), (expected.get(rowKey(i)) ?? 0) + 1);
        const seen = new Map<string, number>();
        for (let p = 0; p < patterns.size; p++) {
          const row = new Array(m).fill(-1);
          for (let e = patterns.start[p]; e < patterns.start[p + 1]; e++) row[Math.floor(patterns.code[e] / k)] = patterns.code[e] % k;
          seen.set(row.join(','), patterns.weight[p]);
        }
        expect(seen).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  });
});
