import { describe, expect, it } from 'vitest';
import { Split } from '../types';
import { canaryMetric, reviewedCount } from './refit-metric';

const row = { count: 10, accuracy: 0.9, macroF1: 0.7, f1: [0.95, 0.45], costError: 0.3 };

describe('canaryMetric', () => {
  it('reads the metric the dataset selects by', () => {
    expect(canaryMetric(row, { kind: 'accuracy' })).toBe(0.9);
    expect(canaryMetric(row, { kind: 'macro_f1' })).toBe(0.7);
    expect(canaryMetric(row, { kind: 'f1', positive: 1 })).toBe(0.45);
    expect(canaryMetric(row, { kind: 'cost', costs: { fp: [1, 1], fn: [1, 1] } })).toBe(0.3);
  });

  it('is NaN without labelled canary items', () => {
    expect(canaryMetric({ ...row, count: 0 }, { kind: 'accuracy' })).toBeNaN();
  });
});

describe('reviewedCount', () => {
  it('counts labelled pool items only, not dev or canary', () => {
    const labels = [0, -1, 1, 1, 0, -1];
    const splits = [Split.train, Split.train, Split.dev, Split.train, Split.canary, Split.train];
    expect(reviewedCount(labels, splits, Split.train)).toBe(2);
  });
});
