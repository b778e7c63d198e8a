import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../core/random';
import { standardizedFeatures } from '../core/student/tabular';
import { simulateLoop, type LoopData, type LoopSplit } from './review-loop';

/** Two classes apart on two fields; three sources that are right 85 %, 75 % and 65 % of the time and vote on 60 %. */
function synthetic(seed: number): LoopData {
  const random = mulberry32(seed);
  const sizes = [200, 60, 60];
  const total = sizes.reduce((a, b) => a + b, 0);
  const gold = Int16Array.from({ length: total }, () => (random() < 0.3 ? 1 : 0));
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const columns = [0, 1].map(() => Array.from(gold, (y) => (y ? 1.5 : 0) + gauss()));
  const accuracies = [0.85, 0.75, 0.65];
  const votes = new Int8Array(total * 3).fill(-1);
  for (let i = 0; i < total; i++) accuracies.forEach((a, s) => random() < 0.6 && (votes[i * 3 + s] = random() < a ? gold[i] : 1 - gold[i]));
  let at = 0;
  const split = (n: number): LoopSplit => {
    const out = { n, m: 3, votes: votes.slice(at * 3, (at + n) * 3), gold: gold.slice(at, at + n) };
    at += n;
    return out;
  };
  const [train, valid, test] = sizes.map(split);
  return { k: 2, splits: { train, valid, test }, features: standardizedFeatures(columns, Uint32Array.from({ length: 200 }, (_, i) => i)) };
}

describe('simulateLoop', () => {
  it('refits label model and student after every step, picking only pool items, each once', async () => {
    const data = synthetic(3);
    const { curve, picked } = await simulateLoop(data, { method: 'wmv', metric: { kind: 'macro_f1' }, budget: 40, step: 20, strategy: 'default', seed: 1, student: { epochs: 8 } });
    expect(curve.map((p) => p.labels)).toEqual([0, 20, 40]);
    expect(picked).toHaveLength(40);
    expect(new Set(picked).size).toBe(40);
    expect(picked.every((i) => i >= 0 && i < 200)).toBe(true);
    for (const p of curve) {
      expect(p.test).toBe(p.chosen === 'student' ? p.student.test : p.labelModel.test);
      // Two well separated classes: a working student or label model is far above chance.
      expect(Math.max(p.student.test, p.labelModel.test)).toBeGreaterThan(0.6);
    }
  }, 60_000);

  it('random and default pick different items from the same pool', async () => {
    const data = synthetic(4);
    const options = { method: 'wmv' as const, metric: { kind: 'accuracy' as const }, budget: 10, step: 10, seed: 2, student: { epochs: 4 } };
    const a = await simulateLoop(data, { ...options, strategy: 'default' });
    const b = await simulateLoop(data, { ...options, strategy: 'random' });
    expect(a.picked).not.toEqual(b.picked);
  }, 60_000);

  it('refuses a step of 0', async () => {
    await expect(simulateLoop(synthetic(1), { method: 'wmv', metric: { kind: 'accuracy' }, budget: 10, step: 0, strategy: 'random', seed: 0 })).rejects.toThrow(/--step must be > 0/);
  });
});

describe('simulateLoop with importance-weighted picks', () => {
  it('returns each answer\u2019s weight (1/(N·q), at most 2) and unit weights for other strategies', async () => {
    const data = synthetic(5);
    const options = { method: 'wmv' as const, metric: { kind: 'accuracy' as const }, budget: 20, step: 10, seed: 3, student: { epochs: 4 } };
    const iw = await simulateLoop(data, { ...options, strategy: 'iw-uncertainty' });
    expect(iw.picked).toHaveLength(20);
    expect(new Set(iw.picked).size).toBe(20);
    expect(Array.from(iw.weights).every((w) => w > 0 && w <= 2 + 1e-6)).toBe(true);
    expect(new Set(Array.from(iw.weights)).size).toBeGreaterThan(1);
    const plain = await simulateLoop(data, { ...options, strategy: 'uncertainty' });
    expect(Array.from(plain.weights)).toEqual(new Array(20).fill(1));
  }, 60_000);
});

describe('simulateLoop with feature-based picks', () => {
  it('badge, kcenter-features, typiclust and cluster-margin pick distinct pool items from the student\u2019s features; badge refuses a non-linear student', async () => {
    const data = synthetic(6);
    const options = { method: 'wmv' as const, metric: { kind: 'accuracy' as const }, budget: 20, step: 10, seed: 4, student: { epochs: 4 } };
    for (const strategy of ['badge', 'kcenter-features', 'typiclust', 'cluster-margin'] as const) {
      const { picked, curve } = await simulateLoop(data, { ...options, strategy });
      expect(curve.map((p) => p.labels)).toEqual([0, 10, 20]);
      expect(new Set(picked).size).toBe(20);
      expect(picked.every((i) => i >= 0 && i < 200)).toBe(true);
    }
    await expect(simulateLoop(data, { ...options, strategy: 'badge', student: { arch: 'mlp', epochs: 2 } })).rejects.toThrow(/linear student/);
  }, 60_000);
});

describe('simulateLoop with a class-weighted student', () => {
  it("'on' gives probabilities under the data's balance; 'dev' keeps the plain student unless the weighted one scores higher on dev", async () => {
    const data = synthetic(7);
    const options = { method: 'wmv' as const, metric: { kind: 'macro_f1' as const }, budget: 10, step: 10, seed: 5, strategy: 'entropy' as const, student: { epochs: 6 } };
    const off = await simulateLoop(data, { ...options, balance: 'off' });
    const on = await simulateLoop(data, { ...options, balance: 'on' });
    const dev = await simulateLoop(data, { ...options, balance: 'dev' });
    for (let row = 0; row < on.studentProbs.length; row += 2) expect(on.studentProbs[row] + on.studentProbs[row + 1]).toBeCloseTo(1, 5);
    // Class weights (about 0.7 and 1.7 here) change what the student learns.
    expect(Array.from(on.studentProbs)).not.toEqual(Array.from(off.studentProbs));
    // Before any answer the candidates are the same two students; dev keeps the better one.
    const [plain, weighted, kept] = [off, on, dev].map((r) => r.curve[0].student.dev);
    expect(kept).toBe(weighted > plain ? weighted : plain);
  }, 60_000);
});
