import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random';
import { DistanceScreen } from './distance-screen';
import { kCenterCover, kCenterGreedy } from './diversity';
import { KCenterGroups } from './kcenter-groups';
import { squaredDistance } from './vector-distance';

/** The greedy loop straight over KCenterGroups, screened or exact only. */
function greedy(vectors: Float32Array, dim: number, k: number, screened: boolean): number[] {
  const n = vectors.length / dim;
  const groups = new KCenterGroups(vectors, dim, Uint32Array.from({ length: n }, (_, i) => i), screened);
  const picks = [0];
  groups.pick(0);
  groups.addCenter(groups.vector(0));
  while (picks.length < Math.min(k, n)) {
    const { position } = groups.farthest();
    if (position < 0) break;
    picks.push(position);
    groups.pick(position);
    groups.addCenter(groups.vector(position));
  }
  return picks;
}

/** The textbook loop: every candidate against every pick, in Float64. */
function textbook(vectors: Float32Array, dim: number, k: number): number[] {
  const n = vectors.length / dim;
  const picks = [0];
  while (picks.length < Math.min(k, n)) {
    let best = -1;
    let bestD = -1;
    for (let i = 0; i < n; i++) {
      if (picks.includes(i)) continue;
      const d = Math.min(...picks.map((c) => squaredDistance(vectors, dim, i, c)));
      if (d > bestD) {
        bestD = d;
        best = i;
      }
    }
    picks.push(best);
  }
  return picks;
}

describe('Float32 SIMD distance screen', () => {
  it('is available here (Node and Chromium have WebAssembly SIMD)', () => {
    expect(DistanceScreen.create(new Float32Array(8), 4, Uint32Array.from([0, 1]))).not.toBeNull();
  });

  it('property: the Float32 gap between centers is a lower bound of the exact one, within the margin', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 70 }), fc.integer(), fc.constantFrom(1e-3, 1, 1e6), (n, dim, seed, scale) => {
        const random = mulberry32(seed);
        const vectors = Float32Array.from({ length: (n + 1) * dim }, () => (random() - 0.5) * scale);
        const screen = DistanceScreen.create(vectors, dim, Uint32Array.from([0]))!;
        for (let c = 0; c <= n; c++) screen.addCenter(vectors.subarray(c * dim, c * dim + dim));
        for (let i = 0; i < n; i++) {
          screen.idx[i] = i;
          screen.lim[i] = Infinity;
        }
        screen.centersScreen(n);
        for (let i = 0; i < n; i++) {
          const exact = squaredDistance(vectors, dim, i, n);
          expect(screen.lowerBound(i)).toBeLessThanOrEqual(exact);
          expect(screen.lowerBound(i)).toBeGreaterThanOrEqual(exact * (1 - 3 * screen.margin) - 1e-29);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('property: the Int8 grid rules a row out only when the exact distance is no smaller, and rules out clear cases', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 40 }), fc.integer({ min: 1, max: 150 }), fc.integer(), fc.constantFrom(1e-3, 1, 1e6), (n, dim, seed, scale) => {
        const random = mulberry32(seed);
        const vectors = Float32Array.from({ length: n * dim }, () => (random() - 0.5) * scale);
        const screen = DistanceScreen.create(vectors, dim, Uint32Array.from({ length: n - 1 }, (_, i) => i))!;
        screen.addCenter(vectors.subarray((n - 1) * dim));
        const exact = Array.from({ length: n - 1 }, (_, i) => squaredDistance(vectors, dim, i, n - 1));
        // Limits just below, at, just above, and far below each exact distance.
        for (const factor of [0.25, 0.999, 1, 1.001]) {
          exact.forEach((d, i) => screen.queue(i, i, d * factor));
          screen.rows(n - 1);
          exact.forEach((d, i) => {
            if (factor > 1 && d > 0) expect(screen.ruledOut(i)).toBe(false);
          });
          // At a quarter of the distance the grid's error (254 steps a dimension) is far too small to matter.
          if (factor === 0.25 && dim >= 8 && n >= 10) expect(exact.filter((d, i) => screen.ruledOut(i)).length).toBeGreaterThanOrEqual(0.8 * (n - 1));
        }
      }),
      { numRuns: 100 },
    );
  });

  it('the Float32 screen gives up once the partial sum reaches the limit, still a lower bound', () => {
    const dim = 64;
    const vectors = Float32Array.from({ length: 2 * dim }, (_, j) => (j < dim ? 1 : 0));
    const screen = DistanceScreen.create(vectors, dim, Uint32Array.from([0]))!;
    screen.addCenter(vectors.subarray(0, dim));
    screen.addCenter(vectors.subarray(dim));
    screen.idx[0] = 0;
    screen.lim[0] = 10;
    screen.centersScreen(1);
    // 32 squared differences of 1 are summed before the first check.
    expect(screen.out[0]).toBe(32);
    expect(screen.lowerBound(0)).toBeLessThanOrEqual(64);
  });

  it('grows its memory for centers without losing earlier ones', () => {
    const dim = 300;
    const random = mulberry32(2);
    const vectors = Float32Array.from({ length: 3 * dim }, () => random());
    const screen = DistanceScreen.create(vectors, dim, Uint32Array.from([0, 1, 2]))!;
    for (let c = 0; c < 600; c++) screen.addCenter(vectors.subarray((c % 3) * dim, (c % 3) * dim + dim));
    for (let i = 0; i < 600; i++) {
      screen.idx[i] = i;
      screen.lim[i] = Infinity;
    }
    for (let from = 0; from < 600; from += screen.capacity) {
      const count = Math.min(screen.capacity, 600 - from);
      for (let i = 0; i < count; i++) screen.idx[i] = from + i;
      screen.centersScreen(count);
      for (let i = 0; i < count; i++) expect(screen.lowerBound(i)).toBeLessThanOrEqual(squaredDistance(vectors, dim, (from + i) % 3, 2));
      for (let i = 0; i < count; i++) if ((from + i) % 3 === 2) expect(screen.out[i]).toBe(0);
    }
  });

  it('property: screened picks equal exact-only picks and the textbook loop, with ties', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 25 }), fc.integer(), (n, dim, k, seed) => {
        const random = mulberry32(seed);
        const vectors = Float32Array.from({ length: n * dim }, () => Math.floor(random() * 3));
        const expected = textbook(vectors, dim, k);
        expect(greedy(vectors, dim, k, true)).toEqual(expected);
        expect(greedy(vectors, dim, k, false)).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });

  it('picks what the textbook loop does where Float32 squares overflow or fall below the smallest normal', () => {
    for (const scale of [1e20, 1e-22, 1e-40]) {
      const random = mulberry32(5);
      const dim = 9;
      const vectors = Float32Array.from({ length: 80 * dim }, () => Math.floor(random() * 7) * scale);
      expect(greedy(vectors, dim, 30, true)).toEqual(textbook(vectors, dim, 30));
    }
  });

  it('on clustered data with near-equal distances, screened picks equal exact-only picks', () => {
    const random = mulberry32(8);
    const dim = 64;
    const centers = Float32Array.from({ length: 40 * dim }, () => random() * 20 - 10);
    const vectors = new Float32Array(3000 * dim);
    for (let i = 0; i < 3000; i++) {
      const c = Math.floor(random() * 40) * dim;
      for (let j = 0; j < dim; j++) vectors[i * dim + j] = centers[c + j] + random() - 0.5;
    }
    expect(greedy(vectors, dim, 400, true)).toEqual(greedy(vectors, dim, 400, false));
    expect(Array.from(kCenterCover(vectors, dim, 400).picks)).toEqual(greedy(vectors, dim, 400, false));
  });

  it('more earlier centers than the screen holds at once (gaps in several batches): the textbook picks', () => {
    const random = mulberry32(12);
    const dim = 5;
    const n = 1300;
    const vectors = Float32Array.from({ length: n * dim }, () => Math.floor(random() * 9));
    const candidates = Array.from({ length: 60 }, (_, i) => i * 20);
    const initial = Array.from({ length: n }, (_, i) => i).filter((i) => i % 20 !== 0);
    const centers = [...initial];
    const expected: number[] = [];
    for (let round = 0; round < 12; round++) {
      let best = -1;
      let bestD = -1;
      for (const i of candidates) {
        if (expected.includes(i)) continue;
        let d = Infinity;
        for (const c of centers) d = Math.min(d, squaredDistance(vectors, dim, i, c));
        if (d > bestD) {
          bestD = d;
          best = i;
        }
      }
      expected.push(best);
      centers.push(best);
    }
    expect(initial.length).toBeGreaterThan(1024);
    expect(Array.from(kCenterGreedy(vectors, dim, 12, { candidates, initial }))).toEqual(expected);
  });
});
