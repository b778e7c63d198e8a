import { describe, expect, it } from 'vitest';
import { SiftError } from '../errors';
import { DEFAULT_LOOP_PICK, pickReviewBatch, type PickInput } from './loop-pick';

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
