import { describe, expect, it } from 'vitest';
import { trainingWeights, type SyntheticBatch } from '../synthetic/batch';
import { Split } from '../types';
import { planRows } from './plan';
import { buildTargets } from './targets';

const batch = (number: number, status: 'pending' | 'accepted'): SyntheticBatch => ({
  number, createdAt: 0, method: 'smote', seed: 1, classIndex: 1, count: 2, start: 0, realRows: 2, scores: { quality: 1, detectionAuc: 0.5 }, report: null,
  decision: status === 'pending' ? { status } : { status, at: 1, criteria: { minQuality: null, maxDetectionAuc: null } },
});

describe('students and synthetic exemplars', () => {
  // Items 0–3 real (two per class), 4–5 an accepted batch of class 1, 6–7 a pending batch of class 1, 8 dev, 9 canary.
  const labels = Int16Array.from([0, 0, 1, 1, 1, 1, 1, 1, 0, 1]);
  const splits = Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, Split.dev, Split.canary]);
  const marks = Uint8Array.from([0, 0, 0, 0, 1, 1, 2, 2, 0, 0]);

  it('train only on accepted exemplars, each class keeping its real total weight', () => {
    const weights = trainingWeights(labels, marks, [batch(1, 'accepted'), batch(2, 'pending')]);
    const plan = planRows(labels, splits, { devSeeds: 'none', itemWeights: weights });
    expect(Array.from(plan.seedRows)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(Array.from(plan.poolRows)).toEqual([]);
    expect(Array.from(plan.devRows)).toEqual([8]);
    const targets = buildTargets({ k: 2, splits, purpose: 'training', seedRows: plan.seedRows, seedLabels: plan.seedLabels, seedWeights: plan.seedWeights });
    const total = (cls: number) => targets.weight.reduce((s, w, r) => s + (targets.hard[r] === cls ? w : 0), 0);
    // Class 1: 3 real (2 train + the canary one, which the weights count but never trains) + 2 accepted.
    expect(total(0)).toBeCloseTo(2, 6);
    expect(Array.from(targets.weight.slice(2))).toEqual(new Array(4).fill(Math.fround(3 / 5)));
  });

  it('keeps an unlabeled pending exemplar out of the pool too', () => {
    const unlabeled = Int16Array.from(labels);
    unlabeled[6] = -1;
    const plan = planRows(unlabeled, splits, { devSeeds: 'none', itemWeights: trainingWeights(unlabeled, marks, [batch(2, 'pending')]) });
    expect(Array.from(plan.poolRows)).toEqual([]);
    expect(Array.from(plan.seedRows)).toEqual([0, 1, 2, 3]);
    expect(() => planRows(labels, splits, { devSeeds: 'none', itemWeights: new Float32Array(3) })).toThrow(/3 item weights for 10 items/);
  });
});
