import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Split } from '../types';
import { buildSelection, type SelectionInput } from './selection';

const T = Split.train;
const D = Split.dev;
const C = Split.canary;

function input(rows: [number, number][], labels: number[], splits: number[]): SelectionInput {
  return { n: rows.length, k: 2, probs: Float32Array.from(rows.flat()), labels: Int16Array.from(labels), splits: Uint8Array.from(splits) };
}

// Items 0–5 pool (5 labelled 1 by a person), 6–7 dev, 8–9 canary.
const small = input(
  [[0.9, 0.1], [0.6, 0.4], [0.2, 0.8], [0.45, 0.55], [0.95, 0.05], [0.7, 0.3], [0.9, 0.1], [0.8, 0.2], [0.1, 0.9], [0.99, 0.01]],
  [-1, -1, -1, -1, -1, 1, 0, 1, 1, 0],
  [T, T, T, T, T, T, D, D, C, C],
);

describe('curated selection', () => {
  it('thresholds, then one per duplicate cluster (a human label first, then the most confident)', () => {
    const s = buildSelection(small, { thresholds: [0.7, 0.7], duplicates: [[0, 4], [2, 5]] });
    expect(s.before).toEqual([3, 3]);
    expect(s.removed).toEqual({ threshold: 2, duplicate: 2, balance: 0 });
    expect(Array.from(s.weight)).toEqual([0, 0, 0, 0, 1, 1, 0, 0, 0, 0]);
    expect(Array.from(s.label)).toEqual([-1, -1, -1, -1, 0, 1, -1, -1, -1, -1]);
    expect(s.after).toEqual([1, 1]);
    // Dev: both items are proposed class 0 above 0.7; one of them is a 1.
    expect(s.devPrecision).toEqual([0.5, null]);
  });

  it('proposes the label the model decides (its dev-tuned threshold), not the argmax, and thresholds its probability', () => {
    // A decision threshold of 0.35 on class 1: pool items 1 (p1 0.4) and 3 (0.55) become 1, dev items stay 0; argmax would say [3, 2].
    const proposed = Int16Array.from([0, 1, 1, 1, 0, 0, 0, 0, 1, 0]);
    const s = buildSelection({ ...small, proposed }, { thresholds: [0.5, 0.35] });
    expect(s.before).toEqual([2, 4]);
    expect(Array.from(s.label).slice(0, 6)).toEqual([0, 1, 1, 1, 0, 1]);
    expect(s.devPrecision).toEqual([0.5, null]);
    expect(() => buildSelection({ ...small, proposed: new Int16Array(3) })).toThrow('Expected 10 proposed labels, got 3.');
  });

  it('balances by downsampling (most confident kept) or by weights', () => {
    const rows: [number, number][] = [[0.9, 0.1], [0.8, 0.2], [0.7, 0.3], [0.95, 0.05], [0.6, 0.4], [0.85, 0.15], [0.1, 0.9], [0.3, 0.7], [0.5, 0.5], [0.4, 0.6]];
    const data = input(rows, [-1, -1, -1, -1, -1, -1, -1, -1, 0, 1], [T, T, T, T, T, T, T, T, D, D]);
    const down = buildSelection(data, { balance: { target: 'uniform', by: 'downsample' } });
    expect(down.after).toEqual([2, 2]);
    expect(Array.from(down.weight.slice(0, 8))).toEqual([1, 0, 0, 1, 0, 0, 1, 1]);
    expect(down.removed.balance).toBe(4);
    const weighted = buildSelection(data, { balance: { target: [3, 1], by: 'weights' } });
    expect(weighted.after).toEqual([6, 2]);
    expect(weighted.afterWeight[0]).toBeCloseTo(6);
    expect(weighted.afterWeight[1]).toBeCloseTo(2);
    const asDev = buildSelection(data, { balance: { target: 'dev', by: 'weights' } });
    expect(asDev.target).toEqual([0.5, 0.5]);
    expect(asDev.afterWeight[0]).toBeCloseTo(4);
    expect(asDev.afterWeight[1]).toBeCloseTo(4);
  });

  it('leaves out near-duplicates of dev and canary items, counted before any other step (a human label too)', () => {
    const leaky = { ...small, heldOutCopies: [0, 5, 7] };
    const s = buildSelection(leaky, { duplicates: [[0, 4]] });
    expect(s.before).toEqual([3, 3]);
    expect(s.removed).toEqual({ threshold: 0, duplicate: 0, balance: 0, heldOutCopy: 2 });
    expect(Array.from(s.weight)).toEqual([0, 1, 1, 1, 1, 0, 0, 0, 0, 0]);
    // Without a list nothing is left out and the count is absent: no dedupe run was consulted.
    expect(buildSelection(small).removed).toEqual({ threshold: 0, duplicate: 0, balance: 0 });
    expect(buildSelection({ ...small, heldOutCopies: [] }).removed.heldOutCopy).toBe(0);
  });

  it('property: dev and canary items never enter, whatever the spec', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: -1, max: 1 }), fc.integer({ min: 0, max: 2 })), { minLength: 1, maxLength: 40 }), fc.boolean(), (rows, byWeights) => {
        const data = input(rows.map(([p]) => [p, 1 - p]), rows.map(([, l]) => l), rows.map(([, , s]) => s));
        const s = buildSelection(data, { thresholds: [0.3, 0.3], duplicates: [[0, 1, 2]], balance: { target: 'uniform', by: byWeights ? 'weights' : 'downsample' } });
        rows.forEach(([, , split], i) => {
          if (split !== T) expect(s.weight[i]).toBe(0);
          if (split !== T) expect(s.label[i]).toBe(-1);
        });
      }),
    );
  });

  it('refuses a bad spec with a specific message', () => {
    expect(() => buildSelection(small, { thresholds: [0.5] })).toThrow('Give one threshold per class (2); got 1.');
    expect(() => buildSelection(small, { thresholds: [0.5, 1.5] })).toThrow('The threshold of class 1 is 1.5; use a confidence from 0 to 1.');
    expect(() => buildSelection(small, { balance: { target: [0, 0], by: 'weights' } })).toThrow('Target shares must be 0 or more, and not all 0.');
    const noDev = input([[0.9, 0.1], [0.1, 0.9]], [-1, -1], [T, T]);
    expect(() => buildSelection(noDev, { balance: { target: 'dev', by: 'weights' } })).toThrow('Balancing "as dev" needs human labels on dev items.');
  });
});
