import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random';
import { rocAuc } from './auc';
import { fitLogistic, predictLogistic, sparseRows } from './logistic';

describe('ROC AUC', () => {
  it('equals the brute-force pair count with ties as halves', () => {
    const random = mulberry32(4);
    for (let t = 0; t < 20; t++) {
      const n = 5 + Math.floor(random() * 60);
      const scores = Float64Array.from({ length: n }, () => Math.round(random() * 8) / 8);
      const labels = Uint8Array.from({ length: n }, (_, i) => (i < 2 ? i : random() < 0.4 ? 1 : 0));
      let wins = 0;
      let pairs = 0;
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
        if (labels[i] !== 1 || labels[j] !== 0) continue;
        pairs++;
        wins += scores[i] > scores[j] ? 1 : scores[i] === scores[j] ? 0.5 : 0;
      }
      expect(rocAuc(scores, labels)).toBeCloseTo(wins / pairs, 12);
    }
    expect(rocAuc([0.1, 0.9], [0, 1])).toBe(1);
  });
});

describe('logistic regression (Newton)', () => {
  it('reaches the same optimum as plain gradient descent on the penalised log-loss', () => {
    const random = mulberry32(8);
    const n = 300;
    const d = 3;
    const x = Float64Array.from({ length: n * d }, () => random() * 2 - 1);
    const y = Uint8Array.from({ length: n }, (_, i) => (random() < 1 / (1 + Math.exp(-(2 * x[i * d] - x[i * d + 1] + 0.5))) ? 1 : 0));
    const rows = Uint32Array.from({ length: n }, (_, i) => i);
    const l2 = 0.01;
    const model = fitLogistic(sparseRows(x, d), y, rows, { l2 });
    // Brute force: many small full-batch gradient steps.
    const w = new Float64Array(d + 1);
    for (let step = 0; step < 20_000; step++) {
      const g = new Float64Array(d + 1);
      for (let i = 0; i < n; i++) {
        let z = w[d];
        for (let j = 0; j < d; j++) z += w[j] * x[i * d + j];
        const r = 1 / (1 + Math.exp(-z)) - y[i];
        for (let j = 0; j < d; j++) g[j] += (r * x[i * d + j]) / n;
        g[d] += r / n;
      }
      for (let j = 0; j < d; j++) g[j] += l2 * w[j];
      for (let j = 0; j <= d; j++) w[j] -= 0.5 * g[j];
    }
    for (let j = 0; j < d; j++) expect(model.weights[j]).toBeCloseTo(w[j], 5);
    expect(model.bias).toBeCloseTo(w[d], 5);
    expect(predictLogistic(model, sparseRows(x, d), 0)).toBeGreaterThan(0);
  });

  it('stores only non-zeros, in ascending column order', () => {
    const csr = sparseRows(Float64Array.of(0, 2, 0, 3, 0, 0, 1, 0, 4), 3);
    expect(Array.from(csr.start)).toEqual([0, 1, 2, 4]);
    expect(Array.from(csr.index)).toEqual([1, 0, 0, 2]);
    expect(Array.from(csr.value)).toEqual([2, 3, 1, 4]);
  });

  it('stays finite when the classes separate perfectly', () => {
    const x = Float64Array.of(-2, -1, 1, 2);
    const model = fitLogistic(sparseRows(x, 1), [0, 0, 1, 1], Uint32Array.of(0, 1, 2, 3));
    expect(Number.isFinite(model.weights[0])).toBe(true);
    expect(predictLogistic(model, sparseRows(x, 1), 3)).toBeGreaterThan(0.9);
  });
});
