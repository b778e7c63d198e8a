import { describe, expect, it } from 'vitest';
import { accuracy, classificationReport, confusionMatrix, coverage } from './classification';

describe('classification metrics', () => {
  // gold:      0 0 0 1 1 2 -1
  // predicted: 0 1 0 1 -1 1 2
  const gold = Int16Array.from([0, 0, 0, 1, 1, 2, -1]);
  const predicted = Int16Array.from([0, 1, 0, 1, -1, 1, 2]);

  it('skips unlabeled gold and counts abstentions as wrong', () => {
    expect(accuracy(gold, predicted)).toBeCloseTo(3 / 6, 12);
  });

  it('confusion: rows gold, columns predicted', () => {
    expect(Array.from(confusionMatrix(gold, predicted, 3))).toEqual([2, 1, 0, 0, 1, 0, 0, 1, 0]);
  });

  it('per-class precision, recall, F1 and macro-F1 match hand computation', () => {
    const report = classificationReport(gold, predicted, 3);
    expect(report.count).toBe(6);
    expect(Array.from(report.precision)).toEqual([1, 1 / 3, 0]);
    expect(Array.from(report.recall)).toEqual([2 / 3, 1 / 2, 0]);
    expect(report.f1[0]).toBeCloseTo(0.8, 12);
    expect(report.f1[1]).toBeCloseTo(0.4, 12);
    expect(report.macroF1).toBeCloseTo((0.8 + 0.4 + 0) / 3, 12);
    expect(report.binaryF1).toBeNull();
  });

  it('binary F1 is the F1 of class 1', () => {
    const report = classificationReport([1, 1, 0, 0], [1, 0, 1, 0], 2);
    expect(report.binaryF1).toBeCloseTo(0.5, 12);
    expect(report.macroF1).toBeCloseTo(0.5, 12);
  });

  it('coverage is the share of items with a vote', () => {
    expect(coverage(Uint8Array.from([1, 0, 1, 1]))).toBe(0.75);
  });

  it('rejects mismatched lengths and gold labels outside the classes', () => {
    expect(() => accuracy([0, 1], [0])).toThrow(/2 gold labels and 1 predictions/);
    expect(() => classificationReport([0, 3], [0, 0], 2)).toThrow(/Gold label 3/);
  });
});
