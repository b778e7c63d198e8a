import { describe, expect, it } from 'vitest';
import type { DenseFeatures } from '../student/features';
import { kCenterFeaturePicks } from './kcenter-features';

/** Unit-ish 2-d directions: items 0–2 point east, 3–4 north, 5 west, 6 is empty. */
const features: DenseFeatures = { kind: 'dense', n: 7, shape: [2], values: Float32Array.from([1, 0, 2, 0.1, 3, -0.1, 0, 1, 0.1, 2, -1, 0, 0, 0]) };
const all = () => new Uint8Array(7).fill(1);

describe('kCenterFeaturePicks', () => {
  it('starts at the first item of the random order, then takes the farthest by cosine', () => {
    const picks = kCenterFeaturePicks({ n: 7, features, eligible: all(), isRevealed: new Uint8Array(7), randomOrder: Uint32Array.from([1, 0, 2, 3, 4, 5, 6]) }, 3);
    // From item 1 (east) west (5) is farthest (≈ 2); then the empty item 6 (exactly 1 from both) beats
    // north (3: ≈ 0.95 from item 1, since item 1 leans north a little).
    expect(picks).toEqual([1, 5, 6]);
  });

  it('treats reviewed items as centres already taken and never picks them', () => {
    const isRevealed = new Uint8Array(7);
    isRevealed[0] = isRevealed[5] = 1;
    const eligible = Uint8Array.from(isRevealed, (r) => 1 - r);
    const picks = kCenterFeaturePicks({ n: 7, features, eligible, isRevealed, randomOrder: Uint32Array.from([1, 0, 2, 3, 4, 5, 6]) }, 2);
    expect(picks[0]).toBe(3);
    expect(picks).not.toContain(0);
    expect(picks).not.toContain(5);
    expect(new Set(picks).size).toBe(2);
  });

  it('stops when the pool runs out', () => {
    const eligible = new Uint8Array(7);
    eligible[2] = eligible[4] = 1;
    expect(kCenterFeaturePicks({ n: 7, features, eligible, isRevealed: new Uint8Array(7), randomOrder: Uint32Array.from([6, 5, 4, 3, 2, 1, 0]) }, 5)).toEqual([4, 2]);
  });
});
