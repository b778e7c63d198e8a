import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Split } from '../types';
import { planRows } from './plan';
import { acceptByThreshold, ACCEPT_NONE, manualThresholds, thresholdsForPrecision } from './thresholds';
import { shiftImages } from './augment';
import { featureWidth, gatherRows, hashTexts } from './features';
import { TextHasher } from '../features/text-hash';
import { mulberry32 } from '../random';

const dataset = fc.array(fc.record({ split: fc.constantFrom(Split.train, Split.dev, Split.canary), label: fc.integer({ min: -1, max: 2 }) }), { minLength: 1, maxLength: 60 });

describe('planRows', () => {
  it('never hands out a canary item, and partitions the labelled non-canary items', () => {
    fc.assert(
      fc.property(dataset, fc.constantFrom<'none' | 'holdout'>('none', 'holdout'), fc.integer({ min: 0, max: 9 }), (items, devSeeds, seed) => {
        const splits = Uint8Array.from(items, (i) => i.split);
        const labels = Int16Array.from(items, (i) => i.label);
        const plan = planRows(labels, splits, { devSeeds, seed });
        const used = [...plan.seedRows, ...plan.devRows, ...plan.poolRows];
        for (const i of used) expect(splits[i]).not.toBe(Split.canary);
        expect(new Set(used).size).toBe(used.length);
        for (let i = 0; i < items.length; i++) {
          const expected = splits[i] !== Split.canary && (labels[i] >= 0 || splits[i] === Split.train);
          expect(used.includes(i)).toBe(expected);
        }
        plan.seedRows.forEach((i, t) => expect(plan.seedLabels[t]).toBe(labels[i]));
        plan.devRows.forEach((i, t) => expect(plan.devLabels[t]).toBe(labels[i]));
        if (devSeeds === 'none') for (const i of plan.seedRows) expect(splits[i]).toBe(Split.train);
      }),
    );
  });

  it('holdout keeps a share of every class for checking, the rest trains', () => {
    const splits = new Uint8Array(40).fill(Split.dev);
    const labels = Int16Array.from({ length: 40 }, (_, i) => i % 2);
    const plan = planRows(labels, splits, { devSeeds: 'holdout', holdout: 0.25, seed: 1 });
    expect(plan.devRows.length).toBe(10);
    expect(plan.seedRows.length).toBe(30);
    expect(Array.from(plan.devLabels).filter((l) => l === 0).length).toBe(5);
  });
});

describe('thresholds', () => {
  // Class 0 predictions on dev: confidences 0.95 (right), 0.9 (right), 0.8 (wrong), 0.7 (right).
  const probs = Float32Array.from([0.95, 0.05, 0.9, 0.1, 0.8, 0.2, 0.7, 0.3, 0.4, 0.6]);
  const labels = Int16Array.from([0, 0, 1, 0, 1]);
  const splits = new Uint8Array(5).fill(Split.dev);
  const rows = [0, 1, 2, 3, 4];

  it('picks the lowest confidence whose accepted set reaches the target precision', () => {
    const t = thresholdsForPrecision(probs, 2, labels, rows, splits, 0.75, 1);
    expect(t[0]).toMatchObject({ threshold: Math.fround(0.7), devAccepted: 4, reached: true });
    expect(t[0].devPrecision).toBeCloseTo(0.75);
    const strict = thresholdsForPrecision(probs, 2, labels, rows, splits, 1, 1);
    expect(strict[0].threshold).toBe(Math.fround(0.9));
    // Class 1's only prediction (item 4) is right.
    expect(strict[1]).toMatchObject({ threshold: Math.fround(0.6), reached: true });
    const unreachable = thresholdsForPrecision(probs, 2, labels, rows, splits, 1, 3);
    expect(unreachable[1]).toMatchObject({ threshold: ACCEPT_NONE, reached: false, devAccepted: 0 });
  });

  it('refuses canary rows', () => {
    const withCanary = Uint8Array.from([1, 1, 1, 1, 2]);
    expect(() => thresholdsForPrecision(probs, 2, labels, rows, withCanary, 0.9)).toThrow(/canary item 4/);
  });

  it('accepts pool items at or above their class threshold', () => {
    const accepted = acceptByThreshold(probs, 2, [0, 2, 3, 4], manualThresholds([0.85, 0.5], 2));
    expect(Array.from(accepted.rows)).toEqual([0, 4]);
    expect(Array.from(accepted.labels)).toEqual([0, 1]);
    expect(Array.from(accepted.perClass)).toEqual([1, 1]);
    expect(() => manualThresholds([0.5], 2)).toThrow(/one threshold per class/);
    expect(() => manualThresholds([0.5, 1.5], 2)).toThrow(/class 1 must lie between 0 and 1/);
  });
});

describe('features and augmentation', () => {
  it('CSR text features gather into the same dense rows as the featurizer', () => {
    const texts = ['Check out my channel!', 'nice song', '', 'subscribe subscribe'];
    const sparse = hashTexts(texts, { dim: 256 });
    const hasher = new TextHasher({ dim: 256 });
    const dense = gatherRows(sparse, [3, 0, 2], 0, 3, new Float32Array(3 * featureWidth(sparse)));
    expect(Array.from(dense.subarray(0, 256))).toEqual(Array.from(hasher.featurize(texts[3])));
    expect(Array.from(dense.subarray(256, 512))).toEqual(Array.from(hasher.featurize(texts[0])));
    expect(dense.subarray(512).every((v) => v === 0)).toBe(true);
  });

  it('shifts move pixels and fill the border; the same seed gives the same shifts', () => {
    const image = Float32Array.from({ length: 2 * 16 }, (_, i) => (i % 16) + 1);
    const a = image.slice();
    const b = image.slice();
    shiftImages(a, 2, [4, 4, 1], 1, mulberry32(3));
    shiftImages(b, 2, [4, 4, 1], 1, mulberry32(3));
    expect(Array.from(a)).toEqual(Array.from(b));
    const moved = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    // A random source that always says "shift by +1 row, +1 column".
    shiftImages(moved, 1, [4, 4, 1], 1, () => 0.99);
    expect(Array.from(moved)).toEqual([0, 0, 0, 0, 0, 1, 2, 3, 0, 5, 6, 7, 0, 9, 10, 11]);
  });
});
