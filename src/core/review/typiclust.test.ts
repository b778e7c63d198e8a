import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random';
import type { DenseFeatures, SparseFeatures } from '../student/features';
import { FeatureDots } from './feature-dots';
import { clusterOrder, mostTypical, typiclustPicks } from './typiclust';

/** Points on a line (2-d, second coordinate 0): distances are plain differences. */
const line = (xs: number[]): DenseFeatures => ({ kind: 'dense', n: xs.length, shape: [2], values: Float32Array.from(xs.flatMap((x) => [x, 0])) });

/** Three tight groups of unit directions (east ×8, north ×7, west ×6) plus two empty rows. */
function groups(): SparseFeatures {
  const rows: [number, number][][] = [];
  for (let i = 0; i < 8; i++) rows.push([[0, 1], [1, 0.05 * i]]);
  for (let i = 0; i < 7; i++) rows.push([[1, 1], [2, 0.05 * i]]);
  for (let i = 0; i < 6; i++) rows.push([[3, 1], [2, 0.05 * i]]);
  rows.push([], []);
  const rowStart = new Uint32Array(rows.length + 1);
  rows.forEach((r, i) => (rowStart[i + 1] = rowStart[i] + r.length));
  return { kind: 'sparse', n: rows.length, shape: [4], rowStart, indices: Int32Array.from(rows.flat().map(([j]) => j)), values: Float32Array.from(rows.flat().map(([, v]) => v)) };
}

describe('mostTypical', () => {
  it('takes the item with the smallest mean distance to its K = ⌊size/2⌋ nearest fellow members', () => {
    // Members 0..4 at 0, 1, 1.5, 2, 10: K = 2; mean distances 1.25, 0.75, 0.5, 0.75, 8.25 → item 2.
    expect(mostTypical([0, 1, 2, 3, 4], new FeatureDots(line([0, 1, 1.5, 2, 10])))).toBe(2);
  });

  it('looks at the K nearest only, so a far outlier does not move the choice', () => {
    // K = 1 of 3 members: item 0 (0) and item 1 (0.1) are each other's nearest; the tie goes to the lower index.
    expect(mostTypical([0, 1, 2], new FeatureDots(line([0, 0.1, 5])))).toBe(0);
    // Only members count: item 1 is not one here, so item 2 (0.3) is nearest to 0.
    expect(mostTypical([0, 2, 3], new FeatureDots(line([0, 0.05, 0.3, 9])))).toBe(0);
  });
});

describe('clusterOrder', () => {
  it('visits clusters without reviewed items first, larger first, and skips clusters of ≤ 5 items', () => {
    // Sizes: cluster 0: 6, 1: 8, 2: 7 (one reviewed), 3: 2.
    const cluster = Int32Array.from([...Array(6).fill(0), ...Array(8).fill(1), ...Array(7).fill(2), 3, 3]);
    const isRevealed = new Uint8Array(cluster.length);
    isRevealed[14] = 1;
    expect(clusterOrder(cluster, isRevealed)).toEqual([1, 0, 2]);
  });

  it('falls back to the small clusters when no larger one exists', () => {
    expect(clusterOrder(Int32Array.from([0, 1, 1, 2, 2, 2]), new Uint8Array(6))).toEqual([2, 1, 0]);
  });
});

describe('typiclustPicks', () => {
  const f = groups();
  const n = f.n;

  it('is deterministic for a seed and picks one typical item per group', () => {
    const input = () => ({ n, features: f, eligible: new Uint8Array(n).fill(1), isRevealed: new Uint8Array(n), random: mulberry32(7) });
    const a = typiclustPicks(input(), 3);
    expect(typiclustPicks(input(), 3)).toEqual(a);
    // One pick per direction group (east 0–7, north 8–14, west 15–20), the group's middle-most item.
    const group = (i: number) => (i < 8 ? 0 : i < 15 ? 1 : i < 21 ? 2 : 3);
    expect(new Set(a.map(group))).toEqual(new Set([0, 1, 2]));
  });

  it('never picks a reviewed or ineligible item and stops when nothing is left', () => {
    const isRevealed = new Uint8Array(n);
    isRevealed[3] = isRevealed[10] = 1;
    const eligible = Uint8Array.from(isRevealed, (r) => 1 - r);
    eligible[0] = eligible[20] = 0; // standing in for items outside the pool (dev, canary)
    const picks = typiclustPicks({ n, features: f, eligible, isRevealed, random: mulberry32(1) }, n);
    expect(picks.length).toBe(n - 4);
    expect(new Set(picks).size).toBe(picks.length);
    for (const i of [0, 3, 10, 20]) expect(picks).not.toContain(i);
  });
});
