import { describe, expect, it } from 'vitest';
import { balanceClasses, undoClassWeights } from './balance';
import type { TrainingTargets } from './targets';

const targets = (hard: number[], weight: number[]): TrainingTargets => ({
  k: 2,
  rows: Uint32Array.from(hard.keys()),
  soft: new Float32Array(hard.length * 2),
  hard: Int16Array.from(hard),
  weight: Float32Array.from(weight),
  temperature: 1,
  alpha: 1,
});

describe('balanceClasses', () => {
  it('gives every class the same total weight and leaves the input alone', () => {
    const input = targets([0, 0, 0, 0, 1], [1, 1, 1, 0.5, 0.5]);
    const { targets: out, classWeights } = balanceClasses(input);
    const mass = [0, 0];
    out.hard.forEach((c, r) => (mass[c] += out.weight[r]));
    expect(mass[0]).toBeCloseTo(mass[1], 5);
    expect(classWeights[1]).toBeCloseTo(4 / (2 * 0.5));
    expect(Array.from(input.weight)).toEqual([1, 1, 1, 0.5, 0.5]);
  });

  it('undoClassWeights inverts the prior shift the weights cause', () => {
    const p = Float32Array.from([0.9, 0.1, 0.5, 0.5]);
    const w = [1, 4];
    const shifted = new Float32Array(4);
    for (let r = 0; r < 4; r += 2) {
      const a = p[r] * w[0];
      const b = p[r + 1] * w[1];
      shifted[r] = a / (a + b);
      shifted[r + 1] = b / (a + b);
    }
    const back = undoClassWeights(shifted, 2, w);
    for (let i = 0; i < 4; i++) expect(back[i]).toBeCloseTo(p[i], 6);
  });
});
