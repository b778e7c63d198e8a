import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitCounts } from './split';
import { classMixDepartures, drawPoolSplits, mixWarning, progressText, splitProgress } from './split-pool';
import { Split } from './types';

describe('drawPoolSplits', () => {
  it('draws exact, disjoint sets from every eligible item, labelled or not, and never an excluded one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.nat(), fc.nat(), fc.nat(), (n, a, b, seed) => {
        const exclude = new Uint8Array(n).map((_, i) => (i % 7 === 3 ? 1 : 0));
        const eligible = n - exclude.reduce((s, x) => s + x, 0);
        const canary = a % (eligible + 1);
        const dev = b % (eligible - canary + 1);
        const splits = drawPoolSplits(n, { canary, dev, seed, exclude });
        expect(splitCounts(splits)).toEqual({ canary, dev, train: n - canary - dev });
        for (let i = 0; i < n; i++) if (exclude[i]) expect(splits[i]).toBe(Split.train);
        expect(drawPoolSplits(n, { canary, dev, seed, exclude })).toEqual(splits);
      }),
    );
  });

  it('is uniform: a 10 % class keeps about its share of a large canary', () => {
    const n = 20_000;
    const labels = new Int16Array(n).map((_, i) => (i % 10 === 0 ? 1 : 0));
    const splits = drawPoolSplits(n, { canary: 2_000, dev: 0, seed: 3 });
    let ones = 0;
    splits.forEach((s, i) => s === Split.canary && labels[i] === 1 && ones++);
    // Binomial(2000, 0.1): sd ≈ 13.4, so ±60 is more than 4 sd.
    expect(Math.abs(ones - 200)).toBeLessThan(60);
  });

  it('refuses more items than the pool holds, counting synthetic ones out', () => {
    expect(() => drawPoolSplits(3, { canary: 2, dev: 1, seed: 1, exclude: Uint8Array.from([0, 0, 1]) })).toThrow(/pool has only 2 \(1 synthetic/);
    expect(() => drawPoolSplits(3, { canary: 1.5, dev: 0, seed: 1 })).toThrow(/whole numbers/);
  });
});

describe('splitProgress', () => {
  it('counts labelled items per set and words it', () => {
    const splits = Uint8Array.from([Split.canary, Split.canary, Split.canary, Split.dev, Split.train]);
    const labels = Int16Array.from([0, -1, 1, -1, 0]);
    const p = splitProgress(splits, labels);
    expect(p).toEqual({ canary: { total: 3, labelled: 2 }, dev: { total: 1, labelled: 0 } });
    expect(progressText('canary', { total: 500, labelled: 212 })).toBe('canary: 212 of 500 labelled');
  });
});

describe('classMixDepartures', () => {
  it('flags a regex-labelled set of 33 spam and 2 ham on data the label model says is 13 % spam', () => {
    const n = 1000;
    const pool = new Int16Array(n).map((_, i) => (i < 130 ? 1 : 0));
    const labels = new Int16Array(n).fill(-1);
    for (let i = 0; i < 33; i++) labels[i] = 1;
    labels[500] = 0;
    labels[501] = 0;
    const d = classMixDepartures(labels, pool, 2);
    expect(d.map((x) => x.classIndex)).toEqual([0, 1]);
    const text = mixWarning(d, ['ham', 'spam'], 'the label model');
    expect(text).toContain('spam is 94 % of the labelled items');
    expect(text).toContain('about 13 % of the pool');
  });

  it('stays quiet when the labelled items are a fair sample of the estimate', () => {
    const n = 1000;
    const pool = new Int16Array(n).map((_, i) => (i % 8 === 0 ? 1 : 0));
    const labels = new Int16Array(n).fill(-1);
    for (let i = 0; i < 400; i++) labels[i] = pool[i];
    expect(classMixDepartures(labels, pool, 2)).toEqual([]);
    expect(mixWarning([], ['a', 'b'], 'x')).toBeNull();
    expect(classMixDepartures(labels, new Int16Array(n).fill(-1), 2)).toEqual([]);
  });
});
