import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { drawSplits, proportionalAllocation, splitCounts } from './split';
import { Split } from './types';

describe('drawSplits', () => {
  it('draws exact, stratified, disjoint canary and dev sets from labeled items only', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1, max: 2 }), { minLength: 1, maxLength: 400 }), fc.nat(), fc.nat(), (raw, a, b) => {
        const labels = Int16Array.from(raw);
        const labeled = raw.filter((l) => l >= 0).length;
        const canary = labeled ? a % (labeled + 1) : 0;
        const dev = labeled - canary ? b % (labeled - canary + 1) : 0;
        const splits = drawSplits(labels, 3, { canary, dev, seed: 7 });
        const counts = splitCounts(splits);
        expect(counts.canary).toBe(canary);
        expect(counts.dev).toBe(dev);
        for (let i = 0; i < labels.length; i++) if (labels[i] < 0) expect(splits[i]).toBe(Split.train);
      }),
    );
  });

  it('keeps class proportions within one item per class', () => {
    const labels = Int16Array.from([...Array(900).fill(0), ...Array(100).fill(1)]);
    const splits = drawSplits(labels, 2, { canary: 100, dev: 50, seed: 1 });
    let canaryOnes = 0;
    splits.forEach((s, i) => s === Split.canary && labels[i] === 1 && canaryOnes++);
    expect(canaryOnes).toBe(10);
    expect(drawSplits(labels, 2, { canary: 100, dev: 50, seed: 1 })).toEqual(splits);
  });

  it('refuses to draw more items than are labeled', () => {
    expect(() => drawSplits(Int16Array.from([0, 1, -1]), 2, { canary: 2, dev: 1, seed: 1 })).toThrow(/only 2 are labeled/);
  });

  it('allocates proportionally with exact totals', () => {
    expect(proportionalAllocation([5, 3, 2], 5)).toEqual([3, 1, 1]);
    expect(proportionalAllocation([1, 0], 1)).toEqual([1, 0]);
  });
});
