import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random';
import { bootstrapMacroF1, wilsonInterval } from '../slices/intervals';
import { Split } from '../types';
import { argmaxLabels, canaryReport } from './canary-report';

/** A 400-item canary (plus train and dev) where the output is right 80 % of the time, at random. */
function fixture(seed = 5) {
  const random = mulberry32(seed);
  const n = 600;
  const splits = new Uint8Array(n).map((_, i) => (i < 100 ? Split.train : i < 200 ? Split.dev : Split.canary));
  // Dev is 70 % class 0; canary is 60 % class 0.
  const gold = new Int16Array(n).map((_, i) => (i < 200 ? (random() < 0.7 ? 0 : 1) : random() < 0.6 ? 0 : 1));
  const probs = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    const right = random() < 0.8;
    const top = right ? gold[i] : 1 - gold[i];
    const conf = 0.6 + 0.4 * random();
    probs[i * 2 + top] = conf;
    probs[i * 2 + 1 - top] = 1 - conf;
  }
  return { n, splits, gold, probs };
}

describe('canary intervals', () => {
  const { splits, gold, probs } = fixture();
  const report = canaryReport([{ id: 'm', name: 'model', kind: 'student', labels: argmaxLabels(probs, 2), probs }], gold, splits, 2);
  const row = report.rows[0];

  it('Wilson for accuracy and coverage, bootstrap for macro-F1, per-class F1, ECE and cost; each holds its estimate', () => {
    const right = Math.round(row.accuracy * row.count);
    expect(row.intervals.accuracy).toEqual(wilsonInterval(right, 400));
    expect(row.intervals.coverage).toEqual(wilsonInterval(400, 400));
    const canaryGold = gold.slice(200);
    const canaryPred = argmaxLabels(probs, 2).slice(200);
    // Same resampling scheme and seed as the slices' helper: the same macro-F1 interval.
    const slices = bootstrapMacroF1(canaryGold, canaryPred, 2);
    expect(row.intervals.macroF1.low).toBeCloseTo(slices.low, 12);
    expect(row.intervals.macroF1.high).toBeCloseTo(slices.high, 12);
    for (const [name, value, interval] of [
      ['accuracy', row.accuracy, row.intervals.accuracy],
      ['macroF1', row.macroF1, row.intervals.macroF1],
      ['f1[0]', row.f1[0], row.intervals.f1[0]],
      ['f1[1]', row.f1[1], row.intervals.f1[1]],
      ['ece', row.ece!, row.intervals.ece!],
      ['cost', row.costError, row.intervals.costError],
    ] as const) {
      expect(interval.low, name).toBeLessThanOrEqual(value);
      expect(interval.high, name).toBeGreaterThanOrEqual(value);
      expect(interval.high - interval.low, name).toBeGreaterThan(0);
    }
    // 400 items: a 95 % interval of an 80 % accuracy is about ±4 points, not ±0 and not ±20.
    expect(row.intervals.accuracy.high - row.intervals.accuracy.low).toBeGreaterThan(0.06);
    expect(row.intervals.accuracy.high - row.intervals.accuracy.low).toBeLessThan(0.1);
  });

  it('intervals shrink as the canary grows', () => {
    const small = canaryReport([{ id: 'm', name: 'model', kind: 'student', labels: argmaxLabels(probs, 2), probs }], gold, splits.map((s, i) => (s === Split.canary && i >= 260 ? Split.train : s)), 2).rows[0];
    expect(small.count).toBe(60);
    const width = (x: { low: number; high: number }) => x.high - x.low;
    expect(width(small.intervals.macroF1)).toBeGreaterThan(width(row.intervals.macroF1));
    expect(width(small.intervals.ece!)).toBeGreaterThan(width(row.intervals.ece!));
  });

  it('is reproducible: the same report twice gives the same intervals', () => {
    const again = canaryReport([{ id: 'm', name: 'model', kind: 'student', labels: argmaxLabels(probs, 2), probs }], gold, splits, 2).rows[0];
    expect(again.intervals).toEqual(row.intervals);
  });
});

describe('majority-class baseline row', () => {
  it("predicts dev's most frequent class with dev's mix as probabilities, never the canary's", () => {
    const { splits, gold } = fixture();
    const report = canaryReport([], gold, splits, 2);
    const base = report.baseline!;
    expect(base.name).toBe('Majority class (dev)');
    expect(base.kind).toBe('baseline');
    expect(base.coverage).toBe(1);
    expect(base.recall[1]).toBe(0);
    // Accuracy is the canary's share of class 0, the class dev holds most of.
    let zeros = 0;
    for (let i = 200; i < 600; i++) zeros += gold[i] === 0 ? 1 : 0;
    expect(base.accuracy).toBeCloseTo(zeros / 400, 12);
    expect(base.intervals.accuracy.low).toBeLessThan(base.accuracy);
    // Flip the canary's labels only: the baseline's class stays dev's.
    const flipped = gold.map((g, i) => (i >= 200 ? 1 - g : g));
    expect(canaryReport([], flipped, splits, 2).baseline!.recall[0]).toBe(1);
  });

  it('falls back to labelled non-canary items when dev has none, and is absent when nothing is labelled outside the canary', () => {
    const splits = Uint8Array.from([Split.train, Split.train, Split.canary, Split.canary]);
    expect(canaryReport([], Int16Array.from([1, 1, 0, 1]), splits, 2).baseline!.name).toBe('Majority class (labelled non-canary items)');
    expect(canaryReport([], Int16Array.from([-1, -1, 0, 1]), splits, 2).baseline).toBeNull();
  });
});
