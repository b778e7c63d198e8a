import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rankQueue, topK } from './queue';
import { disagreementScore, entropyScore, labelIssueScore, leastConfidence, marginScore } from './scores';

const rows = (r: number[][]) => ({ n: r.length, k: r[0].length, probs: Float64Array.from(r.flat()) });
const round = (a: ArrayLike<number>) => Array.from(a, (x) => Math.round(x * 1e4) / 1e4);

const three = rows([
  [0.9, 0.05, 0.05],
  [0.4, 0.4, 0.2],
  [0.5, 0.3, 0.2],
  [1 / 3, 1 / 3, 1 / 3],
]);

describe('review scores', () => {
  it('least confidence, margin and entropy', () => {
    expect(round(leastConfidence(three))).toEqual([0.1, 0.6, 0.5, 0.6667]);
    expect(round(marginScore(three))).toEqual([0.15, 1, 0.8, 1]);
    expect(round(entropyScore(three))).toEqual([0.3944, 1.0549, 1.0297, 1.0986]);
  });

  it('disagreement is the share of voting sources against the prediction; label-issue is 1 − p(given)', () => {
    const votes = Int8Array.from([0, 0, -1, 1, 0, -1, -1, -1, -1]);
    expect(round(disagreementScore(votes, 3, [0, 0, 1]))).toEqual([0, 0.5, 0]);
    expect(round(labelIssueScore(three, [1, -1, 0, 2]))).toEqual([0.95, -Infinity, 0.5, 0.6667]);
  });
});

describe('queue', () => {
  it('takes the top scores among eligible items, highest first, ties to the lower index', () => {
    expect(Array.from(topK([0.1, 0.9, 0.5, 0.9, 0.3], 3))).toEqual([1, 3, 2]);
    expect(Array.from(topK([0.1, 0.9, 0.5, 0.9, 0.3], 3, [1, 0, 1, 1, 1]))).toEqual([3, 2, 4]);
    expect(Array.from(topK([0.2, Number.NaN, -Infinity], 5))).toEqual([0]);
  });

  it('property: equals sorting all eligible items', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 300 }), fc.integer({ min: 0, max: 50 }), fc.integer(), (values, limit, seed) => {
        const eligible = values.map((_, i) => ((i * 7 + seed) % 3 === 0 ? 0 : 1));
        const expected = values
          .map((_, i) => i)
          .filter((i) => eligible[i])
          .sort((a, b) => values[b] - values[a] || a - b)
          .slice(0, limit);
        expect(Array.from(topK(values, limit, eligible))).toEqual(expected);
      }),
    );
  });

  it('each strategy ranks by its own score; diverse spreads the batch over the uncertain pool', () => {
    expect(Array.from(rankQueue('uncertainty', three, { batch: 2 }))).toEqual([3, 1]);
    expect(Array.from(rankQueue('label-issue', { ...three, labels: [1, -1, 0, 2] }, { batch: 4 }))).toEqual([0, 3, 2]);
    // Four uncertain items: two near-identical pairs; the diverse batch of 2 takes one from each.
    const probs = rows([
      [0.5, 0.5],
      [0.51, 0.49],
      [0.52, 0.48],
      [0.53, 0.47],
      [0.99, 0.01],
    ]);
    const vectors = Float32Array.from([0, 0, 0, 0.1, 5, 5, 5, 5.1, 9, 9]);
    expect(Array.from(rankQueue('margin', probs, { batch: 2 }))).toEqual([0, 1]);
    expect(Array.from(rankQueue('diverse', { ...probs, vectors, dim: 2 }, { batch: 2, poolFactor: 2 }))).toEqual([0, 3]);
    expect(() => rankQueue('diverse', probs, { batch: 2 })).toThrow(/needs item vectors/);
    expect(() => rankQueue('disagreement', probs, { batch: 2 })).toThrow(/needs the sources/);
  });
});
