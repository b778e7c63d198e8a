import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random';
import type { DenseFeatures, SparseFeatures } from '../student/features';
import { badgePicks, GradientEmbeddings, type BadgeInput } from './badge-pick';

/** Random sparse rows (about a third non-zero, some rows empty) and the same rows dense. */
function randomFeatures(n: number, width: number, seed: number): { sparse: SparseFeatures; dense: DenseFeatures } {
  const random = mulberry32(seed);
  const values = new Float32Array(n * width);
  for (let i = 0; i < n; i++) if (i % 5 !== 4) for (let j = 0; j < width; j++) if (random() < 0.35) values[i * width + j] = random() * 2 - 1;
  const rowStart = new Uint32Array(n + 1);
  const idx: number[] = [];
  const val: number[] = [];
  for (let i = 0; i < n; i++) {
    // Columns out of order, as a hasher's touched list may be.
    for (let j = width - 1; j >= 0; j--) if (values[i * width + j] !== 0) (idx.push(j), val.push(values[i * width + j]));
    rowStart[i + 1] = idx.length;
  }
  return { sparse: { kind: 'sparse', n, shape: [width], rowStart, indices: Int32Array.from(idx), values: Float32Array.from(val) }, dense: { kind: 'dense', n, shape: [width], values } };
}

function randomProbs(n: number, k: number, seed: number): Float32Array {
  const random = mulberry32(seed);
  const probs = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let c = 0; c < k; c++) sum += probs[i * k + c] = random() ** 3;
    for (let c = 0; c < k; c++) probs[i * k + c] /= sum;
  }
  return probs;
}

/** g_i = (p_i − e_ŷi) ⊗ h_i written out, k × width per item. */
function denseGradients(n: number, k: number, probs: Float32Array, dense: DenseFeatures): Float64Array[] {
  const width = dense.shape[0];
  return Array.from({ length: n }, (_, i) => {
    const p = Array.from(probs.subarray(i * k, (i + 1) * k));
    const top = p.indexOf(Math.max(...p));
    const g = new Float64Array(k * width);
    for (let c = 0; c < k; c++) for (let j = 0; j < width; j++) g[c * width + j] = (p[c] - (c === top ? 1 : 0)) * dense.values[i * width + j];
    return g;
  });
}

const squaredDistance = (a: Float64Array, b: Float64Array) => a.reduce((s, x, j) => s + (x - b[j]) ** 2, 0);

describe('GradientEmbeddings', () => {
  it('gives the squared distances of the written-out gradient embeddings, from sparse or dense features', () => {
    for (const [n, k, width, seed] of [
      [9, 2, 7, 1],
      [12, 4, 11, 2],
      [7, 6, 5, 3],
    ]) {
      const { sparse, dense } = randomFeatures(n, width, seed);
      const probs = randomProbs(n, k, seed + 100);
      const g = denseGradients(n, k, probs, dense);
      for (const features of [sparse, dense]) {
        const emb = new GradientEmbeddings(n, k, probs, features);
        for (let i = 0; i < n; i++) expect(emb.squaredNorms[i]).toBeCloseTo(g[i].reduce((s, x) => s + x * x, 0), 6);
        for (let c = 0; c < n; c++) {
          const got = emb.squaredDistancesTo(c, new Float64Array(n));
          for (let i = 0; i < n; i++) expect(got[i]).toBeCloseTo(squaredDistance(g[i], g[c]), 6);
        }
      }
    }
  });
});

function badgeInput(n: number, k: number, seed: number, eligible?: Uint8Array): BadgeInput {
  const { sparse } = randomFeatures(n, 13, seed);
  return { n, k, probs: randomProbs(n, k, seed + 7), features: sparse, eligible: eligible ?? new Uint8Array(n).fill(1), random: mulberry32(seed + 11), randomOrder: Uint32Array.from({ length: n }, (_, i) => n - 1 - i) };
}

describe('badgePicks', () => {
  it('picks distinct eligible items, the longest gradient first, the same ones for the same seed', () => {
    const eligible = new Uint8Array(40).fill(1);
    for (const i of [3, 8, 21]) eligible[i] = 0;
    const picks = badgePicks(badgeInput(40, 3, 5, eligible), 12);
    expect(picks).toHaveLength(12);
    expect(new Set(picks).size).toBe(12);
    for (const i of picks) expect(eligible[i]).toBe(1);
    const norms = new GradientEmbeddings(40, 3, badgeInput(40, 3, 5).probs, badgeInput(40, 3, 5).features).squaredNorms;
    const longest = [...norms.keys()].filter((i) => eligible[i]).sort((a, b) => norms[b] - norms[a] || a - b)[0];
    expect(picks[0]).toBe(longest);
    expect(badgePicks(badgeInput(40, 3, 5, eligible), 12)).toEqual(picks);
  });

  it('draws by D²: another seed draws other items after the same first one', () => {
    const a = badgePicks(badgeInput(60, 4, 9), 10);
    const b = badgePicks({ ...badgeInput(60, 4, 9), random: mulberry32(12345) }, 10);
    expect(b[0]).toBe(a[0]);
    expect(b).not.toEqual(a);
  });

  it('never draws an item whose gradient coincides with a centre while others remain', () => {
    // Items 0 and 1 are copies; 2 and 3 differ. After picking one copy the other has D² = 0.
    const features: SparseFeatures = { kind: 'sparse', n: 4, shape: [3], rowStart: Uint32Array.from([0, 1, 2, 3, 4]), indices: Int32Array.from([0, 0, 1, 2]), values: Float32Array.from([1, 1, 1, 1]) };
    const probs = Float32Array.from([0.6, 0.4, 0.6, 0.4, 0.9, 0.1, 0.2, 0.8]);
    for (let seed = 0; seed < 20; seed++) {
      const picks = badgePicks({ n: 4, k: 2, probs, features, eligible: new Uint8Array(4).fill(1), random: mulberry32(seed), randomOrder: Uint32Array.from([1, 0, 3, 2]) }, 3);
      expect(picks[0]).toBe(0);
      expect(picks.slice(1).sort()).toEqual([2, 3]);
    }
  });

  it('falls back to the random order when every gradient is zero, and stops when the pool runs out', () => {
    const features: SparseFeatures = { kind: 'sparse', n: 3, shape: [2], rowStart: Uint32Array.from([0, 1, 2, 3]), indices: Int32Array.from([0, 1, 0]), values: Float32Array.from([1, 1, 2]) };
    const certain = Float32Array.from([1, 0, 0, 1, 1, 0]);
    const picks = badgePicks({ n: 3, k: 2, probs: certain, features, eligible: new Uint8Array(3).fill(1), random: mulberry32(1), randomOrder: Uint32Array.from([2, 1, 0]) }, 5);
    expect(picks).toEqual([0, 2, 1]);
    expect(badgePicks({ n: 3, k: 2, probs: certain, features, eligible: new Uint8Array(3), random: mulberry32(1), randomOrder: Uint32Array.from([2, 1, 0]) }, 2)).toEqual([]);
  });
});
