import { describe, expect, it } from 'vitest';
import { exactCopyGroups } from './exact-copies';
import { effectiveLabel, nearDuplicateClusters } from './near-duplicates';
import { standardizedFieldVectors } from './field-vectors';

describe('near-duplicate clusters', () => {
  it('joins pairs and exact copies transitively', () => {
    const result = nearDuplicateClusters(8, [[0, 3, 0.9], [3, 5, 0.85]], [[1, 6], [5, 7]], { human: new Int16Array(8).fill(-1) });
    expect(result.clusters).toEqual([[0, 3, 5, 7], [1, 6]]);
  });

  it('keeps a person-labelled member first, then the most confident, then the earliest', () => {
    const human = Int16Array.from([-1, -1, 1, -1, -1, -1]);
    const confidence = Float32Array.from([0.6, 0.99, 0.5, 0.7, 0.7, 0.2]);
    const result = nearDuplicateClusters(6, [[0, 1, 1], [1, 2, 1], [3, 4, 1], [4, 5, 1]], [], { human, confidence });
    expect(result.clusters).toEqual([[0, 1, 2], [3, 4, 5]]);
    // Item 2 is labelled by a person though the least confident; 3 and 4 tie, the earlier wins.
    expect(result.keep).toEqual([2, 3]);
    expect(nearDuplicateClusters(3, [[0, 1, 1], [1, 2, 1]], [], { human: new Int16Array(3).fill(-1) }).keep).toEqual([0]);
  });

  it('finds clusters whose labels differ, a person’s label beating the prediction', () => {
    const human = Int16Array.from([0, -1, -1, -1, 1, -1]);
    const predicted = Int16Array.from([1, 0, 1, 1, 0, -1]);
    const facts = { human, predicted };
    expect([0, 1, 2, 3, 4, 5].map((i) => effectiveLabel(facts, i))).toEqual([0, 0, 1, 1, 1, -1]);
    // {0,1}: 0 and 0 agree; {2,3}: 1 and 1 agree; {4,1}? no. {2,5}: one unknown, agree; {0,4}: 0 vs 1.
    const result = nearDuplicateClusters(6, [[0, 1, 1], [2, 3, 1]], [[3, 5], [4]], facts);
    expect(result.disagreeing).toEqual([]);
    const joined = nearDuplicateClusters(6, [[0, 1, 1], [2, 3, 1], [1, 2, 0.8]], [], facts);
    expect(joined.clusters).toEqual([[0, 1, 2, 3]]);
    expect(joined.disagreeing).toEqual([0]);
  });
});

describe('exact copies', () => {
  it('groups equal strings and equal bytes, never bytes that only share a hash bucket', () => {
    expect(exactCopyGroups(['a', 'b', 'a', null, 'b', 'c'])).toEqual([[0, 2], [1, 4]]);
    const bytes = [Uint8Array.of(1, 2, 3), Uint8Array.of(1, 2, 4), Uint8Array.of(1, 2, 3), Uint8Array.of(1, 2)];
    expect(exactCopyGroups(bytes)).toEqual([[0, 2]]);
    expect(exactCopyGroups([Uint8Array.of(), Uint8Array.of()])).toEqual([[0, 1]]);
  });
});

describe('standardised field vectors', () => {
  it('z-scores each numeric field, puts missing cells at the mean, drops constant fields and adds one constant component', () => {
    const { data, dim } = standardizedFieldVectors([['1', '3', ''], ['5', '5', '5'], ['a', 'b', 'c'], ['10', '20', '30']], 3);
    expect(dim).toBe(3);
    const c = Math.fround(Math.SQRT2);
    expect(Array.from(data)).toEqual([-1, -1.2247449159622192, c, 1, 0, c, 0, 1.2247449159622192, c]);
    expect(standardizedFieldVectors([['1', '1'], ['x', 'y']], 2)).toEqual({ data: new Float32Array(0), dim: 0 });
  });
});
