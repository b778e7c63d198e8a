import { describe, expect, it } from 'vitest';
import { SiftError } from '../errors';
import { mulberry32 } from '../random';
import { fitLabelModel, fitPatterns } from './fit';
import { pairCountsOfPatterns, pairCountsOfRows } from './pair-counts';
import { compressVotes } from './patterns';
import { predict } from './predict';
import type { LabelModelParams, VoteMatrix } from './types';

/** Votes drawn independently per cell, abstain with probability `abstain`, some rows all-abstain. */
function randomMatrix(n: number, m: number, k: number, seed: number, abstain: number): VoteMatrix {
  const random = mulberry32(seed);
  const votes = new Int8Array(n * m);
  for (let i = 0; i < n; i++) {
    const silent = random() < 0.05;
    for (let j = 0; j < m; j++) votes[i * m + j] = silent || random() < abstain ? -1 : Math.floor(random() * k);
  }
  return { n, m, k, votes };
}

/** The definition, item by item: every ordered pair of the row's votes, itself included. */
function bruteForcePairs({ n, m, k, votes }: VoteMatrix): Float64Array {
  const d = m * k;
  const counts = new Float64Array(d * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      for (let l = 0; l < m; l++) {
        const v = votes[i * m + j];
        const u = votes[i * m + l];
        if (v >= 0 && u >= 0) counts[(j * k + v) * d + l * k + u]++;
      }
    }
  }
  return counts;
}

/** Per item, skipping abstentions, as prediction was written before the branch-free table. */
function predictPerItem(params: LabelModelParams, { n, m, k, votes }: VoteMatrix): Float64Array {
  const out = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const score = Array.from(params.base);
    let voted = false;
    for (let j = 0; j < m; j++) {
      const v = votes[i * m + j];
      if (v < 0) continue;
      voted = true;
      for (let c = 0; c < k; c++) score[c] += params.delta[(j * k + v) * k + c];
    }
    let probs: number[];
    if (!voted) probs = Array.from(params.prior);
    else if (params.link === 'ovr') {
      const s = score.map((x) => 1 / (1 + Math.exp(-x)));
      const total = s.reduce((a, b) => a + b, 0);
      probs = s.map((x) => x / total);
    } else {
      const top = Math.max(...score);
      const e = score.map((x) => Math.exp(x - top));
      const total = e.reduce((a, b) => a + b, 0);
      probs = e.map((x) => x / total);
    }
    for (let c = 0; c < k; c++) out[i * k + c] = probs[c];
  }
  return out;
}

const cases: [number, number, number, number, number][] = [
  [2_000, 6, 2, 1, 0.5],
  [3_000, 12, 4, 2, 0.7],
  [1_500, 9, 7, 3, 0.3],
  [800, 3, 3, 4, 0.9],
  [100_000, 8, 3, 5, 0.6], // over the canonical-order limit's worth of rows, many repeats
];

describe('pair counts: one pass over the rows equals the counts over distinct patterns', () => {
  it.each(cases)('n=%i m=%i k=%i (seed %i, abstain %f)', (n, m, k, seed, abstain) => {
    const matrix = randomMatrix(n, m, k, seed, abstain);
    const rows = pairCountsOfRows(matrix);
    expect(Array.from(rows.counts)).toEqual(Array.from(pairCountsOfPatterns(compressVotes(matrix)).counts));
    if (n <= 3_000) expect(Array.from(rows.counts)).toEqual(Array.from(bruteForcePairs(matrix)));
  });

  it('names the item and source of a vote outside [−1, k)', () => {
    const matrix: VoteMatrix = { n: 3, m: 3, k: 2, votes: Int8Array.from([0, 1, -1, -1, -1, -1, 1, 0, 2]) };
    let error: unknown;
    try {
      pairCountsOfRows(matrix);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SiftError);
    expect((error as SiftError).details).toMatchObject({ item: 2, source: 2, vote: 2 });
    expect(() => fitLabelModel({ n: 1, m: 2, k: 3, votes: Int8Array.from([-2, 0]) }, 'snorkel')).toThrow(/Item 0, source 0: vote -2/);
  });
});

describe('the row path of fitLabelModel equals the pattern path', () => {
  for (const method of ['snorkel', 'fs', 'mv'] as const) {
    it.each(cases)(`${method}: n=%i m=%i k=%i (seed %i, abstain %f)`, (n, m, k, seed, abstain) => {
      const matrix = randomMatrix(n, m, k, seed, abstain);
      const rows = fitLabelModel(matrix, method, { seed: 3 });
      const patterns = fitPatterns(compressVotes(matrix), method, { seed: 3 });
      expect(Array.from(rows.base)).toEqual(Array.from(patterns.base));
      expect(Array.from(rows.delta)).toEqual(Array.from(patterns.delta));
      expect(Array.from(rows.sourceAccuracy)).toEqual(Array.from(patterns.sourceAccuracy));
      expect(rows.iterations).toBe(patterns.iterations);
    });
  }
});

describe('branch-free prediction equals the per-item definition', () => {
  for (const method of ['snorkel', 'fs', 'ds'] as const) {
    it.each(cases.slice(0, 4))(`${method}: n=%i m=%i k=%i (seed %i, abstain %f)`, (n, m, k, seed, abstain) => {
      const matrix = randomMatrix(n, m, k, seed, abstain);
      const params = fitLabelModel(matrix, method);
      const { probs, covered } = predict(params, matrix);
      const expected = predictPerItem(params, matrix);
      for (let i = 0; i < probs.length; i++) expect(Math.abs(probs[i] - expected[i])).toBeLessThan(1e-6);
      for (let i = 0; i < n; i++) expect(covered[i]).toBe(matrix.votes.subarray(i * m, (i + 1) * m).some((v) => v >= 0) ? 1 : 0);
    });
  }
});
