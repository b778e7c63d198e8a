import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random';
import type { DenseFeatures } from '../student/features';
import { clusterMarginPicks, roundRobin } from './cluster-margin';

describe('roundRobin', () => {
  it('visits the candidates\u2019 clusters smallest first, one random member each, then goes round again', () => {
    // Cluster 5 holds 3 candidates, cluster 2 holds 1, cluster 9 holds 2.
    const cluster = new Int32Array(10);
    cluster[0] = cluster[1] = cluster[2] = 5;
    cluster[3] = 2;
    cluster[4] = cluster[6] = 9;
    const picks = roundRobin([0, 1, 2, 3, 4, 6], cluster, mulberry32(3), 6);
    expect(picks[0]).toBe(3);
    expect([4, 6]).toContain(picks[1]);
    expect([0, 1, 2]).toContain(picks[2]);
    // Second round: cluster 2 is empty, so cluster 9's last member, then cluster 5's.
    expect([4, 6]).toContain(picks[3]);
    expect([0, 1, 2]).toContain(picks[4]);
    expect(new Set(picks)).toEqual(new Set([0, 1, 2, 3, 4, 6]));
  });

  it('stops at the batch size', () => {
    const cluster = Int32Array.from([0, 1, 2, 3]);
    expect(roundRobin([3, 2, 1, 0], cluster, mulberry32(1), 2)).toEqual([0, 1]);
  });
});

describe('clusterMarginPicks', () => {
  // 40 items, 2 classes: item i's probability of class 1 rises with i, so margin is lowest near i = 20.
  const n = 40;
  const probs = Float32Array.from({ length: n * 2 }, (_, j) => (j % 2 ? (Math.floor(j / 2) + 0.5) / n : 1 - (Math.floor(j / 2) + 0.5) / n));
  const features: DenseFeatures = { kind: 'dense', n, shape: [2], values: Float32Array.from({ length: n * 2 }, (_, j) => (j % 2 ? Math.sin(Math.floor(j / 2)) : Math.cos(Math.floor(j / 2)))) };

  it('is deterministic for a seed and draws only from the 10 × batch lowest-margin eligible items', () => {
    const eligible = new Uint8Array(n).fill(1);
    eligible[19] = eligible[20] = 0; // reviewed or outside the pool
    const input = () => ({ n, k: 2, probs, features, eligible, seed: 4, random: mulberry32(11) });
    const picks = clusterMarginPicks(input(), 2);
    expect(clusterMarginPicks(input(), 2)).toEqual(picks);
    expect(picks.length).toBe(2);
    // The 20 lowest-margin eligible items are 10..29 without 19 and 20, plus 9 and 30.
    for (const i of picks) {
      expect(eligible[i]).toBe(1);
      expect(Math.abs(i - 19.5)).toBeLessThanOrEqual(10.5);
    }
  });

  it('never picks an ineligible item, even when the batch asks for the whole pool', () => {
    const eligible = new Uint8Array(n).fill(1);
    for (const i of [0, 7, 20, 39]) eligible[i] = 0;
    const picks = clusterMarginPicks({ n, k: 2, probs, features, eligible, seed: 0, random: mulberry32(2) }, n);
    expect(picks.length).toBe(n - 4);
    expect(new Set(picks).size).toBe(picks.length);
    for (const i of [0, 7, 20, 39]) expect(picks).not.toContain(i);
  });
});
