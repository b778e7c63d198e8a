import { describe, expect, it } from 'vitest';
import { Split } from '../types';
import { argmaxLabels, canaryReport } from './canary-report';

describe('canaryReport', () => {
  // Items 0–1 train, 2 dev, 3–7 canary (item 7 has no gold label).
  const splits = Uint8Array.from([0, 0, 1, 2, 2, 2, 2, 2]);
  const gold = Int16Array.from([1, 1, 0, 0, 0, 1, 1, -1]);

  it('scores only canary items: accuracy, per-class P/R/F1, confusion, coverage, costs', () => {
    // Wrong on every non-canary item (they must not count), on canary: right, wrong (0→1), right, abstain, (unlabelled).
    const labels = Int16Array.from([0, 0, 1, 0, 1, 1, -1, 1]);
    const report = canaryReport([{ id: 's', name: 'source', kind: 'lf', labels }], gold, splits, 2, { fp: [1, 5], fn: [2, 10] });
    expect(report.canaryItems).toBe(5);
    expect(report.labelled).toBe(4);
    const row = report.rows[0];
    expect(row.count).toBe(4);
    expect(row.accuracy).toBe(0.5);
    expect(row.votedAccuracy).toBe(2 / 3);
    expect(row.confusion).toEqual([1, 1, 0, 1]);
    expect(row.abstained).toBe(1);
    expect(row.coverage).toBe(4 / 5);
    expect(row.precision).toEqual([1, 0.5]);
    expect(row.recall).toEqual([0.5, 0.5]);
    // 0→1 costs fn[0] + fp[1] = 7; the abstention on a class-1 item costs fn[1] = 10.
    expect(row.costError).toBe(17 / 4);
    expect(row.ece).toBeNull();
  });

  it('ECE from probabilities, on canary items only', () => {
    const probs = new Float32Array(16);
    for (let i = 0; i < 8; i++) probs.set(i < 3 ? [0.99, 0.01] : gold[i] === 1 ? [0.2, 0.8] : [0.8, 0.2], i * 2);
    const report = canaryReport([{ id: 'm', name: 'model', kind: 'student', labels: argmaxLabels(probs, 2), probs }], gold, splits, 2);
    expect(report.rows[0].accuracy).toBe(1);
    expect(report.rows[0].ece).toBeCloseTo(0.2, 6);
  });

  it('argmaxLabels leaves uncovered items abstaining', () => {
    expect(Array.from(argmaxLabels(Float32Array.from([0.2, 0.8, 0.6, 0.4]), 2, Uint8Array.from([1, 0])))).toEqual([1, -1]);
  });

  it('rejects bad costs with the class named', () => {
    expect(() => canaryReport([], gold, splits, 2, { fp: [1, -1], fn: [1, 1] })).toThrow(/FP cost of class 1/);
    expect(() => canaryReport([], gold, splits, 2, { fp: [1], fn: [1, 1] })).toThrow(/one FP cost per class/);
  });

  it('no canary items: empty counts, NaN scores rather than made-up ones', () => {
    const report = canaryReport([{ id: 's', name: 's', kind: 'lf', labels: new Int16Array(3) }], Int16Array.from([0, 1, 0]), Uint8Array.from([Split.train, Split.dev, Split.train]), 2);
    expect(report.canaryItems).toBe(0);
    expect(report.rows[0].accuracy).toBeNaN();
  });
});
