import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random';
import { cosineRadiusPairs } from './cosine-radius';

function cosine(data: Float32Array, dim: number, a: number, b: number): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let d = 0; d < dim; d++) {
    dot += data[a * dim + d] * data[b * dim + d];
    na += data[a * dim + d] ** 2;
    nb += data[b * dim + d] ** 2;
  }
  return na === 0 || nb === 0 ? NaN : dot / Math.sqrt(na * nb);
}

/** All pairs, the obvious way. */
function bruteForce(data: Float32Array, dim: number, t: number): string[] {
  const n = data.length / dim;
  const out: string[] = [];
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) if (cosine(data, dim, a, b) >= t) out.push(`${a},${b}`);
  return out;
}

/** Clumps of points around random centres, so some pairs sit near any threshold. */
function clumpy(seed: number, n: number, dim: number, spread: number): Float32Array {
  const random = mulberry32(seed);
  const centres = Array.from({ length: Math.max(1, Math.floor(n / 4)) }, () => Array.from({ length: dim }, () => random() * 2 - 1));
  const data = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const c = centres[Math.floor(random() * centres.length)];
    for (let d = 0; d < dim; d++) data[i * dim + d] = c[d] + (random() * 2 - 1) * spread;
  }
  return data;
}

describe('cosine radius', () => {
  it('finds exactly the pairs all-pairs cosine finds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 2, max: 60 }), fc.integer({ min: 1, max: 12 }), fc.double({ min: 0.5, max: 0.999, noNaN: true }), fc.double({ min: 0.01, max: 0.5, noNaN: true }), (seed, n, dim, t, spread) => {
        const data = clumpy(seed, n, dim, spread);
        const found = cosineRadiusPairs(data, dim, t).map(([a, b]) => `${a},${b}`);
        const expected = bruteForce(data, dim, t);
        // Pairs within float rounding of the threshold may go either way; every other pair must match.
        const near = (key: string) => {
          const [a, b] = key.split(',').map(Number);
          return Math.abs(cosine(data, dim, a, b) - t) < 1e-5;
        };
        expect(found.filter((k) => !expected.includes(k) && !near(k))).toEqual([]);
        expect(expected.filter((k) => !found.includes(k) && !near(k))).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('reports the similarity of each pair, never pairs a zero vector, and refuses a threshold outside (0, 1]', () => {
    const data = Float32Array.from([1, 0, 2, 0.001, 0, 0, 0, 1]);
    expect(cosineRadiusPairs(data, 2, 0.99)).toEqual([[0, 1, expect.closeTo(1, 5)]]);
    expect(() => cosineRadiusPairs(data, 2, 0)).toThrow(/\(0, 1\]/);
    expect(() => cosineRadiusPairs(data, 2, 1.5)).toThrow(/\(0, 1\]/);
    expect(() => cosineRadiusPairs(data, 3, 0.9)).toThrow(/dimension 3/);
  });

  it('matches brute force on 1,500 vectors in 32 dimensions', () => {
    const data = clumpy(7, 1500, 32, 0.08);
    const found = cosineRadiusPairs(data, 32, 0.97).map(([a, b]) => `${a},${b}`);
    const expected = bruteForce(data, 32, 0.97);
    expect(expected.length).toBeGreaterThan(100);
    expect(new Set(found)).toEqual(new Set(expected));
  });
});
