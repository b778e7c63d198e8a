import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeLfs, lfItems, unvotedClassesWarning, type LfAnalysisInput } from './analysis';

// 8 items × 3 LFs, 2 classes. Rows 0–2 train, 3–5 dev, 6–7 canary.
//   row  votes        split  gold   notes
//   0    [ 1,  1, -1] train   -     overlap, agree
//   1    [ 1,  0, -1] train   -     overlap, conflict
//   2    [-1, -1, -1] train   -     uncovered
//   3    [ 1, -1,  0] dev     1     overlap, conflict; LF0 right, LF2 wrong
//   4    [ 0, -1, -1] dev     0     LF0 right
//   5    [-1,  0,  0] dev     -     overlap, agree; no gold
//   6    [ 1,  1,  1] canary  1     must not count anywhere
//   7    [ 0,  1,  0] canary  0
const matrix = (): LfAnalysisInput => ({
  votes: Int8Array.from([1, 1, -1, 1, 0, -1, -1, -1, -1, 1, -1, 0, 0, -1, -1, -1, 0, 0, 1, 1, 1, 0, 1, 0]),
  sourceCount: 3,
  classCount: 2,
  splits: Uint8Array.from([0, 0, 0, 1, 1, 1, 2, 2]),
  gold: Int8Array.from([-1, -1, -1, 1, 0, -1, 1, 0]),
});

describe('analyzeLfs on a hand-checked matrix', () => {
  const analysis = analyzeLfs(matrix());

  it('summarises coverage, overlap and conflict over train + dev only', () => {
    expect(analysis.items).toBe(6);
    expect(analysis.devLabelled).toBe(2);
    expect(analysis.coverage).toBeCloseTo(5 / 6, 12);
    expect(analysis.overlap).toBeCloseTo(4 / 6, 12);
    expect(analysis.conflict).toBeCloseTo(2 / 6, 12);
  });

  it('gives per-LF counts, rates and polarity', () => {
    const [lf0, lf1, lf2] = analysis.lfs;
    expect([lf0.votes, lf0.overlaps, lf0.conflicts, lf0.polarity, lf0.classVotes]).toEqual([4, 3, 2, [0, 1], [1, 3]]);
    expect([lf1.votes, lf1.overlaps, lf1.conflicts, lf1.polarity, lf1.classVotes]).toEqual([3, 3, 1, [0, 1], [2, 1]]);
    expect([lf2.votes, lf2.overlaps, lf2.conflicts, lf2.polarity, lf2.classVotes]).toEqual([2, 2, 1, [0], [2, 0]]);
    expect(lf0.coverage).toBeCloseTo(4 / 6, 12);
    expect(lf1.overlap).toBeCloseTo(3 / 6, 12);
    expect(lf2.conflict).toBeCloseTo(1 / 6, 12);
  });

  it('gives per-class coverage (items with a vote for the class, counted once) and the LFs voting each class', () => {
    // Class 0 is voted on rows 1, 3, 4, 5; class 1 on rows 0, 1, 3 (row 0 has two class-1 votes).
    expect(analysis.classCoverage[0]).toBeCloseTo(4 / 6, 12);
    expect(analysis.classCoverage[1]).toBeCloseTo(3 / 6, 12);
    expect(analysis.classSources).toEqual([3, 2]);
    expect(unvotedClassesWarning(analysis, ['ham', 'spam'])).toBeNull();
  });

  it('names every class no LF votes for (canary votes do not count)', () => {
    // Three classes; class 2 is voted only on canary rows, class 1 never.
    const votes = Int8Array.from([0, 0, -1, 0, 2, 2]);
    const result = analyzeLfs({ votes, sourceCount: 2, classCount: 3, splits: Uint8Array.from([0, 1, 2]) });
    expect(result.classSources).toEqual([2, 0, 0]);
    expect(result.classCoverage).toEqual([1, 0, 0]);
    expect(unvotedClassesWarning(result, ['a', 'b', 'c'])).toBe(
      'No LF votes for b and c: the label model cannot predict them from evidence, only from the class prior. Write an LF that votes each of them.',
    );
    expect(unvotedClassesWarning({ classSources: [1, 0] }, ['ham', 'spam'])).toMatch(/^No LF votes for spam: the label model cannot predict it/);
  });

  it('measures accuracy on dev gold only, with a Wilson interval', () => {
    const [lf0, lf1, lf2] = analysis.lfs;
    expect(lf0.dev).toMatchObject({ votes: 2, correct: 2, accuracy: 1 });
    // Wilson 95% for 2/2: (1 + z²/4) / (1 + z²/2) ± … → 0.342 to 1.
    expect(lf0.dev.low).toBeCloseTo(0.3424, 3);
    expect(lf0.dev.high).toBe(1);
    expect(lf1.dev).toEqual({ votes: 0, correct: 0, accuracy: null, low: null, high: null });
    expect(lf2.dev).toMatchObject({ votes: 1, correct: 0, accuracy: 0 });
  });

  it('lists the items to browse per LF, never canary ones', () => {
    const input = matrix();
    expect(Array.from(lfItems(input, 0, 'votes'))).toEqual([0, 1, 3, 4]);
    expect(Array.from(lfItems(input, 0, 'conflicts'))).toEqual([1, 3]);
    expect(Array.from(lfItems(input, 0, 'dev-disagreements'))).toEqual([]);
    expect(Array.from(lfItems(input, 1, 'conflicts'))).toEqual([1]);
    expect(Array.from(lfItems(input, 2, 'dev-disagreements'))).toEqual([3]);
    expect(Array.from(lfItems(input, 1, 'votes'))).toEqual([0, 1, 5]);
  });
});

describe('analyzeLfs and the canary', () => {
  it('gives the same results whatever the canary labels and votes are (poisoned canary)', () => {
    const clean = analyzeLfs(matrix());
    const poisoned = matrix();
    poisoned.gold![6] = 0;
    poisoned.gold![7] = 1;
    poisoned.votes.set([0, 0, 0, 1, 1, 1], 18);
    expect(analyzeLfs(poisoned)).toEqual(clean);
    expect(lfItems(poisoned, 1, 'votes')).toEqual(lfItems(matrix(), 1, 'votes'));
  });

  it('property: any poisoning of canary rows leaves every number unchanged', () => {
    const sample = fc
      .record({ n: fc.integer({ min: 1, max: 40 }), m: fc.integer({ min: 1, max: 6 }), k: fc.integer({ min: 2, max: 5 }) })
      .chain(({ n, m, k }) =>
        fc.record({
          n: fc.constant(n),
          m: fc.constant(m),
          k: fc.constant(k),
          votes: fc.array(fc.integer({ min: -1, max: k - 1 }), { minLength: n * m, maxLength: n * m }),
          splits: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: n, maxLength: n }),
          gold: fc.array(fc.integer({ min: -1, max: k - 1 }), { minLength: n, maxLength: n }),
          poisonVotes: fc.array(fc.integer({ min: -1, max: k - 1 }), { minLength: n * m, maxLength: n * m }),
          poisonGold: fc.array(fc.integer({ min: -1, max: k - 1 }), { minLength: n, maxLength: n }),
        }),
      );
    fc.assert(
      fc.property(sample, ({ n, m, k, votes, splits, gold, poisonVotes, poisonGold }) => {
        const input: LfAnalysisInput = { votes: Int8Array.from(votes), sourceCount: m, classCount: k, splits: Uint8Array.from(splits), gold: Int8Array.from(gold) };
        const poisoned: LfAnalysisInput = { ...input, votes: input.votes.slice(), gold: input.gold!.slice() };
        for (let i = 0; i < n; i++) {
          if (splits[i] !== 2) continue;
          poisoned.gold![i] = poisonGold[i];
          for (let j = 0; j < m; j++) poisoned.votes[i * m + j] = poisonVotes[i * m + j];
        }
        expect(analyzeLfs(poisoned)).toEqual(analyzeLfs(input));
      }),
      { numRuns: 200 },
    );
  });
});

describe('analyzeLfs input checks', () => {
  it('refuses ragged matrices, votes outside the classes and gold outside them', () => {
    expect(() => analyzeLfs({ ...matrix(), votes: new Int8Array(23) })).toThrow(/holds 23 votes, not 8 items × 3 sources/);
    const badVote = matrix();
    badVote.votes[4] = 2;
    expect(() => analyzeLfs(badVote)).toThrow(expect.objectContaining({ code: 'bad-votes', message: 'Item 1, source 1: vote 2 is outside -1…1' }));
    const badGold = matrix();
    badGold.gold![3] = 5;
    expect(() => analyzeLfs(badGold)).toThrow(/Dev item 3 has gold label 5/);
    expect(() => analyzeLfs({ ...matrix(), splits: Uint8Array.from([0, 0, 0, 1, 1, 1, 2, 3]) })).toThrow(expect.objectContaining({ code: 'bad-split' }));
  });

  it('handles no sources, no gold and all-abstain matrices', () => {
    expect(analyzeLfs({ votes: new Int8Array(0), sourceCount: 0, classCount: 2, splits: new Uint8Array(4) })).toMatchObject({ items: 4, coverage: 0, lfs: [] });
    const silent = analyzeLfs({ votes: new Int8Array(6).fill(-1), sourceCount: 2, classCount: 2, splits: new Uint8Array(3) });
    expect(silent.lfs[0]).toMatchObject({ votes: 0, coverage: 0, polarity: [], dev: { accuracy: null } });
  });
});
