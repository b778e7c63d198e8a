import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  calibrateConfidentJoint,
  computeConfidentJoint,
  findLabelIssues,
  keepAtLeastNPerClass,
  labelQualityScores,
  rankAscending,
  roundHalfEven,
  roundPreservingSum,
  validateLabeledProbs,
  type LabeledProbs,
} from './index';

function input(rows: number[][], labels: number[]): LabeledProbs {
  return { n: rows.length, k: rows[0].length, probs: Float64Array.from(rows.flat()), labels: Int32Array.from(labels) };
}

// Two classes, one clear error in each: t0 = t1 = 0.6333.
const twoByThree = input(
  [
    [0.9, 0.1],
    [0.8, 0.2],
    [0.2, 0.8],
    [0.1, 0.9],
    [0.3, 0.7],
    [0.7, 0.3],
  ],
  [0, 0, 0, 1, 1, 1],
);

describe('rounding as numpy does', () => {
  it('rounds halves to even', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, 2.4999, 2.5001].map(roundHalfEven)).toEqual([0, 2, 2, 0, -2, 2, 3]);
  });

  it('keeps the rounded sum, moving the entries rounded furthest the wrong way', () => {
    expect(roundPreservingSum([0.5, 0.5, 0.5, 0.5])).toEqual([0, 0, 1, 1]);
    expect(roundPreservingSum([1.4, 1.4, 1.2])).toEqual([1, 2, 1]);
    expect(roundPreservingSum([2.6, 2.6, 0.8])).toEqual([2, 3, 1]);
  });

  it('property: integers within 1 of each value, summing to the rounded total', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1000, noNaN: true }), { minLength: 1, maxLength: 12 }), (values) => {
        const ints = roundPreservingSum(values);
        expect(ints.reduce((a, b) => a + b, 0)).toBe(roundHalfEven(values.reduce((a, b) => a + b, 0)));
        ints.forEach((v, i) => expect(Math.abs(v - values[i])).toBeLessThan(1 + 1e-9));
      }),
    );
  });
});

describe('confident joint', () => {
  it('counts each item into the class whose threshold it reaches', () => {
    const cj = computeConfidentJoint(twoByThree);
    expect(cj.thresholds.map((t) => +t.toFixed(4))).toEqual([0.6333, 0.6333]);
    expect(Array.from(cj.guess)).toEqual([0, 0, 1, 1, 1, 0]);
    expect(cj.joint).toEqual([
      [2, 1],
      [1, 2],
    ]);
  });

  it('takes the largest probability when several classes are confident, and skips items with none', () => {
    const data = input(
      [
        [0.5, 0.5, 0],
        [0.4, 0.6, 0],
        [0.2, 0.2, 0.6],
        [0.34, 0.33, 0.33],
      ],
      [0, 1, 2, 2],
    );
    // t = [0.5, 0.6, 0.465]: row 0 reaches only class 0, row 1 reaches class 1; row 3 reaches none.
    const cj = computeConfidentJoint(data, { calibrate: false });
    expect(Array.from(cj.guess)).toEqual([0, 1, 2, -1]);
    // With thresholds low enough for row 1 to reach classes 0 and 1, the larger probability (1) wins.
    expect(Array.from(computeConfidentJoint(data, { calibrate: false, thresholds: [0.3, 0.3, 0.9] }).guess)).toEqual([0, 1, -1, 0]);
  });

  it('raises an empty diagonal to 1 before calibrating', () => {
    // t = [0.6, 0.3]: both items given class 1 reach both thresholds and go to their argmax, class 0.
    const data = input(
      [
        [0.6, 0.4],
        [0.6, 0.4],
        [0.7, 0.3],
        [0.7, 0.3],
      ],
      [0, 0, 1, 1],
    );
    expect(computeConfidentJoint(data, { calibrate: false }).joint).toEqual([
      [2, 0],
      [2, 1],
    ]);
    // Row 1 rescaled to 2 items: [1.33, 0.67] rounds to [1, 1].
    expect(computeConfidentJoint(data).joint).toEqual([
      [2, 0],
      [1, 1],
    ]);
  });

  it('calibrates rows to the given-label counts and the total to n', () => {
    expect(
      calibrateConfidentJoint(
        [
          [3, 1, 0],
          [0, 2, 0],
          [1, 0, 1],
        ],
        [10, 4, 6],
      ),
    ).toEqual([
      [8, 2, 0],
      [0, 4, 0],
      [3, 0, 3],
    ]);
  });
});

describe('keep at least n per class', () => {
  it('raises the diagonal and takes the difference evenly from the column, truncating', () => {
    expect(
      keepAtLeastNPerClass(
        [
          [0, 3],
          [2, 5],
        ],
        1,
      ),
    ).toEqual([
      [1, 3],
      [1, 5],
    ]);
    expect(
      keepAtLeastNPerClass(
        [
          [1, 0, 0],
          [2, 4, 0],
          [3, 0, 4],
        ],
        2,
      ),
    ).toEqual([
      [2, 0, 0],
      [1, 4, 0],
      [2, 0, 4],
    ]);
  });
});

describe('find label issues', () => {
  it('flags the one error in each class, lowest self-confidence first', () => {
    const issues = findLabelIssues(twoByThree);
    expect(Array.from(issues.flagged)).toEqual([2, 5]);
    expect(Array.from(issues.mask)).toEqual([0, 0, 1, 0, 0, 1]);
    expect(issues.pruneCounts).toEqual([
      [2, 1],
      [1, 2],
    ]);
  });

  it('never flags an item whose prediction is its given label, even when the prune count asks for it', () => {
    // t = [0.533, 0.5]. Given 0: A counted 0, B (0.5/0.5) and C counted 1, so two are to be pruned;
    // B ties and the given label wins the tie, so only C stays flagged. Given 1: D is counted 0.
    const data = input(
      [
        [0.9, 0.1],
        [0.5, 0.5],
        [0.2, 0.8],
        [0.6, 0.4],
        [0.4, 0.6],
      ],
      [0, 0, 0, 1, 1],
    );
    const issues = findLabelIssues(data);
    expect(issues.confidentJoint).toEqual([
      [1, 2],
      [1, 1],
    ]);
    expect(Array.from(issues.flagged)).toEqual([2, 3]);
  });

  it('leaves a class with a single given label alone', () => {
    const data = input(
      [
        [0.9, 0.1],
        [0.8, 0.2],
        [0.9, 0.1],
      ],
      [0, 0, 1],
    );
    expect(Array.from(findLabelIssues(data).flagged)).toEqual([]);
  });

  it('scores self-confidence and normalised margin as cleanlab.rank does', () => {
    const data = input(
      [
        [0.7, 0.2, 0.1],
        [0.2, 0.5, 0.3],
      ],
      [0, 2],
    );
    expect(Array.from(labelQualityScores(data, 'self_confidence'))).toEqual([0.7, 0.3]);
    expect(Array.from(labelQualityScores(data, 'normalized_margin')).map((s) => +s.toFixed(6))).toEqual([0.75, 0.4]);
    expect(Array.from(rankAscending([0.3, 0.1, 0.3, 0.2]))).toEqual([1, 3, 0, 2]);
  });

  it('property: with one-hot probabilities of the true class, it flags exactly the mislabeled items', () => {
    const item = fc.record({ truth: fc.integer({ min: 0, max: 3 }), flip: fc.integer({ min: 0, max: 3 }), wrong: fc.boolean() });
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 80 }), (items) => {
        const k = 4;
        // Every class gets two correctly labeled items, so each class has > 1 member and a true diagonal.
        const all = [...Array.from({ length: 2 * k }, (_, i) => ({ truth: i % k, flip: 0, wrong: false })), ...items];
        const given = all.map((it) => (it.wrong && it.flip !== it.truth ? it.flip : it.truth));
        const rows = all.map((it) => Array.from({ length: k }, (_, j) => (j === it.truth ? 1 : 0)));
        const issues = findLabelIssues(input(rows, given));
        const expected = all.flatMap((it, i) => (given[i] !== it.truth ? [i] : []));
        expect(Array.from(issues.mask.entries()).filter(([, m]) => m).map(([i]) => i)).toEqual(expected);
      }),
    );
  });

  it('property: calibrated joint matches label counts; flagged items disagree with the prediction', () => {
    const row = fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 3, maxLength: 3 }).filter((r) => r.some((v) => v > 0));
    fc.assert(
      fc.property(fc.array(fc.tuple(row, fc.integer({ min: 0, max: 2 })), { minLength: 3, maxLength: 60 }), (cases) => {
        const rows = cases.map(([r]) => {
          const s = r.reduce((a, b) => a + b, 0);
          return r.map((v) => v / s);
        });
        const data = input(rows, cases.map(([, l]) => l));
        validateLabeledProbs(data);
        const issues = findLabelIssues(data);
        const counts = [0, 1, 2].map((c) => cases.filter(([, l]) => l === c).length);
        issues.confidentJoint.forEach((r, c) => {
          if (counts[c] > 0) expect(r.reduce((a, b) => a + b, 0)).toBe(counts[c]);
        });
        for (const i of issues.flagged) {
          const r = rows[i];
          expect(Math.max(...r)).toBeGreaterThan(r[data.labels[i]]);
        }
        // Per given class, no more flags than the prune counts allow.
        for (let c = 0; c < 3; c++) {
          const allowed = issues.pruneCounts.reduce((a, r, t) => a + (t === c ? 0 : r[c]), 0);
          expect(Array.from(issues.flagged).filter((i) => data.labels[i] === c).length).toBeLessThanOrEqual(allowed);
        }
        const scores = labelQualityScores(data);
        for (let r = 1; r < issues.flagged.length; r++) expect(scores[issues.flagged[r]]).toBeGreaterThanOrEqual(scores[issues.flagged[r - 1]]);
      }),
    );
  });
});

describe('validation', () => {
  it('names the row whose probabilities do not sum to 1, or whose label is out of range', () => {
    const bad = input(
      [
        [0.5, 0.5],
        [0.6, 0.5],
      ],
      [0, 1],
    );
    expect(() => validateLabeledProbs(bad, (i) => `id "x${i}"`)).toThrow('id "x1": probabilities sum to 1.1, not 1 (±0.001).');
    expect(() => validateLabeledProbs(input([[0.5, 0.5]], [2]))).toThrow('row 0: label 2 is not a class index 0..1.');
    expect(() => validateLabeledProbs(input([[1.5, -0.5]], [0]))).toThrow(/outside \[0, 1\]/);
    expect(() => validateLabeledProbs(input([[0.9995, 0]], [0]))).not.toThrow();
  });
});
