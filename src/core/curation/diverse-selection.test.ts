import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Split } from '../types';
import { diverseSelection, diversityCandidates, type DiverseInput } from './diverse-selection';

const T = Split.train;
const D = Split.dev;
const C = Split.canary;

// Items 0–4 pool (1 labelled 1 by a person), 5 dev, 6 canary.
const pool: DiverseInput = {
  n: 7,
  k: 2,
  splits: Uint8Array.from([T, T, T, T, T, D, C]),
  labels: Int16Array.from([-1, 1, -1, -1, -1, 0, 1]),
  proposed: Int16Array.from([0, 0, 1, -1, 0, 0, 1]),
  base: null,
};

describe('diverse selection', () => {
  it('from the pool: human label first, else the proposal; weight 1; an unlabelled pick is counted apart', () => {
    const candidates = diversityCandidates(pool);
    expect(Array.from(candidates)).toEqual([0, 1, 2, 3, 4]);
    const s = diverseSelection(pool, candidates, [1, 3, 4]);
    expect(Array.from(s.weight)).toEqual([0, 1, 0, 1, 1, 0, 0]);
    expect(Array.from(s.label)).toEqual([-1, 1, -1, -1, 0, -1, -1]);
    expect(s.before).toEqual([2, 2, 1]);
    expect(s.after).toEqual([1, 1, 1]);
    expect(s.afterWeight).toEqual([1, 1, 1]);
  });

  it('within a selection: only its members, each pick keeps its label and weight', () => {
    const base = { weight: Float32Array.from([2, 0, 0.5, 1, 0, 3, 3]), label: Int16Array.from([0, -1, 1, 1, -1, 0, 1]) };
    const input = { ...pool, base };
    // Dev (5) and canary (6) carry weight in this hand-made base, yet never become candidates.
    const candidates = diversityCandidates(input);
    expect(Array.from(candidates)).toEqual([0, 2, 3]);
    const s = diverseSelection(input, candidates, [0, 2]);
    expect(Array.from(s.weight)).toEqual([2, 0, 0.5, 0, 0, 0, 0]);
    expect(s.before).toEqual([1, 2, 0]);
    expect(s.after).toEqual([1, 1, 0]);
    expect(s.afterWeight).toEqual([2, 0.5, 0]);
  });

  it('refuses a pick that is not a candidate, and arrays of the wrong length', () => {
    expect(() => diverseSelection(pool, [0, 1], [5])).toThrow('Item 5 was picked but is not a candidate.');
    expect(() => diversityCandidates({ ...pool, labels: new Int16Array(3) })).toThrow('must cover the 7 items');
  });

  it('property: dev and canary items never get a weight, whatever the picks among candidates', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 40 }), fc.integer(), (splitList, seed) => {
        const n = splitList.length;
        const input: DiverseInput = { n, k: 3, splits: Uint8Array.from(splitList), labels: new Int16Array(n).fill(-1), proposed: Int16Array.from({ length: n }, (_, i) => (i + seed) % 3), base: null };
        const candidates = diversityCandidates(input);
        const s = diverseSelection(input, candidates, candidates);
        for (let i = 0; i < n; i++) if (splitList[i] !== T) expect(s.weight[i]).toBe(0);
        expect(s.after.reduce((a, b) => a + b, 0)).toBe(candidates.length);
      }),
    );
  });
});
