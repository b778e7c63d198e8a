import { describe, expect, it } from 'vitest';
import { issueReport, stratifiedFolds } from './out-of-fold';

describe('stratified folds', () => {
  it('gives every fold its share of each class, the same for the same seed', () => {
    const labels = Int32Array.from({ length: 103 }, (_, i) => (i < 80 ? 0 : i < 98 ? 1 : 2));
    const folds = stratifiedFolds(labels, 5, 3);
    for (const c of [0, 1, 2]) {
      const perFold = [0, 0, 0, 0, 0];
      labels.forEach((l, i) => l === c && perFold[folds[i]]++);
      const total = perFold.reduce((a, b) => a + b, 0);
      for (const count of perFold) expect(Math.abs(count - total / 5)).toBeLessThanOrEqual(1);
    }
    expect(Array.from(stratifiedFolds(labels, 5, 3))).toEqual(Array.from(folds));
    expect(Array.from(stratifiedFolds(labels, 5, 4))).not.toEqual(Array.from(folds));
  });

  it('refuses what cannot be cross-validated, saying why', () => {
    expect(() => stratifiedFolds([0, 1, 0], 5, 1)).toThrow('5-fold checking needs at least 10 labelled items; there are 3.');
    expect(() => stratifiedFolds(new Array(12).fill(1), 5, 1)).toThrow('All labelled items have the same class');
    expect(() => stratifiedFolds([0, 1, 0, 1], 1, 1)).toThrow('Use 2 to 20 folds; got 1.');
  });
});

describe('issue report', () => {
  it('flags a confidently contradicted label first, with its scores', () => {
    // Rows 0–5 agree with their labels; row 6 is labelled 0 but the model is sure it is 1.
    const probs = Float64Array.from([0.9, 0.1, 0.8, 0.2, 0.85, 0.15, 0.1, 0.9, 0.2, 0.8, 0.15, 0.85, 0.05, 0.95]);
    const labels = Int32Array.from([0, 0, 0, 1, 1, 1, 0]);
    const items = [10, 11, 12, 13, 14, 15, 16];
    const report = issueReport({ n: 7, k: 2, probs, labels }, items);
    expect(report.checked).toBe(7);
    expect(report.flagged).toBe(1);
    expect(report.rows[0]).toEqual({ item: 16, given: 0, suggested: 1, selfConfidence: 0.05, normalizedMargin: (0.05 - 0.95 + 1) / 2, flagged: true });
    expect(report.rows.slice(1).every((r) => !r.flagged)).toBe(true);
    // Unflagged rows follow by ascending self-confidence.
    const rest = report.rows.slice(1).map((r) => r.selfConfidence);
    expect(rest).toEqual([...rest].sort((a, b) => a - b));
    expect(report.confidentJoint[0][1]).toBeGreaterThan(0);
    expect(issueReport({ n: 7, k: 2, probs, labels }, items, 3).rows).toHaveLength(3);
  });
});
