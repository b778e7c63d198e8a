import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertNoCanary, evaluationIndices, fitIndices, fitLabels, type FitPurpose } from './canary';

const splits = Uint8Array.from([0, 2, 1, 0, 2, 1, 1]);

describe('canary guard', () => {
  it('hands fitting paths train, dev or both, never canary', () => {
    expect(Array.from(fitIndices(splits, 'training', 'train'))).toEqual([0, 3]);
    expect(Array.from(fitIndices(splits, 'calibration', 'dev'))).toEqual([2, 5, 6]);
    expect(Array.from(fitIndices(splits, 'label-model'))).toEqual([0, 2, 3, 5, 6]);
    expect(Array.from(evaluationIndices(splits))).toEqual([1, 4]);
  });

  it('property: fit and evaluation indices partition the items, for every purpose', () => {
    const purposes: FitPurpose[] = ['training', 'distillation', 'label-model', 'model-selection', 'threshold-fitting', 'calibration', 'lf-tuning'];
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 200 }), fc.constantFrom(...purposes), (codes, purpose) => {
        const column = Uint8Array.from(codes);
        const fit = Array.from(fitIndices(column, purpose));
        const evaluation = Array.from(evaluationIndices(column));
        expect(fit.every((i) => column[i] !== 2)).toBe(true);
        expect(evaluation.every((i) => column[i] === 2)).toBe(true);
        expect([...fit, ...evaluation].sort((a, b) => a - b)).toEqual(codes.map((_, i) => i));
        expect(() => assertNoCanary(column, fit, purpose)).not.toThrow();
      }),
    );
  });

  it('assertNoCanary throws canary-violation naming the purpose and the item', () => {
    expect(() => assertNoCanary(splits, [0, 2, 4], 'threshold-fitting')).toThrow(
      expect.objectContaining({
        name: 'SiftError',
        code: 'canary-violation',
        message: 'threshold-fitting tried to use canary item 4: canary items are for evaluation only',
        details: { purpose: 'threshold-fitting', itemIndex: 4 },
      }),
    );
    expect(() => assertNoCanary(splits, Uint32Array.from([9]), 'training')).toThrow(/item 9, which is outside the dataset/);
    expect(() => assertNoCanary(splits, [1.5], 'training')).toThrow(expect.objectContaining({ code: 'canary-violation' }));
  });

  it('refuses unknown purposes, subsets and split codes', () => {
    expect(() => fitIndices(splits, 'peeking' as FitPurpose)).toThrow(expect.objectContaining({ code: 'canary-violation', message: expect.stringContaining('"peeking"') }));
    expect(() => fitIndices(splits, 'training', 'canary' as 'dev')).toThrow(/Unknown subset "canary"/);
    expect(() => fitIndices(Uint8Array.from([0, 3]), 'training')).toThrow(expect.objectContaining({ code: 'bad-split', message: expect.stringContaining('Item 1 has split code 3') }));
    expect(() => evaluationIndices([0, 1] as unknown as Uint8Array)).toThrow(/must be a Uint8Array/);
  });

  it('fitLabels blanks canary (and rows outside the subset) in a copy of the same type', () => {
    const gold = Int16Array.from([5, 6, 7, 8, 9, 10, 11]);
    const devOnly = fitLabels(gold, splits, 'calibration');
    expect(devOnly).toBeInstanceOf(Int16Array);
    expect(Array.from(devOnly)).toEqual([-1, -1, 7, -1, -1, 10, 11]);
    expect(Array.from(fitLabels(gold, splits, 'training', 'train+dev'))).toEqual([5, -1, 7, 8, -1, 10, 11]);
    expect(Array.from(gold)).toEqual([5, 6, 7, 8, 9, 10, 11]);
    expect(() => fitLabels(new Int8Array(3), splits, 'training')).toThrow(/3 labels for 7 split codes/);
  });
});
