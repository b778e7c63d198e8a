import { describe, expect, it } from 'vitest';
import { SiftError } from '../errors';
import { DEFAULT_LOOP_PICK, MIX_RANDOM_SHARE, pickReviewBatch, type PickInput } from './loop-pick';

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
