import { describe, expect, it } from 'vitest';
import { applyDecision, type Decision } from '../labelmodel/decision';
import { mulberry32 } from '../random';
import { Split } from '../types';
import { decisionAfterCalibration, decisionUnderTemperature, tuneOnDev } from './decision';
import { applyHistogram, applyTemperature } from './index';

/** Softmax rows of random logits (spread wide enough that no two classes tie). */
function randomProbs(n: number, k: number, seed: number): Float32Array {
  const random = mulberry32(seed);
  const probs = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    const logits = Array.from({ length: k }, () => (random() - 0.5) * 8);
    const max = Math.max(...logits);
    const sum = logits.reduce((s, l) => s + Math.exp(l - max), 0);
    logits.forEach((l, c) => (probs[i * k + c] = Math.exp(l - max) / sum));
  }
  return probs;
}

const differences = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).filter((x, i) => x !== b[i]).length;

describe('a decision under temperature scaling', () => {
  const n = 3000;
  for (const temperature of [0.4, 2.5]) {
    it(`restates a threshold so that the calibrated outputs (T = ${temperature}) label every item as the raw ones did`, () => {
      const raw = randomProbs(n, 2, 1);
      const calibrated = applyTemperature({ n, k: 2, probs: raw }, temperature);
      const decision: Decision = { kind: 'threshold', positive: 1, threshold: 0.3 };
      const labels = applyDecision(raw, 2, decision);
      const restated = decisionUnderTemperature(decision, temperature);
      expect(restated.kind === 'threshold' && restated.threshold).not.toBeCloseTo(0.3, 3);
      expect(differences(applyDecision(calibrated, 2, restated), labels)).toBe(0);
      // What restating replaces: the same threshold, or argmax, on calibrated outputs label other items.
      expect(differences(applyDecision(calibrated, 2, decision), labels)).toBeGreaterThan(20);
      expect(differences(applyDecision(calibrated, 2), labels)).toBeGreaterThan(20);
    });

    it(`restates class weights as w^β (T = ${temperature}), and keeps argmax`, () => {
      const raw = randomProbs(n, 3, 2);
      const calibrated = applyTemperature({ n, k: 3, probs: raw }, temperature);
      const decision: Decision = { kind: 'weights', weights: [1, 2.5, 0.4] };
      const labels = applyDecision(raw, 3, decision);
      expect(differences(applyDecision(calibrated, 3, decisionUnderTemperature(decision, temperature)), labels)).toBe(0);
      expect(differences(applyDecision(calibrated, 3, decision), labels)).toBeGreaterThan(20);
      expect(differences(applyDecision(calibrated, 3), applyDecision(raw, 3))).toBe(0);
      expect(decisionAfterCalibration({ kind: 'argmax' }, { method: 'temperature', temperature }, () => { throw new Error('no tuning'); })).toEqual({ decision: { kind: 'argmax' }, how: 'unchanged' });
    });
  }

  it('keeps thresholds 0 and 1 and extreme weights usable', () => {
    expect(decisionUnderTemperature({ kind: 'threshold', positive: 0, threshold: 0 }, 2)).toEqual({ kind: 'threshold', positive: 0, threshold: 0 });
    expect(decisionUnderTemperature({ kind: 'threshold', positive: 0, threshold: 1 }, 2)).toEqual({ kind: 'threshold', positive: 0, threshold: 1 });
    const tiny = decisionUnderTemperature({ kind: 'weights', weights: [Math.exp(-3), 1, Math.exp(3)] }, 1e-3);
    expect(tiny.kind === 'weights' && tiny.weights.every((w) => Number.isFinite(w) && w > 0)).toBe(true);
    expect(tiny.kind === 'weights' && tiny.weights[2]).toBe(1);
  });
});

describe('a decision after histogram binning', () => {
  it('is tuned again on the calibrated dev outputs, where the top class itself can change', () => {
    // One confident bin that is right 1 time in 5: binning moves its items to the other class.
    const raw = Float32Array.of(0.9, 0.1, 0.9, 0.1, 0.9, 0.1, 0.9, 0.1, 0.9, 0.1);
    const calibrated = applyHistogram({ n: 5, k: 2, probs: raw }, { edges: [], values: [0.2] });
    expect(Array.from(applyDecision(calibrated, 2))).toEqual([1, 1, 1, 1, 1]);
    let tuned = 0;
    const result = decisionAfterCalibration({ kind: 'threshold', positive: 1, threshold: 0.5 }, { method: 'histogram', histogram: { edges: [], values: [0.2] } }, () => {
      tuned++;
      return { kind: 'argmax' };
    });
    expect(result).toEqual({ decision: { kind: 'argmax' }, how: 'retuned' });
    expect(tuned).toBe(1);
  });

  it('tunes on labelled dev items only, leaving out canary items and the ones the model trained on', () => {
    // Binary, positive = 1: the dev positives sit at p = 0.3, 0.35 and (item 7) 0.15, the negatives at 0.1 and 0.05.
    const p1 = [0.3, 0.35, 0.1, 0.05, 0.3, 0.35, 0.2, 0.15];
    const probs = Float32Array.from(p1.flatMap((p) => [1 - p, p]));
    const splits = Uint8Array.of(Split.dev, Split.dev, Split.dev, Split.dev, Split.canary, Split.canary, Split.train, Split.dev);
    const labels = [1, 1, 0, 0, 0, 0, 1, 1];
    const metric = { kind: 'f1', positive: 1 } as const;
    const decision = tuneOnDev(probs, 2, labels, splits, metric);
    expect(decision.kind === 'threshold' && decision.threshold).toBeLessThan(0.15);
    // Canary and train labels change nothing.
    expect(tuneOnDev(probs, 2, [1, 1, 0, 0, 1, 1, 0, 1], splits, metric)).toEqual(decision);
    // Left out, item 7 no longer pulls the threshold under 0.15.
    const without7 = tuneOnDev(probs, 2, labels, splits, metric, [7]);
    expect(without7.kind === 'threshold' && without7.threshold).toBeGreaterThan(0.15);
  });
});
