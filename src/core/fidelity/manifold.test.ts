import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random';
import { knnPrecisionRecall } from './manifold';

/** The definition, written out with sorting: the independent check. */
function bruteForce(real: number[][], synth: number[][], k: number) {
  const d2 = (a: number[], b: number[]) => a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0);
  const radius = (set: number[][], i: number) => set.filter((_, j) => j !== i).map((v) => d2(set[i], v)).sort((a, b) => a - b)[k - 1];
  const inside = (support: number[][], probe: number[]) => support.some((s, j) => d2(probe, s) <= radius(support, j));
  return { precision: synth.filter((s) => inside(real, s)).length / synth.length, recall: real.filter((r) => inside(synth, r)).length / real.length };
}

const flat = (rows: number[][]) => Float32Array.from(rows.flat());

describe('k-NN precision and recall', () => {
  it('a hand case: one synthetic point far away lowers precision; recall counts the real points the synthetic balls reach', () => {
    const real = [[0, 0], [1, 0], [0, 1], [1, 1]];
    const synth = [[0.1, 0], [0.9, 0.1], [0.5, 0.5], [10, 10]];
    const r = knnPrecisionRecall(flat(real), flat(synth), 2, 1);
    // Real radii (k=1): 1 each; 3 of 4 synthetic points lie within 1 of a real one.
    expect(r.precision).toBe(0.75);
    expect(r).toEqual({ metric: 'KnnPrecisionRecall', k: 1, ...bruteForce(real, synth, 1) });
  });

  it('matches the brute-force definition on random sets, and is 1/1 for a set against itself', () => {
    const random = mulberry32(5);
    for (let t = 0; t < 10; t++) {
      const dim = 1 + Math.floor(random() * 4);
      const make = (n: number, shift: number) => Array.from({ length: n }, () => Array.from({ length: dim }, () => Math.fround(random() + shift)));
      const real = make(20 + Math.floor(random() * 20), 0);
      const synth = make(15 + Math.floor(random() * 20), random() * 0.8);
      const r = knnPrecisionRecall(flat(real), flat(synth), dim, 3);
      const b = bruteForce(real, synth, 3);
      expect(r.precision).toBeCloseTo(b.precision, 12);
      expect(r.recall).toBeCloseTo(b.recall, 12);
      expect(knnPrecisionRecall(flat(real), flat(real), dim)).toMatchObject({ precision: 1, recall: 1 });
    }
  });

  it('says when a set is too small', () => {
    expect(() => knnPrecisionRecall(new Float32Array(6), new Float32Array(20), 2)).toThrow('need more than 3 vectors in each set; got 3 real and 10 synthetic');
  });
});

describe('vector fidelity', () => {
  it('shapes, detection and manifold of a set against a shifted copy', async () => {
    const { vectorFidelity } = await import('./vectors');
    const random = mulberry32(9);
    const real = Float32Array.from({ length: 60 * 4 }, () => random());
    const same = vectorFidelity(real, real, 4, 'test');
    expect(same).toMatchObject({ kind: 'vectors', dim: 4, rows: { real: 60, synthetic: 60 }, column_shapes: 1, manifold: { precision: 1, recall: 1 } });
    const shifted = vectorFidelity(real, real.map((v) => v + 2), 4, 'test');
    expect(shifted.column_shapes).toBe(0);
    expect(shifted.detection!.auc).toBeGreaterThan(0.99);
    expect(shifted.manifold).toMatchObject({ precision: 0, recall: 0 });
    expect(vectorFidelity(real.slice(0, 12), real.slice(0, 12), 4, 'few').notes).toEqual(['Detection needs at least 5 vectors in each set (one per fold).', 'k-NN precision and recall need more than 3 vectors in each set; got 3 real and 3 synthetic.']);
  });
});
