import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { metricValue } from '../metrics/selection';
import { mulberry32 } from '../random';
import { applyDecision, predictsOneClass, tuneDecision } from './decision';

/** Binary probabilities of a model that under-rates the rare positive class (p ≈ 0.3 for positives). */
function skewed(seed: number, n: number) {
  const random = mulberry32(seed);
  const gold = new Int16Array(n);
  const probs = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    gold[i] = random() < 0.1 ? 1 : 0;
    const p = Math.min(0.99, Math.max(0.01, (gold[i] ? 0.35 : 0.1) + (random() - 0.5) * 0.2));
    probs[i * 2] = 1 - p;
    probs[i * 2 + 1] = p;
  }
  return { gold, probs };
}

describe('tuneDecision', () => {
  it('binary: finds a threshold that lifts F1 of the rare class above argmax, and applies it as tuned', () => {
    const { gold, probs } = skewed(1, 400);
    const metric = { kind: 'f1' as const, positive: 1 };
    const tuned = tuneDecision(probs, 2, gold, metric);
    expect(tuned.decision.kind).toBe('threshold');
    expect(tuned.argmaxValue).toBe(0);
    expect(tuned.value).toBeGreaterThan(0.8);
    expect(metricValue(metric, gold, applyDecision(probs, 2, tuned.decision), 2)).toBe(tuned.value);
  });

  it('never does worse on dev than argmax, for any metric (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.constantFrom('accuracy', 'macro_f1', 'f1'), (seed, name) => {
        const { gold, probs } = skewed(seed, 60);
        const metric = name === 'f1' ? { kind: 'f1' as const, positive: 1 } : { kind: name as 'accuracy' | 'macro_f1' };
        const tuned = tuneDecision(probs, 2, gold, metric);
        expect(tuned.value).toBeGreaterThanOrEqual(tuned.argmaxValue);
      }),
      { numRuns: 40 },
    );
  });

  it('keeps argmax when it is already best or dev has no labels', () => {
    const probs = Float32Array.from([0.9, 0.1, 0.2, 0.8, 0.7, 0.3]);
    expect(tuneDecision(probs, 2, [0, 1, 0], { kind: 'accuracy' }).decision).toEqual({ kind: 'argmax' });
    expect(tuneDecision(probs, 2, [-1, -1, -1], { kind: 'accuracy' }).decision).toEqual({ kind: 'argmax' });
  });

  it('multi-class: class weights rescue a class the model under-rates', () => {
    const random = mulberry32(5);
    const n = 300;
    const gold = new Int16Array(n);
    const probs = new Float32Array(n * 3);
    for (let i = 0; i < n; i++) {
      const y = random() < 0.15 ? 2 : random() < 0.5 ? 0 : 1;
      gold[i] = y;
      const row = [0.45, 0.45, 0.1];
      if (y === 2) row[2] = 0.35;
      else row[y] += 0.2;
      const sum = row.reduce((a, b) => a + b);
      for (let c = 0; c < 3; c++) probs[i * 3 + c] = row[c] / sum + (random() - 0.5) * 0.02;
    }
    const tuned = tuneDecision(probs, 3, gold, { kind: 'macro_f1' });
    expect(tuned.decision.kind).toBe('weights');
    expect(tuned.value).toBeGreaterThan(tuned.argmaxValue + 0.2);
    expect(applyDecision(probs, 3, tuned.decision).some((label) => label === 2)).toBe(true);
  });
});

describe('tuneDecision, multi-class', () => {
  it('keeps argmax (every weight 1) when argmax already labels every dev item right', () => {
    const random = mulberry32(9);
    const gold = Int16Array.from({ length: 90 }, (_, i) => (i < 60 ? 0 : i < 85 ? 1 : 2));
    const probs = new Float32Array(90 * 3);
    gold.forEach((y, i) => {
      for (let c = 0; c < 3; c++) probs[i * 3 + c] = c === y ? 0.6 + random() * 0.2 : 0.1;
    });
    const tuned = tuneDecision(probs, 3, gold, { kind: 'macro_f1' });
    expect(tuned.decision).toEqual({ kind: 'argmax' });
    expect(tuned.value).toBe(1);
  });
});

describe('predictsOneClass', () => {
  it('is true only when dev holds several classes and the labels one', () => {
    expect(predictsOneClass([0, 0, 0, 1], [0, 1, 0, -1])).toBe(true);
    expect(predictsOneClass([0, 1, 0], [0, 1, 0])).toBe(false);
    expect(predictsOneClass([0, 0], [0, 0])).toBe(false);
  });
});
