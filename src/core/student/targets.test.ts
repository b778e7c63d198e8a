import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SiftError } from '../errors';
import { Split } from '../types';
import { buildTargets, mapTeacherLabels, reorderColumns } from './targets';

const splits = (n: number, canary: number[] = []) => {
  const s = new Uint8Array(n);
  for (const i of canary) s[i] = Split.canary;
  return s;
};

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof SiftError) return error.code;
    throw error;
  }
  return 'no error';
}

describe('buildTargets', () => {
  it('makes one-hot seeds and tempered soft targets, seeds winning over soft labels', () => {
    const probs = Float32Array.from([0.9, 0.1, 0.2, 0.8, 0.5, 0.5]);
    const t = buildTargets({ k: 2, splits: splits(3), purpose: 'distillation', seedRows: [2], seedLabels: [0], softRows: [0, 1, 2], softProbs: probs, temperature: 2, alpha: 0.5, weighting: 'confidence' });
    expect(Array.from(t.rows)).toEqual([2, 0, 1]);
    expect(Array.from(t.hard)).toEqual([0, 0, 1]);
    expect(Array.from(t.soft.subarray(0, 2))).toEqual([1, 0]);
    // q_T ∝ q^(1/T): 0.9^0.5 / (0.9^0.5 + 0.1^0.5) = 0.75.
    expect(t.soft[2]).toBeCloseTo(0.75, 6);
    expect(t.soft[5]).toBeCloseTo(Math.sqrt(0.8) / (Math.sqrt(0.8) + Math.sqrt(0.2)), 6);
    expect(t.weight[1]).toBeCloseTo(0.9, 6);
    expect(t.weight[2]).toBeCloseTo(0.8, 6);
  });

  it('soft targets stay distributions for any temperature, and T = 1 keeps them', () => {
    fc.assert(
      fc.property(fc.array(fc.float({ min: Math.fround(0.01), max: 1, noNaN: true }), { minLength: 3, maxLength: 3 }), fc.double({ min: 0.05, max: 20, noNaN: true }), (raw, temperature) => {
        const sum = raw.reduce((a, b) => a + b, 0);
        const probs = Float32Array.from(raw, (p) => p / sum);
        // Two seeds of different classes, so the targets always hold two classes.
        const t = buildTargets({ k: 3, splits: splits(3), purpose: 'distillation', seedRows: [1, 2], seedLabels: [0, 1], softRows: [0], softProbs: probs, temperature });
        const row = Array.from(t.soft.subarray(6, 9));
        expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
        // Tempering never changes which class is on top (up to float32 rounding between near-ties).
        const top = Array.from(probs).indexOf(Math.max(...probs));
        expect(row[top]).toBeGreaterThanOrEqual(Math.max(...row) - 1e-6);
        expect(t.hard[2]).toBe(top);
        if (temperature === 1) row.forEach((p, c) => expect(p).toBeCloseTo(probs[c], 5));
      }),
    );
  });

  it('rejects what a student cannot learn from, each with its own code', () => {
    const base = { k: 2, splits: splits(4), purpose: 'training' as const };
    expect(codeOf(() => buildTargets({ ...base, seedRows: [0, 1], seedLabels: [1, 1] }))).toBe('student/one-class');
    expect(codeOf(() => buildTargets({ ...base, seedRows: [], seedLabels: [] }))).toBe('student/one-class');
    expect(codeOf(() => buildTargets({ ...base, seedRows: [0, 1], seedLabels: [0, 1], temperature: 0 }))).toBe('student/temperature');
    expect(codeOf(() => buildTargets({ ...base, seedRows: [0, 1], seedLabels: [0, 1], temperature: -1 }))).toBe('student/temperature');
    expect(codeOf(() => buildTargets({ ...base, seedRows: [0, 1], seedLabels: [0, 1], alpha: 1.5 }))).toBe('student/alpha');
    expect(codeOf(() => buildTargets({ ...base, seedRows: [0, 1], seedLabels: [0, 2] }))).toBe('student/label-range');
    const nan = Float32Array.from([NaN, 1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
    expect(codeOf(() => buildTargets({ ...base, seedRows: [], seedLabels: [], softRows: [0, 1], softProbs: nan }))).toBe('student/bad-targets');
    const unnormalised = Float32Array.from([0.9, 0.9, 0.1, 0.9, 0.5, 0.5, 0.5, 0.5]);
    expect(codeOf(() => buildTargets({ ...base, seedRows: [], seedLabels: [], softRows: [0, 1], softProbs: unnormalised }))).toBe('student/bad-targets');
  });

  it('the canary guard refuses canary items as seeds or soft-labelled items', () => {
    const s = splits(4, [3]);
    expect(codeOf(() => buildTargets({ k: 2, splits: s, purpose: 'training', seedRows: [0, 3], seedLabels: [0, 1] }))).toBe('canary-violation');
    const probs = Float32Array.from([1, 0, 0, 1, 1, 0, 0, 1]);
    expect(codeOf(() => buildTargets({ k: 2, splits: s, purpose: 'distillation', seedRows: [], seedLabels: [], softRows: [0, 3], softProbs: probs }))).toBe('canary-violation');
  });

  it('one-class error names the class', () => {
    expect(() => buildTargets({ k: 2, splits: splits(2), purpose: 'training', seedRows: [0, 1], seedLabels: [1, 1], classNames: ['ham', 'spam'] })).toThrow(/at least 2 classes among the seed labels; only class spam/);
  });
});

describe('mapTeacherLabels', () => {
  it('maps by name, ignoring case and spaces, and reorders probability columns', () => {
    const columnOf = mapTeacherLabels(['Spam ', 'ham'], ['ham', 'spam']);
    expect(Array.from(columnOf)).toEqual([1, 0]);
    expect(Array.from(reorderColumns(Float32Array.from([0.7, 0.3, 0.1, 0.9]), columnOf, 2))).toEqual([Math.fround(0.3), Math.fround(0.7), Math.fround(0.9), Math.fround(0.1)]);
  });

  it('names the classes that do not map, both ways', () => {
    expect(() => mapTeacherLabels(['cat', 'dog'], ['ham', 'spam'])).toThrow(/no teacher label for the dataset's classes "ham", "spam"; the teacher's labels "cat", "dog" match no class/);
    expect(() => mapTeacherLabels(['0', '1', '2'], ['0', '1'])).toThrow(/the teacher's label "2" matches no class/);
    expect(() => mapTeacherLabels(['a', 'A'], ['a'])).toThrow(/names the label "A" twice/);
  });
});
