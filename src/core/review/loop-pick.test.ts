import { describe, expect, it } from 'vitest';
import { SiftError } from '../errors';
import { mulberry32 } from '../random';
import type { DenseFeatures } from '../student/features';
import { badgePicks } from './badge-pick';
import { DEFAULT_LOOP_PICK, isWeightedStrategy, MIX_RANDOM_SHARE, pickReviewBatch, pickWithWeights, STRATIFIED_SHARE, type PickInput } from './loop-pick';

/** Two-class probabilities from p(class 1). */
function input(p1: number[], revealed: number[] = [], revealedLabels: number[] = []): PickInput {
  const n = p1.length;
  const probs = new Float32Array(n * 2);
  p1.forEach((p, i) => {
    probs[i * 2] = 1 - p;
    probs[i * 2 + 1] = p;
  });
  const isRevealed = new Uint8Array(n);
  for (const i of revealed) isRevealed[i] = 1;
  return { n, k: 2, probs, isRevealed, randomOrder: Uint32Array.from([3, 0, 2, 1, 4, 5].filter((i) => i < n)), revealedLabels };
}

describe('pickReviewBatch', () => {
  it('margin picks the items closest to a tie, never a reviewed one', () => {
    expect(pickReviewBatch('margin', input([0.1, 0.48, 0.9, 0.55, 0.7]), 2)).toEqual([1, 3]);
    expect(pickReviewBatch('margin', input([0.1, 0.48, 0.9, 0.55, 0.7], [1]), 2)).toEqual([3, 4]);
  });

  it('random follows the fixed order and skips reviewed items', () => {
    expect(pickReviewBatch('random', input([0.1, 0.48, 0.9, 0.55, 0.7], [3]), 3)).toEqual([0, 2, 1]);
  });

  it('balanced margin serves the class with fewest labels first, then alternates', () => {
    // Predicted class 1: items 3 (0.55), 4 (0.7), 5 (0.8); class 0: items 1 (0.48), 0 (0.1).
    const picks = pickReviewBatch('balanced-margin', input([0.1, 0.48, 0.2, 0.55, 0.7, 0.8], [2], [0, 0]), 4);
    expect(picks).toEqual([3, 1, 4, 0]);
  });

  it('margin-mix fills its random share from the fixed order, never repeating an informed pick', () => {
    expect(MIX_RANDOM_SHARE).toBe(0.3);
    // want 4: round(1.2) = 1 random pick. Margin's top 3 are 1, 3, 4; the order 3, 0, … skips 3.
    expect(pickReviewBatch('margin-mix', input([0.1, 0.48, 0.9, 0.55, 0.7, 0.8]), 4)).toEqual([1, 3, 4, 0]);
    const mixed = pickReviewBatch('balanced-margin-mix', input([0.1, 0.48, 0.9, 0.55, 0.7, 0.8], [2]), 5);
    expect(new Set(mixed).size).toBe(5);
    expect(mixed).not.toContain(2);
  });

  it('disagreement picks items whose sources vote against the model, and needs the votes', () => {
    const x = { ...input([0.1, 0.9, 0.2]), votes: Int8Array.from([1, 1, 1, -1, 0, 1]), m: 2 };
    expect(pickReviewBatch('disagreement', x, 2)).toEqual([0, 2]);
    expect(() => pickReviewBatch('disagreement', input([0.1, 0.9]), 1)).toThrow(/votes/);
  });

  it('default is the named strategy', () => {
    const x = input([0.1, 0.48, 0.9, 0.55, 0.7]);
    expect(pickReviewBatch('default', x, 3)).toEqual(pickReviewBatch(DEFAULT_LOOP_PICK, x, 3));
  });

  it('stops when the pool is used up', () => {
    expect(pickReviewBatch('margin', input([0.1, 0.4], [0]), 5)).toEqual([1]);
    expect(pickReviewBatch('balanced-margin', input([0.1, 0.4], [0, 1]), 5)).toEqual([]);
  });

  it('refuses an unknown strategy by name', () => {
    expect(() => pickReviewBatch('nope' as never, input([0.5]), 1)).toThrow(SiftError);
  });
});

/** Three-class pool: items 0–8 predicted class 0, 9–10 class 1, 11 class 2, with varying confidence. */
function threeClass(revealedLabels: number[] = []): PickInput {
  const top = [0.9, 0.5, 0.8, 0.95, 0.6, 0.7, 0.99, 0.45, 0.85, 0.9, 0.8, 0.9];
  const cls = [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 2];
  const n = top.length;
  const probs = new Float32Array(n * 3);
  top.forEach((p, i) => {
    for (let c = 0; c < 3; c++) probs[i * 3 + c] = c === cls[i] ? p : (1 - p) / 2;
  });
  const randomOrder = Uint32Array.from([4, 8, 0, 6, 2, 11, 9, 3, 5, 1, 7, 10]);
  return { n, k: 3, probs, isRevealed: new Uint8Array(n), randomOrder, revealedLabels };
}

describe('new loop strategies', () => {
  it('stratified-mix: half least confidence, half random picks balanced over the predicted classes', () => {
    expect(STRATIFIED_SHARE).toBe(0.5);
    const picks = pickReviewBatch('stratified-mix', threeClass(), 6);
    // Least confidence first: 7 (0.45), 1 (0.5), 4 (0.6); then one random pick per predicted class.
    expect(picks.slice(0, 3)).toEqual([7, 1, 4]);
    const rest = picks.slice(3);
    const cls = (i: number) => (i < 9 ? 0 : i < 11 ? 1 : 2);
    expect(rest.map(cls).sort()).toEqual([0, 1, 2]);
    // Plain random from the same order would have taken three class-0 items.
    expect(pickReviewBatch('random', threeClass(), 3).map(cls)).toEqual([0, 0, 0]);
  });

  it('stratified-mix serves the class with the fewest labels first', () => {
    const picks = pickReviewBatch('stratified-mix', threeClass([0, 0, 2, 1]), 2);
    // One uncertainty pick (7), one stratified pick from class 1 (fewest labels): 9 comes first in the order.
    expect(picks).toEqual([7, 9]);
  });

  it('random-then-uncertainty: the first batch is random, later ones least confidence', () => {
    const x = threeClass();
    expect(pickReviewBatch('random-then-uncertainty', x, 3)).toEqual(pickReviewBatch('random', x, 3));
    const later = { ...x, revealedLabels: [0] };
    expect(pickReviewBatch('random-then-uncertainty', later, 3)).toEqual(pickReviewBatch('uncertainty', later, 3));
    expect(pickReviewBatch('uncertainty', later, 3)).not.toEqual(pickReviewBatch('random', later, 3));
  });

  it('iw-uncertainty returns weights, and only it; it needs a seeded stream', () => {
    const x = { ...threeClass(), random: mulberry32(1) };
    const { picks, weights } = pickWithWeights('iw-uncertainty', x, 4);
    expect(new Set(picks).size).toBe(4);
    expect(weights).toHaveLength(4);
    expect(isWeightedStrategy('iw-uncertainty')).toBe(true);
    expect(pickWithWeights('uncertainty', x, 4).weights).toBeNull();
    expect(() => pickWithWeights('iw-uncertainty', threeClass(), 1)).toThrow(/seeded random/);
  });

  it('badge and kcenter-features read the pool features and skip reviewed items; they refuse to run without features', () => {
    const x = input([0.1, 0.48, 0.9, 0.55, 0.7, 0.8], [1]);
    const features: DenseFeatures = { kind: 'dense', n: 6, shape: [2], values: Float32Array.from([1, 0, 0, 1, 1, 1, -1, 0, 0, -1, 2, 1]) };
    const badge = pickReviewBatch('badge', { ...x, features, random: mulberry32(4) }, 3);
    expect(badge).toEqual(badgePicks({ n: 6, k: 2, probs: x.probs, features, eligible: Uint8Array.from(x.isRevealed, (r) => 1 - r), random: mulberry32(4), randomOrder: x.randomOrder }, 3));
    expect(badge).not.toContain(1);
    const kc = pickReviewBatch('kcenter-features', { ...x, features }, 3);
    expect(new Set(kc).size).toBe(3);
    expect(kc).not.toContain(1);
    expect(() => pickReviewBatch('badge', x, 1)).toThrow(/features/);
    expect(() => pickReviewBatch('kcenter-features', x, 1)).toThrow(/features/);
    expect(() => pickReviewBatch('badge', { ...x, features }, 1)).toThrow(/seeded random/);
  });

  it('typiclust and cluster-margin pick distinct unreviewed items; they refuse to run without features, a stream or (cluster-margin) the seed', () => {
    const x = input([0.1, 0.48, 0.9, 0.55, 0.7, 0.8], [1]);
    const features: DenseFeatures = { kind: 'dense', n: 6, shape: [2], values: Float32Array.from([1, 0, 0, 1, 1, 1, -1, 0, 0, -1, 2, 1]) };
    for (const s of ['typiclust', 'cluster-margin'] as const) {
      const picks = pickReviewBatch(s, { ...x, features, random: mulberry32(4), seed: 2 }, 3);
      expect(pickReviewBatch(s, { ...x, features, random: mulberry32(4), seed: 2 }, 3)).toEqual(picks);
      expect(new Set(picks).size).toBe(3);
      expect(picks).not.toContain(1);
      expect(() => pickReviewBatch(s, { ...x, random: mulberry32(4), seed: 2 }, 1)).toThrow(/features/);
      expect(() => pickReviewBatch(s, { ...x, features, seed: 2 }, 1)).toThrow(/seeded random/);
    }
    expect(() => pickReviewBatch('cluster-margin', { ...x, features, random: mulberry32(4) }, 1)).toThrow(/seed/);
  });
});
