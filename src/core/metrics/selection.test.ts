import { describe, expect, it } from 'vitest';
import { devWarnings, metricLabel, metricScore, metricValue, resolveMetric } from './selection';

const classes = ['ham', 'spam'];

describe('resolveMetric', () => {
  it('defaults F1 to class index 1 in a two-class set and accepts a class name or index', () => {
    expect(resolveMetric({ name: 'f1' }, classes)).toEqual({ kind: 'f1', positive: 1 });
    expect(resolveMetric({ name: 'f1', positive: 'HAM' }, classes)).toEqual({ kind: 'f1', positive: 0 });
    expect(resolveMetric({ name: 'f1', positive: '0' }, classes)).toEqual({ kind: 'f1', positive: 0 });
    expect(resolveMetric({ name: 'macro_f1' }, classes)).toEqual({ kind: 'macro_f1' });
  });

  it('says which positive class is wrong and lists the classes', () => {
    expect(() => resolveMetric({ name: 'f1', positive: 'eggs' }, classes)).toThrow('The positive class "eggs" is not a class of this dataset; the classes are 0 = ham, 1 = spam.');
    expect(() => resolveMetric({ name: 'f1', positive: '2' }, classes)).toThrow(/"2" is not a class/);
    expect(() => resolveMetric({ name: 'f1' }, ['a', 'b', 'c'])).toThrow(/needs a positive class when there are 3 classes/);
  });

  it('refuses expected cost without costs, and bad costs, specifically', () => {
    expect(() => resolveMetric({ name: 'cost' }, classes)).toThrow(/needs per-class costs/);
    expect(() => resolveMetric({ name: 'cost', costs: { fp: [1], fn: [1, 1] } }, classes)).toThrow(/one FP cost per class: 2 classes, 1 costs/);
  });
});

describe('metricValue', () => {
  const gold = [0, 0, 0, 1, 1, -1];
  const predicted = [0, 0, 1, 1, 0, 1];

  it('computes each metric over gold-labelled items only', () => {
    expect(metricValue({ kind: 'accuracy' }, gold, predicted, 2)).toBeCloseTo(3 / 5);
    // spam: precision 1/2, recall 1/2; ham: precision 2/3, recall 2/3.
    expect(metricValue({ kind: 'f1', positive: 1 }, gold, predicted, 2)).toBeCloseTo(0.5);
    expect(metricValue({ kind: 'macro_f1' }, gold, predicted, 2)).toBeCloseTo((0.5 + 2 / 3) / 2);
    // One FP of spam (cost 1 + FN ham 2) and one missed spam (FN spam 5 + FP ham 0), over 5 items.
    const cost = { kind: 'cost' as const, costs: { fp: [0, 1], fn: [2, 5] } };
    expect(metricValue(cost, gold, predicted, 2)).toBeCloseTo((3 + 5) / 5);
    expect(metricScore(cost, 1.6)).toBe(-1.6);
  });

  it('ranks a one-class predictor last on an imbalanced set under macro-F1 but not under accuracy', () => {
    const g = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1];
    const allHam = new Array(10).fill(0);
    const someSpam = [0, 0, 0, 0, 0, 0, 1, 1, 1, 0];
    expect(metricValue({ kind: 'accuracy' }, g, allHam, 2)).toBeGreaterThan(metricValue({ kind: 'accuracy' }, g, someSpam, 2));
    expect(metricValue({ kind: 'macro_f1' }, g, allHam, 2)).toBeLessThan(metricValue({ kind: 'macro_f1' }, g, someSpam, 2));
  });
});

describe('devWarnings and labels', () => {
  it('warns when dev lacks the class the metric needs, or holds one class', () => {
    expect(devWarnings({ kind: 'f1', positive: 1 }, [0, 0, -1], classes)[0]).toMatch(/no labelled item of class spam, so F1 of spam is 0 for every model/);
    expect(devWarnings({ kind: 'macro_f1' }, [0, 1, 1], ['a', 'b', 'c'])[0]).toMatch(/no labelled item of class c/);
    expect(devWarnings({ kind: 'accuracy' }, [0, 0], classes)).toEqual([expect.stringMatching(/one class only \(ham\)/)]);
    expect(devWarnings({ kind: 'macro_f1' }, [0, 1], classes)).toEqual([]);
    expect(metricLabel({ kind: 'f1', positive: 1 }, classes)).toBe('F1 of spam');
  });
});
