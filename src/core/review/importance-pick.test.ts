import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random';
import { IW_UNIFORM_SHARE, importanceWeightedPicks, pickProbabilities } from './importance-pick';

/** Two-class probabilities from p(class 1). */
function pool(p1: number[], revealed: number[] = []) {
  const n = p1.length;
  const probs = new Float32Array(n * 2);
  p1.forEach((p, i) => {
    probs[i * 2] = 1 - p;
    probs[i * 2 + 1] = p;
  });
  const isRevealed = new Uint8Array(n);
  for (const i of revealed) isRevealed[i] = 1;
  return { n, k: 2, probs, isRevealed };
}

const p1 = [0.02, 0.5, 0.95, 0.4, 0.99, 0.7, 0.1, 0.55];

describe('importance-weighted uncertainty picks', () => {
  it('mixes least confidence with uniform over the unreviewed pool only', () => {
    const q = pickProbabilities(pool(p1, [1]));
    expect(q[1]).toBe(0);
    expect(q.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    // Every open item keeps at least the uniform share, the most uncertain gets the most.
    for (let i = 0; i < p1.length; i++) if (i !== 1) expect(q[i]).toBeGreaterThanOrEqual(IW_UNIFORM_SHARE / 7 - 1e-12);
    expect(q[7]).toBeGreaterThan(q[0]);
    expect(q[3]).toBeGreaterThan(q[4]);
  });

  it('is uniform when the model is certain of every item', () => {
    const q = pickProbabilities(pool([0, 1, 1, 0]));
    expect(Array.from(q)).toEqual([0.25, 0.25, 0.25, 0.25]);
  });

  it('weights average to 1 over the pool (E_q[w] = 1) and stay within 1/U', () => {
    const x = pool(p1, [2]);
    const q = pickProbabilities(x);
    const { picks, weights } = importanceWeightedPicks(x, 7, mulberry32(3));
    expect([...picks].sort()).toEqual([0, 1, 3, 4, 5, 6, 7]);
    let expected = 0;
    picks.forEach((i, j) => {
      expect(weights[j]).toBeCloseTo(1 / (7 * q[i]), 6);
      expect(weights[j]).toBeLessThanOrEqual(1 / IW_UNIFORM_SHARE + 1e-9);
      expected += q[i] * weights[j];
    });
    expect(expected).toBeCloseTo(1, 9);
  });

  it('single draws give an unbiased estimate of a pool mean (and a biased one unweighted)', () => {
    const x = pool(p1);
    // The quantity uncertainty sampling over-samples: the model's own doubt about each item.
    const f = p1.map((p) => Math.min(p, 1 - p));
    const truth = f.reduce((a, b) => a + b, 0) / f.length;
    const random = mulberry32(11);
    let weighted = 0;
    let plain = 0;
    const draws = 40000;
    for (let t = 0; t < draws; t++) {
      const { picks, weights } = importanceWeightedPicks(x, 1, random);
      weighted += weights[0] * f[picks[0]];
      plain += f[picks[0]];
    }
    expect(weighted / draws).toBeCloseTo(truth, 2);
    expect(plain / draws - truth).toBeGreaterThan(0.03);
  });

  it('draws uncertain items more often, never a reviewed one, and is seeded', () => {
    const x = pool(p1, [7]);
    const hits = new Array(p1.length).fill(0);
    const random = mulberry32(5);
    for (let t = 0; t < 5000; t++) for (const i of importanceWeightedPicks(x, 2, random).picks) hits[i]++;
    expect(hits[7]).toBe(0);
    expect(hits[1]).toBeGreaterThan(hits[4] * 2);
    expect(importanceWeightedPicks(x, 3, mulberry32(9))).toEqual(importanceWeightedPicks(x, 3, mulberry32(9)));
  });

  it('refuses a uniform share outside (0, 1]', () => {
    expect(() => pickProbabilities(pool(p1), 0)).toThrow(/uniform share/);
  });
});
