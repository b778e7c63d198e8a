import { describe, expect, it } from 'vitest';
import { fitPatterns } from './fit';
import { compressVotes } from './patterns';
import { predict } from './predict';
import { syntheticVotes } from './synthetic';
import type { LabelModelParams, MethodName, VoteMatrix } from './types';

/** FNV-1a over the bytes of every fitted array: equal only when the fits are bit-identical. */
function fingerprint(params: LabelModelParams): string {
  let h = 0x811c9dc5;
  for (const array of [params.prior, params.base, params.delta, params.sourceAccuracy]) {
    const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
    for (const b of bytes) h = Math.imul(h ^ b, 0x01000193);
  }
  return (h >>> 0).toString(16);
}

function rows(matrix: VoteMatrix, from: number, to: number): VoteMatrix {
  return { n: to - from, m: matrix.m, k: matrix.k, votes: matrix.votes.slice(from * matrix.m, to * matrix.m) };
}

/**
 * 3,000 items of a seeded one-coin model; the first 300 are "reviewed". On them source 0 always votes
 * a wrong class, which only their labels can reveal (its votes on the other 2,700 items are as sampled).
 */
function world() {
  const data = syntheticVotes({ n: 3000, m: 5, k: 3, seed: 5, accuracy: [0.6, 0.85], coverage: [0.4, 0.8] });
  const reviewed = rows(data.matrix, 0, 300);
  for (let i = 0; i < 300; i++) if (reviewed.votes[i * 5] >= 0) reviewed.votes[i * 5] = (data.gold[i] + 1) % 3;
  return { data, reviewed, labels: data.gold.slice(0, 300), free: compressVotes(rows(data.matrix, 300, 3000)) };
}

const clamping: MethodName[] = ['ds', 'snorkel'];

describe('reviewed items clamped in the EM-style fits', () => {
  it.each(clamping)('%s: a source that is wrong on the reviewed items gets a lower estimated accuracy', (method) => {
    const { reviewed, labels, free } = world();
    const without = fitPatterns(free, method, { seed: 1 });
    const withAnswers = fitPatterns(free, method, { seed: 1, clamped: { matrix: reviewed, labels } });
    // 300 of 3,000 items with source 0 always wrong (it votes on ~half): its accuracy drops by several points.
    expect(withAnswers.sourceAccuracy[0]).toBeLessThan(without.sourceAccuracy[0] - 0.03);
    // The other sources are as sampled on the reviewed items: their estimates barely move.
    for (let j = 1; j < 5; j++) expect(Math.abs(withAnswers.sourceAccuracy[j] - without.sourceAccuracy[j])).toBeLessThan(0.03);
    expect(withAnswers.note).toMatch(/reviewed items/);
  });

  it.each(clamping)('%s: the answers shift predictions away from source 0 where it disagrees', (method) => {
    const { data, reviewed, labels, free } = world();
    const rest = rows(data.matrix, 300, 3000);
    const without = predict(fitPatterns(free, method, { seed: 1 }), rest).probs;
    const withAnswers = predict(fitPatterns(free, method, { seed: 1, clamped: { matrix: reviewed, labels } }), rest).probs;
    let before = 0;
    let after = 0;
    let voted = 0;
    for (let i = 0; i < rest.n; i++) {
      const v = rest.votes[i * 5];
      if (v < 0) continue;
      voted++;
      before += without[i * 3 + v];
      after += withAnswers[i * 3 + v];
    }
    expect(after / voted).toBeLessThan(before / voted - 0.01);
  });

  it.each(clamping)('%s: the class balance stays the given one', (method) => {
    const { reviewed, free } = world();
    // Every reviewed item labelled class 2: a picked, not a random, sample.
    const labels = new Int16Array(300).fill(2);
    const params = fitPatterns(free, method, { seed: 1, classPrior: [0.5, 0.3, 0.2], clamped: { matrix: reviewed, labels } });
    expect(Array.from(params.prior)).toEqual([0.5, 0.3, 0.2]);
  });

  it('ds without a fixed prior estimates it from the unlabelled items alone', () => {
    const { data } = world();
    // The class-2 items of the first half are reviewed (a picked sample, ~500 items), the second half is free.
    const picked: number[] = [];
    for (let i = 0; i < 1500; i++) if (data.gold[i] === 2) picked.push(i);
    const reviewed: VoteMatrix = { n: picked.length, m: 5, k: 3, votes: new Int8Array(picked.length * 5) };
    picked.forEach((item, r) => reviewed.votes.set(data.matrix.votes.subarray(item * 5, item * 5 + 5), r * 5));
    const labels = new Int16Array(picked.length).fill(2);
    const free = compressVotes(rows(data.matrix, 1500, 3000));
    const without = fitPatterns(free, 'ds', { seed: 1 });
    const withAnswers = fitPatterns(free, 'ds', { seed: 1, clamped: { matrix: reviewed, labels } });
    // Counted in the prior, ~500 class-2 items on top of ~1,500 would raise its share from ~1/3 to ~1/2.
    expect(picked.length).toBeGreaterThan(400);
    expect(Math.abs(withAnswers.prior[2] - without.prior[2])).toBeLessThan(0.03);
  });

  it.each(['mv', 'wmv', 'ds', 'snorkel', 'fs'] as MethodName[])('%s: no answers (absent or empty) leaves the fit bit-identical', (method) => {
    const { free } = world();
    const base = fitPatterns(free, method, { seed: 1 });
    const empty = { matrix: { n: 0, m: 5, k: 3, votes: new Int8Array(0) }, labels: new Int16Array(0) };
    expect(fingerprint(fitPatterns(free, method, { seed: 1, clamped: empty }))).toBe(fingerprint(base));
  });

  it('refuses answers with another shape', () => {
    const { free } = world();
    const wrong = { matrix: { n: 1, m: 4, k: 3, votes: new Int8Array(4) }, labels: Int16Array.of(0) };
    expect(() => fitPatterns(free, 'ds', { clamped: wrong })).toThrow(/4 sources × 3 classes, the fitted votes 5 × 3/);
  });
});
