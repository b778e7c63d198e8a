import { describe, expect, it } from 'vitest';
import type { PipelineData, PipelineSplit } from '../../src/cli/pipeline';
import { holdOutDev } from './enlarge-dev';

const split = (gold: number[], offset: number): PipelineSplit => ({ n: gold.length, m: 1, votes: Int8Array.from(gold, (_, i) => (offset + i) % 2), gold: Int16Array.from(gold), ids: gold.map((_, i) => `r${offset + i}`) });

describe('holdOutDev', () => {
  it('halves dev per class, scores on the second half in the canary\u2019s place, and moves each feature row with its item', () => {
    const train = split([0, 1, 0], 0);
    const valid = split([0, 0, 1, 1, 1, 0, 2], 3);
    const test = split([1, 0], 10);
    const n = 12;
    const data: PipelineData = { k: 3, classes: ['a', 'b', 'c'], splits: { train, valid, test }, features: { kind: 'dense', n, shape: [1], values: Float32Array.from({ length: n }, (_, i) => i) }, featuresNote: 'rows' };
    const out = holdOutDev(data);
    // Per class, every other dev item: class 0 at dev rows 0, 1, 5 → 0 and 5 choose, 1 is held; class 1 at 2, 3, 4 → 2, 4 / 3; class 2 at 6 → chooses.
    expect(out.splits.valid.ids).toEqual(['r3', 'r5', 'r7', 'r8', 'r9']);
    expect(out.splits.test.ids).toEqual(['r4', 'r6']);
    expect(Array.from(out.splits.test.gold)).toEqual([0, 1]);
    expect(out.splits.train).toStrictEqual(train);
    // The canary's rows are gone; features follow train, then the choosing half, then the held half.
    expect(out.features.n).toBe(10);
    expect(Array.from((out.features as { values: Float32Array }).values)).toEqual([0, 1, 2, 3, 5, 7, 8, 9, 4, 6]);
    expect(Array.from(out.splits.valid.votes)).toEqual([1, 1, 1, 0, 1]);
  });
});
