import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Split } from '../types';
import { heldOutCopies, itemMask, reviewableClusters } from './leakage';

const T = Split.train;
const D = Split.dev;
const C = Split.canary;

// Items 0–5 pool, 6–7 dev, 8–9 canary.
const splits = Uint8Array.from([T, T, T, T, T, T, D, D, C, C]);

describe('held-out copies', () => {
  it('marks the pool members of clusters that hold a dev or canary item, counted per split', () => {
    const clusters = [[0, 1], [2, 6], [3, 4, 8], [5, 7, 9], [6, 8]];
    expect(heldOutCopies(clusters, splits)).toEqual({ items: [2, 3, 4, 5], dev: 2, canary: 3, clusters: [1, 2, 3] });
  });

  it('finds none without clusters or without held-out members', () => {
    expect(heldOutCopies([], splits)).toEqual({ items: [], dev: 0, canary: 0, clusters: [] });
    expect(heldOutCopies([[0, 1, 2]], splits).items).toEqual([]);
  });

  it('follows the splits as they are now', () => {
    const redrawn = Uint8Array.from(splits);
    redrawn[1] = D;
    expect(heldOutCopies([[0, 1]], redrawn).items).toEqual([0]);
  });

  it('never marks a dev or canary item, and marks every pool item of a cluster touching one (property)', () => {
    const arb = fc.record({
      splits: fc.array(fc.constantFrom(T, D, C), { minLength: 1, maxLength: 40 }),
      groups: fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 1, maxLength: 40 }),
    });
    fc.assert(
      fc.property(arb, ({ splits: s, groups }) => {
        const n = Math.min(s.length, groups.length);
        const byGroup = new Map<number, number[]>();
        for (let i = 0; i < n; i++) byGroup.set(groups[i], [...(byGroup.get(groups[i]) ?? []), i]);
        const clusters = [...byGroup.values()].filter((c) => c.length > 1);
        const found = new Set(heldOutCopies(clusters, s).items);
        for (const cluster of clusters) {
          const touches = cluster.some((i) => s[i] !== T);
          for (const i of cluster) expect(found.has(i)).toBe(touches && s[i] === T);
        }
      }),
    );
  });

  it('masks the listed items', () => {
    expect(Array.from(itemMask(5, [1, 3, 9, -1]))).toEqual([0, 1, 0, 1, 0]);
  });
});

describe('reviewable clusters', () => {
  it('counts only disagreeing clusters with a pool member, and their pool members', () => {
    const clusters = [[0, 1], [6, 8], [2, 7, 9], [7, 9]];
    expect(reviewableClusters(clusters, [0, 1, 2, 3], splits)).toEqual({ clusters: [0, 2], items: 3 });
    expect(reviewableClusters(clusters, [1, 3], splits)).toEqual({ clusters: [], items: 0 });
    expect(reviewableClusters(clusters, [], splits)).toEqual({ clusters: [], items: 0 });
  });
});
