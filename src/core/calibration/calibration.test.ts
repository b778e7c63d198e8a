import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random';
import { Split } from '../types';
import { applyCalibrator, calibrationReport, fitCalibration, fitTemperature, type ProbMatrix } from './index';

/** Overconfident binary predictions: true accuracy 75%, reported confidence ~0.95. */
function overconfident(n: number, seed: number): { m: ProbMatrix; labels: Int16Array } {
  const random = mulberry32(seed);
  const probs = new Float32Array(n * 2);
  const labels = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    const y = random() < 0.5 ? 0 : 1;
    labels[i] = y;
    const right = random() < 0.75;
    const predicted = right ? y : 1 - y;
    const confidence = 0.9 + random() * 0.09;
    probs[i * 2 + predicted] = confidence;
    probs[i * 2 + 1 - predicted] = 1 - confidence;
  }
  return { m: { n, k: 2, probs }, labels };
}

describe('calibration metrics', () => {
  it('computes ECE, MCE, Brier and NLL on a hand-checked case', () => {
    const m: ProbMatrix = { n: 2, k: 2, probs: Float32Array.from([0.8, 0.2, 0.6, 0.4]) };
    const report = calibrationReport(m, Int16Array.from([0, 1]), [0, 1]);
    // Bins: 0.8 → bin 12 (acc 1), 0.6 → bin 9 (acc 0). ECE = ½·0.2 + ½·0.6 = 0.4.
    expect(report.ece).toBeCloseTo(0.4, 6);
    expect(report.mce).toBeCloseTo(0.6, 6);
    expect(report.brier).toBeCloseTo((0.04 + 0.04 + 0.36 + 0.36) / 2, 6);
    expect(report.nll).toBeCloseTo((-Math.log(0.8) - Math.log(0.4)) / 2, 5);
    expect(report.accuracy).toBe(0.5);
  });
});

describe('temperature scaling', () => {
  it('recovers the temperature that generated softened probabilities', () => {
    // Probabilities p = softmax(logit); labels drawn from softmax(logit / 2): the right T is 2.
    const random = mulberry32(3);
    const n = 20_000;
    const probs = new Float32Array(n * 3);
    const labels = new Int16Array(n);
    for (let i = 0; i < n; i++) {
      const logits = [random() * 6 - 3, random() * 6 - 3, random() * 6 - 3];
      const soft = logits.map((l) => Math.exp(l));
      const hot = logits.map((l) => Math.exp(l / 2));
      const s = soft.reduce((a, b) => a + b);
      const h = hot.reduce((a, b) => a + b);
      soft.forEach((v, j) => (probs[i * 3 + j] = v / s));
      let u = random() * h;
      let y = 0;
      while (u > hot[y] && y < 2) u -= hot[y++];
      labels[i] = y;
    }
    const all = Array.from({ length: n }, (_, i) => i);
    expect(fitTemperature({ n, k: 3, probs }, labels, all)).toBeCloseTo(2, 1);
  });

  it('cuts the ECE of overconfident predictions, fitted on dev only, and never reads canary labels', () => {
    const { m, labels } = overconfident(4000, 9);
    const splits = new Uint8Array(m.n).fill(Split.train);
    for (let i = 0; i < 1000; i++) splits[i] = Split.dev;
    for (let i = 1000; i < 2000; i++) splits[i] = Split.canary;
    const fit = fitCalibration(m, labels, splits, 'temperature');
    expect(fit.before.ece).toBeGreaterThan(0.12);
    expect(fit.after.ece).toBeLessThan(0.05);
    const canary = Array.from({ length: 1000 }, (_, i) => 1000 + i);
    const canaryAfter = calibrationReport({ ...m, probs: applyCalibrator(m, fit.calibrator) }, labels, canary);
    expect(canaryAfter.ece).toBeLessThan(0.06);
    // Poison canary labels: the fitted calibrator must not change.
    const poisoned = labels.slice();
    for (const i of canary) poisoned[i] = 1 - poisoned[i];
    expect(fitCalibration(m, poisoned, splits, 'temperature').calibrator).toEqual(fit.calibrator);
  });

  it('histogram binning also reduces ECE and keeps rows summing to 1', () => {
    const { m, labels } = overconfident(4000, 11);
    const splits = new Uint8Array(m.n).fill(Split.dev);
    const fit = fitCalibration(m, labels, splits, 'histogram');
    expect(fit.after.ece).toBeLessThan(fit.before.ece / 3);
    const out = applyCalibrator(m, fit.calibrator);
    for (let i = 0; i < m.n; i++) expect(out[i * 2] + out[i * 2 + 1]).toBeCloseTo(1, 5);
  });

  it('explains when there is nothing to fit on', () => {
    const { m, labels } = overconfident(10, 1);
    expect(() => fitCalibration(m, labels, new Uint8Array(10), 'temperature')).toThrow(/needs labeled dev items/);
  });
});
