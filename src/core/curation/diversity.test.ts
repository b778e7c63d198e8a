import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random';
import { kCenterCover, kCenterGreedy, sampleCandidates, squaredDistance, squaredDistanceBelow } from './diversity';

/** The textbook version: recompute every item's distance to every pick, every round. */
function naiveKCenter(vectors: Float32Array, dim: number, k: number, initial: number[] = []): number[] {
  return naiveAmong(vectors, dim, k, Array.from({ length: vectors.length / dim }, (_, i) => i), initial);
}

/** The textbook loop over a candidate subset, with earlier picks that may lie outside it. */
function naiveAmong(vectors: Float32Array, dim: number, k: number, candidates: number[], initial: number[]): number[] {
  const picks: number[] = [];
  const centers = [...initial];
  if (candidates.length === 0) return picks;
  if (centers.length === 0) {
    picks.push(candidates[0]);
    centers.push(candidates[0]);
  }
  while (picks.length < Math.min(k, candidates.length)) {
    let best = -1;
    let bestD = -1;
    for (const i of candidates) {
      if (picks.includes(i) || initial.includes(i)) continue;
      const d = Math.min(...centers.map((c) => squaredDistance(vectors, dim, i, c)));
      if (d > bestD) {
        bestD = d;
        best = i;
      }
    }
    if (best < 0) break;
    picks.push(best);
    centers.push(best);
  }
  return picks;
}

function clustered(n: number, dim: number, seed: number): Float32Array {
  const random = mulberry32(seed);
  const centers = Array.from({ length: 8 }, () => Array.from({ length: dim }, () => random() * 20));
  const out = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const c = centers[Math.floor(random() * centers.length)];
    for (let j = 0; j < dim; j++) out[i * dim + j] = c[j] + random() - 0.5;
  }
  return out;
}

describe('k-center greedy', () => {
  it('picks the farthest point each round (1-D hand case)', () => {
    const points = Float32Array.from([0, 1, 2, 10, 11, 5]);
    expect(Array.from(kCenterGreedy(points, 1, 4))).toEqual([0, 4, 5, 2]);
    // Far from already-labeled items first: with 11 chosen, 0 is farthest, then 5.
    expect(Array.from(kCenterGreedy(points, 1, 2, { initial: [4] }))).toEqual([0, 5]);
    // Only among candidates.
    expect(Array.from(kCenterGreedy(points, 1, 2, { candidates: [1, 2, 5] }))).toEqual([1, 5]);
  });

  it('matches the textbook algorithm on clustered data (the triangle-inequality skip changes nothing)', () => {
    const dim = 7;
    const vectors = clustered(400, dim, 3);
    expect(Array.from(kCenterGreedy(vectors, dim, 40))).toEqual(naiveKCenter(vectors, dim, 40));
    expect(Array.from(kCenterGreedy(vectors, dim, 25, { initial: [5, 17] }))).toEqual(naiveKCenter(vectors, dim, 25, [5, 17]));
  });

  it('property: same picks as the textbook algorithm on random points', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 20 }), fc.integer(), (n, dim, k, seed) => {
        const random = mulberry32(seed);
        const vectors = Float32Array.from({ length: n * dim }, () => Math.round(random() * 100) / 10);
        const picks = Array.from(kCenterGreedy(vectors, dim, k));
        expect(new Set(picks).size).toBe(picks.length);
        expect(picks).toEqual(naiveKCenter(vectors, dim, k));
      }),
      { numRuns: 100 },
    );
  });

  it('property: same picks as the textbook loop with candidates, earlier picks and duplicate points', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 30 }), fc.integer(), (n, dim, k, seed) => {
        const random = mulberry32(seed);
        // Few distinct values, so many points coincide and distances tie.
        const vectors = Float32Array.from({ length: n * dim }, () => Math.floor(random() * 4));
        const candidates = Array.from({ length: n }, (_, i) => i).filter(() => random() < 0.7);
        const initial = Array.from({ length: n }, (_, i) => i).filter(() => random() < 0.15);
        const picks = Array.from(kCenterGreedy(vectors, dim, k, { candidates, initial }));
        expect(picks).toEqual(naiveAmong(vectors, dim, k, candidates, initial));
      }),
      { numRuns: 200 },
    );
  });

  it('property: the covering radius is the farthest candidate from its nearest pick or earlier center', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 25 }), fc.integer(), (n, dim, k, seed) => {
        const random = mulberry32(seed);
        const vectors = Float32Array.from({ length: n * dim }, () => Math.floor(random() * 6));
        const candidates = Array.from({ length: n }, (_, i) => i).filter(() => random() < 0.8);
        const initial = Array.from({ length: n }, (_, i) => i).filter(() => random() < 0.1);
        const { picks, radius } = kCenterCover(vectors, dim, k, { candidates, initial });
        expect(Array.from(picks)).toEqual(Array.from(kCenterGreedy(vectors, dim, k, { candidates, initial })));
        const centers = [...initial, ...picks];
        let worst = 0;
        for (const i of candidates) worst = Math.max(worst, Math.min(...centers.map((c) => squaredDistance(vectors, dim, i, c))));
        expect(radius).toBeCloseTo(candidates.length ? Math.sqrt(worst) : 0, 9);
      }),
      { numRuns: 200 },
    );
  });

  it('covering radius by hand: 1-D points, two picks', () => {
    // Picks 0 then 10; 5 is then 5 away from both.
    expect(kCenterCover(Float32Array.from([0, 5, 10]), 1, 2)).toEqual({ picks: Uint32Array.from([0, 2]), radius: 5 });
  });

  it('matches the textbook loop with many more picks than clusters (groups skipped whole)', () => {
    const dim = 16;
    const vectors = clustered(700, dim, 11);
    expect(Array.from(kCenterGreedy(vectors, dim, 100))).toEqual(naiveKCenter(vectors, dim, 100));
  });

  it('refuses candidates and earlier picks outside the vectors', () => {
    expect(() => kCenterGreedy(new Float32Array(4), 2, 1, { candidates: [0, 2] })).toThrow('Candidate 2 is outside the 2 vectors.');
    expect(() => kCenterGreedy(new Float32Array(4), 2, 1, { initial: [5] })).toThrow('Already chosen item 5 is outside the 2 vectors.');
  });

  it('a partial distance is returned only once it reaches the limit', () => {
    const random = mulberry32(9);
    const vectors = Float32Array.from({ length: 2 * 70 }, () => random() * 4 - 2);
    const full = squaredDistance(vectors, 70, 0, 1);
    expect(squaredDistanceBelow(vectors, 70, 0, 1, Infinity)).toBe(full);
    expect(squaredDistanceBelow(vectors, 70, 0, 1, full + 1)).toBe(full);
    const partial = squaredDistanceBelow(vectors, 70, 0, 1, full / 4);
    expect(partial).toBeGreaterThanOrEqual(full / 4);
    expect(partial).toBeLessThan(full);
  });

  it('samples distinct candidates in order, the same for the same seed', () => {
    const sample = Array.from(sampleCandidates(1000, 100, 4));
    expect(new Set(sample).size).toBe(100);
    expect(sample).toEqual([...sample].sort((a, b) => a - b));
    expect(sample.every((i) => i >= 0 && i < 1000)).toBe(true);
    expect(Array.from(sampleCandidates(1000, 100, 4))).toEqual(sample);
    expect(Array.from(sampleCandidates(1000, 100, 5))).not.toEqual(sample);
    expect(Array.from(sampleCandidates(5, 10, 1))).toEqual([0, 1, 2, 3, 4]);
    expect(() => sampleCandidates(5, 0, 1)).toThrow('A candidate sample needs at least 1 item; got 0.');
  });

  it('refuses vectors that do not split into rows', () => {
    expect(() => kCenterGreedy(new Float32Array(5), 2, 1)).toThrow('Vectors of length 5 do not split into rows of 2.');
  });
});
