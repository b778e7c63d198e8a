import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random';
import { fitLogistic, sparseRows } from '../stats/logistic';
import { encodeRows, trainAndScore } from './student-check';

describe('weighted logistic regression', () => {
  it('a row of weight 2 fits exactly as that row given twice; weight 0 as the row left out', () => {
    const random = mulberry32(3);
    const n = 60;
    const x = Float64Array.from({ length: n * 2 }, () => random() * 2 - 1);
    const y = Float64Array.from({ length: n }, (_, i) => (x[i * 2] + 0.5 * x[i * 2 + 1] + (random() - 0.5) > 0 ? 1 : 0));
    const rows = sparseRows(x, 2);
    const all = Uint32Array.from({ length: n }, (_, i) => i);
    const weights = Float64Array.from({ length: n }, (_, i) => (i < 10 ? 2 : i < 20 ? 0 : 1));
    const weighted = fitLogistic(rows, y, all, { weights });
    const repeated = fitLogistic(rows, y, Uint32Array.from([...all.filter((i) => i >= 20), ...all.filter((i) => i < 10), ...all.filter((i) => i < 10)]));
    expect(weighted.bias).toBeCloseTo(repeated.bias, 8);
    Array.from(weighted.weights).forEach((w, j) => expect(w).toBeCloseTo(repeated.weights[j], 8));
  });
});

describe('student features', () => {
  it('standardise numbers and list categories from the fit rows only', () => {
    const table = { names: ['n', 'c', 'flat'], columns: [['1', '3', '', '100'], ['a', 'b', 'a', 'z'], ['5', '5', '5', '9']] };
    const x = encodeRows(table, [0, 1, 2]);
    // n: mean 2, sd 1 over rows 0–1 (row 2 is missing); c: a (2), b (1); flat is constant on the fit rows: left out.
    expect(x.d).toBe(3);
    const row = (r: number) => Array.from(x.index.slice(x.start[r], x.start[r + 1])).map((j, t) => [j, x.value[x.start[r] + t]]);
    expect(row(0)).toEqual([[0, -1], [1, 1]]);
    expect(row(1)).toEqual([[0, 1], [2, 1]]);
    expect(row(2)).toEqual([[1, 1]]);
    // A canary row outside the fit: scaled by the fit rows' numbers; its unseen category has no column.
    expect(row(3)).toEqual([[0, 98]]);
  });
});

describe('trainAndScore', () => {
  const blobs = (n: number, seed: number) => {
    const random = mulberry32(seed);
    const labels = Int16Array.from({ length: n }, (_, i) => i % 3);
    const table = { names: ['u', 'v'], columns: [Array.from(labels, (c) => String(c * 3 + random())), Array.from(labels, () => String(random()))] };
    return { labels, table };
  };

  it('learns separable classes, and never predicts a class it did not see', () => {
    const { labels, table } = blobs(90, 1);
    const x = encodeRows(table, Array.from({ length: 60 }, (_, i) => i));
    const train = Uint32Array.from({ length: 60 }, (_, i) => i);
    const test = Uint32Array.from({ length: 30 }, (_, i) => 60 + i);
    const full = trainAndScore(x, labels, 3, train, test);
    expect(full).toMatchObject({ trainRows: 60, trainWeight: 60, accuracy: 1, macroF1: 1, classF1: [1, 1, 1] });
    const noClass2 = trainAndScore(x, labels, 3, train.filter((i) => labels[i] !== 2), test);
    expect(noClass2.classF1[2]).toBe(0);
    expect(noClass2.accuracy).toBeCloseTo(20 / 30, 12);
  });

  it('rows of weight 0 do not train; no canary is a clear error', () => {
    const { labels, table } = blobs(30, 2);
    const x = encodeRows(table, Array.from({ length: 30 }, (_, i) => i));
    const rows = Uint32Array.from({ length: 30 }, (_, i) => i);
    const weights = Float64Array.from(labels, (c) => (c === 1 ? 0 : 0.5));
    expect(trainAndScore(x, labels, 3, rows, rows, weights)).toMatchObject({ trainRows: 20, trainWeight: 10 });
    expect(() => trainAndScore(x, labels, 3, rows, new Uint32Array(0))).toThrow('No labeled canary items');
  });
});
