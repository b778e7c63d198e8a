import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random';
import { trainAndScore } from './student-check';
import { encodeVectors } from './vector-rows';

const row = (x: ReturnType<typeof encodeVectors>, r: number) => Array.from(x.index.slice(x.start[r], x.start[r + 1])).map((j, t) => [j, x.value[x.start[r] + t]]);

describe('vectors as student features', () => {
  it('standardise each dimension on the fit rows only and leave out dimensions constant there', () => {
    // Three 3-d vectors; fit on rows 0–1: d0 mean 2 sd 1, d1 constant (left out), d2 mean 0 sd 4.
    const values = Float32Array.from([1, 7, -4, 3, 7, 4, 10, 0, 2]);
    const x = encodeVectors(values, 3, [0, 1]);
    expect(x.d).toBe(2);
    expect(row(x, 0)).toEqual([[0, -1], [1, -1]]);
    expect(row(x, 1)).toEqual([[0, 1], [1, 1]]);
    // Row 2 was not fitted on: it is scaled with the fit rows' numbers, whatever it holds.
    expect(row(x, 2)).toEqual([[0, 8], [1, 0.5]]);
  });

  it('refuse vectors that do not divide into rows and an empty fit set, by name', () => {
    expect(() => encodeVectors(new Float32Array(5), 2, [0])).toThrow('Vectors of 2 values do not divide 5 values.');
    expect(() => encodeVectors(new Float32Array(4), 2, [])).toThrow('no rows to fit its scaling on');
  });

  it('let the logistic student separate classes that differ in a direction of the vectors', () => {
    const random = mulberry32(5);
    const n = 90;
    const dim = 6;
    const labels = Int16Array.from({ length: n }, (_, i) => i % 3);
    // Class c is a unit bump in dimension c plus noise.
    const values = Float32Array.from({ length: n * dim }, (_, t) => (Math.floor(t / dim) % 3 === t % dim ? 1 : 0) + (random() - 0.5) * 0.4);
    const train = Uint32Array.from({ length: 60 }, (_, i) => i);
    const test = Uint32Array.from({ length: 30 }, (_, i) => 60 + i);
    const x = encodeVectors(values, dim, train);
    expect(trainAndScore(x, labels, 3, train, test).accuracy).toBe(1);
    // Taught without class 2, the student never predicts it.
    const score = trainAndScore(x, labels, 3, train.filter((r) => labels[r] !== 2), test);
    expect(score.classF1[2]).toBe(0);
  });
});
