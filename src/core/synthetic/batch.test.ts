import { describe, expect, it } from 'vitest';
import { assertRealEvaluation } from '../canary';
import { drawSplits } from '../split';
import { Split } from '../types';
import { acceptanceFailures, checkCriteria, trainingWeights, type BatchDecision, type SyntheticBatch } from './batch';

function batch(number: number, decision: BatchDecision): SyntheticBatch {
  return { number, createdAt: 0, method: 'smote', seed: 1, classIndex: 0, count: 0, start: 0, realRows: 0, scores: { quality: 1, detectionAuc: 0.5 }, report: null, decision };
}
const accepted: BatchDecision = { status: 'accepted', at: 1, criteria: { minQuality: null, maxDetectionAuc: null } };

describe('synthetic batch acceptance', () => {
  it('lists each failed criterion, and none when the scores pass', () => {
    const criteria = { minQuality: 0.8, maxDetectionAuc: 0.7 };
    expect(acceptanceFailures({ quality: 0.85, detectionAuc: 0.6 }, criteria)).toEqual([]);
    expect(acceptanceFailures({ quality: 0.8, detectionAuc: 0.7 }, criteria)).toEqual([]);
    expect(acceptanceFailures({ quality: 0.79, detectionAuc: 0.71 }, criteria)).toEqual(['quality 0.790 is below 0.8', 'detection AUC 0.710 is above 0.7']);
    expect(acceptanceFailures({ quality: null, detectionAuc: null }, criteria)).toHaveLength(2);
    expect(acceptanceFailures({ quality: 0.1, detectionAuc: 1 }, { minQuality: null, maxDetectionAuc: null })).toEqual([]);
  });

  it('refuses criteria outside 0–1 by name', () => {
    expect(() => checkCriteria({ minQuality: 1.5, maxDetectionAuc: null })).toThrow(/Minimum quality must be between 0 and 1; got 1.5/);
    expect(() => checkCriteria({ minQuality: null, maxDetectionAuc: Number.NaN })).toThrow(/Maximum detection AUC/);
  });
});

describe('training weights', () => {
  it('keeps each class at its real total weight, and gives unaccepted exemplars weight 0', () => {
    // Class 0: 4 real + 2 accepted synthetic; class 1: 2 real + 3 from a pending batch; one unlabeled item.
    const labels = Int16Array.from([0, 0, 0, 0, 1, 1, -1, 0, 0, 1, 1, 1]);
    const synthetic = Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 1, 1, 2, 2, 2]);
    const w = trainingWeights(labels, synthetic, [batch(1, accepted), batch(2, { status: 'pending' })]);
    const total = (cls: number) => Array.from(labels.keys()).filter((i) => labels[i] === cls).reduce((s, i) => s + w[i], 0);
    expect(total(0)).toBeCloseTo(4, 6);
    expect(total(1)).toBeCloseTo(2, 6);
    expect(Array.from(w.slice(0, 4))).toEqual(new Array(4).fill(4 / 6).map((x) => Math.fround(x)));
    expect(Array.from(w.slice(9))).toEqual([0, 0, 0]);
    expect(w[6]).toBe(1);
  });

  it('counts an overridden batch as accepted and a rejected one as not', () => {
    const labels = Int16Array.from([0, 0, 0]);
    const overridden: BatchDecision = { status: 'overridden', at: 1, criteria: { minQuality: 0.9, maxDetectionAuc: null }, reason: 'checked by hand', failures: ['quality 0.5 is below 0.9'] };
    expect(Array.from(trainingWeights(labels, Uint8Array.from([0, 1, 2]), [batch(1, overridden), batch(2, { status: 'rejected', at: 1 })]))).toEqual([0.5, 0.5, 0]);
  });
});

describe('the canary guard keeps synthetic items out of dev and canary', () => {
  it('refuses a split column that puts a synthetic item in dev or canary', () => {
    expect(() => assertRealEvaluation(Uint8Array.from([Split.canary, Split.train]), Uint8Array.from([0, 1]))).not.toThrow();
    expect(() => assertRealEvaluation(Uint8Array.from([Split.train, Split.canary]), Uint8Array.from([0, 1]))).toThrow(/synthetic \(batch 1\) and cannot be in the canary set/);
    expect(() => assertRealEvaluation(Uint8Array.from([Split.dev]), Uint8Array.from([3]))).toThrow(/dev set/);
  });

  it('never draws an excluded item into dev or canary, even when every real item is drawn', () => {
    const labels = Int16Array.from({ length: 40 }, (_, i) => i % 2);
    const exclude = Uint8Array.from({ length: 40 }, (_, i) => (i >= 20 ? 1 : 0));
    for (let seed = 1; seed <= 20; seed++) {
      const splits = drawSplits(labels, 2, { canary: 10, dev: 10, seed, exclude });
      expect(() => assertRealEvaluation(splits, exclude)).not.toThrow();
      expect(splits.slice(0, 20).every((s) => s !== Split.train)).toBe(true);
    }
    expect(() => drawSplits(labels, 2, { canary: 11, dev: 10, seed: 1, exclude })).toThrow(/only 20 are labeled/);
  });
});
