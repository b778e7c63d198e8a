import { describe, expect, it } from 'vitest';
import { replay } from '../labels';
import { effectiveLabels, LabelOrigin, restoreChanges } from './diff';
import { checkGate, validateGate } from './gate';
import { canaryMetrics } from './metrics';
import type { CanaryMetrics } from './types';

const metrics: CanaryMetrics = { count: 100, accuracy: 0.9, macroF1: 0.8, perClassF1: [0.95, 0.65], ece: 0.05, probabilities: 'raw' };
const classes = ['ham', 'spam'];

describe('canary gate', () => {
  it('passes an empty gate and fails each violated criterion with both numbers', () => {
    expect(checkGate({}, null, classes, null)).toEqual({ passed: true, reasons: [] });
    expect(checkGate({ minAccuracy: 0.85, maxEce: 0.1 }, metrics, classes, null).passed).toBe(true);
    const verdict = checkGate({ minAccuracy: 0.95, minMacroF1: 0.85, minClassF1: [null, 0.7], maxEce: 0.02 }, metrics, classes, null);
    expect(verdict.passed).toBe(false);
    expect(verdict.reasons).toEqual([
      'Canary accuracy 90.0 % is below the minimum 95.0 %.',
      'Canary macro-F1 80.0 % is below the minimum 85.0 %.',
      'Canary F1 of class "spam" 65.0 % is below the minimum 70.0 %.',
      'Canary ECE 0.050 is above the maximum 0.020.',
    ]);
  });

  it('limits the drop against the last accepted snapshot, and fails without metrics', () => {
    const accepted = { name: 'v1', metrics: { ...metrics, accuracy: 0.95, macroF1: 0.81 } };
    const verdict = checkGate({ maxDrop: 0.02 }, metrics, classes, accepted);
    expect(verdict.reasons).toEqual(['Canary accuracy fell by 5.0 % against the last accepted snapshot "v1" (95.0 % → 90.0 %); at most 2.0 % is allowed.']);
    expect(checkGate({ maxDrop: 0.05 }, metrics, classes, accepted).passed).toBe(true);
    expect(checkGate({ minAccuracy: 0.5 }, null, classes, null).reasons[0]).toMatch(/no canary metrics/);
  });

  it('validates criteria', () => {
    expect(validateGate({ minAccuracy: 1.5 }, 2)).toBe('Minimum accuracy must be a number from 0 to 1 (got 1.5).');
    expect(validateGate({ minClassF1: [0.1, 0.2, 0.3] }, 2)).toBe('There are 2 classes but 3 per-class minimums.');
    expect(validateGate({ minAccuracy: 0.5, maxDrop: 0 }, 2)).toBeNull();
  });
});

describe('snapshot label state', () => {
  it('computes canary metrics only on labeled canary items', () => {
    const gold = Int16Array.from([0, 1, 1, -1, 0]);
    const splits = Uint8Array.from([2, 2, 2, 2, 0]);
    const probs = Float32Array.from([0.9, 0.1, 0.2, 0.8, 0.6, 0.4, 0.5, 0.5, 0.1, 0.9]);
    const m = canaryMetrics(gold, splits, Int16Array.from([0, 1, 0, 0, 1]), probs, 2, 'raw')!;
    expect(m.count).toBe(3);
    expect(m.accuracy).toBeCloseTo(2 / 3);
    expect(canaryMetrics(gold, new Uint8Array(5), new Int16Array(5), probs, 2, 'raw')).toBeNull();
  });

  it('prefers human labels over the model and restores labels with their authors', () => {
    const at = (items: number[], labels: number[], by: 'import' | 'you') => ({ kind: 'set' as const, by, at: 1, items: Uint32Array.from(items), labels: Int16Array.from(labels), prev: Int16Array.from(items.map(() => -1)) });
    const target = replay(4, [at([0, 1], [1, 0], 'import')]);
    const current = replay(4, [at([0, 1], [1, 0], 'import'), at([1, 2], [1, 1], 'you')]);
    const eff = effectiveLabels(current, Int16Array.from([0, 0, 0, -1]));
    expect(Array.from(eff.label)).toEqual([1, 1, 1, -1]);
    expect(Array.from(eff.origin)).toEqual([LabelOrigin.import, LabelOrigin.you, LabelOrigin.you, LabelOrigin.none]);
    const changes = restoreChanges(current, target);
    expect(changes.map((c) => [c.by, Array.from(c.items), Array.from(c.labels), Array.from(c.prev)])).toEqual([
      ['import', [1], [0], [1]],
      ['you', [2], [-1], [1]],
    ]);
  });
});

describe('gate: no dataset drift', () => {
  const side = (from: string | null, to: string | null) => ({ items: { kind: 'dates' as const, field: 'DATE', from, to }, labels: { kind: 'current' as const } });
  const criteria = { noDrift: { reference: side(null, '2015-01-01'), current: side('2015-01-01', null) } };

  it('fails with the drifted columns named, passes without drift, and needs no canary metrics alone', () => {
    const verdict = checkGate(criteria, null, ['a'], null, { datasetDrift: true, shareDrifted: 0.5, drifted: ['AUTHOR'] });
    expect(verdict.passed).toBe(false);
    expect(verdict.reasons).toEqual(['Dataset drift: 50.0 % of the columns drifted (AUTHOR) in DATE from 2015-01-01 against DATE before 2015-01-01.']);
    expect(checkGate(criteria, null, ['a'], null, { datasetDrift: false, shareDrifted: 0, drifted: [] })).toEqual({ passed: true, reasons: [] });
    expect(checkGate(criteria, null, ['a'], null, { error: 'no field "DATE"' }).reasons[0]).toMatch(/failed: no field "DATE"/);
  });

  it('adds its reason to the metric criteria', () => {
    const verdict = checkGate({ ...criteria, minAccuracy: 0.5 }, null, ['a'], null, { datasetDrift: true, shareDrifted: 1, drifted: ['x'] });
    expect(verdict.reasons).toHaveLength(2);
    expect(verdict.reasons[1]).toMatch(/no canary metrics/);
  });
});
