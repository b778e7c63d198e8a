import { describe, expect, it } from 'vitest';
import { syntheticVotes } from '../labelmodel/synthetic';
import { simulateReview, type SimulationStrategy } from './simulate';

const train = syntheticVotes({ n: 400, m: 6, k: 3, seed: 1 });
const dev = syntheticVotes({ n: 60, m: 6, k: 3, seed: 2 });
const test = syntheticVotes({ n: 200, m: 6, k: 3, seed: 3 });
const base = {
  k: 3,
  train: train.matrix,
  trainGold: train.gold,
  dev: dev.matrix,
  devGold: dev.gold,
  test: test.matrix,
  testGold: test.gold,
  method: 'wmv' as const,
  budget: 50,
  step: 20,
  seed: 0,
};

describe('simulated review', () => {
  it('reveals step labels per round up to the budget, each train item at most once, covered items first by default', () => {
    for (const strategy of ['default', 'random', 'entropy', 'disagreement'] as SimulationStrategy[]) {
      const { curve, picked } = simulateReview({ ...base, strategy });
      expect(curve.map((p) => p.labels)).toEqual([0, 20, 40, 50]);
      expect(new Set(picked).size).toBe(50);
      expect(picked.every((i) => i >= 0 && i < train.matrix.n)).toBe(true);
      for (const point of curve) expect(point.test.accuracy).toBeGreaterThan(0.3);
    }
    const { picked } = simulateReview({ ...base, strategy: 'default' });
    const m = train.matrix.m;
    expect(picked.every((i) => Array.from(train.matrix.votes.subarray(i * m, (i + 1) * m)).some((v) => v >= 0))).toBe(true);
  });

  it('is reproducible by seed and starts from the label model alone', () => {
    const a = simulateReview({ ...base, strategy: 'random', seed: 4 });
    const b = simulateReview({ ...base, strategy: 'random', seed: 4 });
    expect(a).toEqual(b);
    expect(a.curve[0]).toEqual(simulateReview({ ...base, strategy: 'default', seed: 4, budget: 0 }).curve[0]);
  });
});
