import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SiftError } from '../errors';
import { agreement, checkLabelMap, decisionOverClasses, mapTeacherOutputs, softmaxRowsInPlace, suggestLabelMap, votesFromProbs } from './label-map';

const codeOf = (fn: () => void) => {
  try {
    fn();
    return 'ok';
  } catch (error) {
    return error instanceof SiftError ? error.code : 'other';
  }
};

describe('suggestLabelMap', () => {
  it('matches names ignoring case, spaces and punctuation', () => {
    expect(suggestLabelMap(['Ham', 'SPAM'], ['spam', 'ham'])).toEqual([1, 0]);
    expect(suggestLabelMap(['not spam', 'spam!'], ['Not-Spam', 'Spam'])).toEqual([0, 1]);
  });
  it('maps Hugging Face placeholders by index only when the counts agree', () => {
    expect(suggestLabelMap(['LABEL_0', 'LABEL_1'], ['neg', 'pos'])).toEqual([0, 1]);
    expect(suggestLabelMap(['LABEL_0', 'LABEL_1', 'LABEL_2'], ['neg', 'pos'])).toEqual([-1, -1, -1]);
  });
  it('leaves labels without a class unmapped', () => {
    expect(suggestLabelMap(['0', '1', '2'], ['2', '7'])).toEqual([-1, -1, 0]);
  });
});

describe('checkLabelMap', () => {
  it('names what is wrong', () => {
    expect(codeOf(() => checkLabelMap([0, 1], ['ham', 'spam'], ['ham', 'spam']))).toBe('ok');
    expect(codeOf(() => checkLabelMap([0], ['ham', 'spam'], ['ham', 'spam']))).toBe('label-map-size');
    expect(codeOf(() => checkLabelMap([0, 2], ['ham', 'spam'], ['ham', 'spam']))).toBe('label-map-class');
    expect(codeOf(() => checkLabelMap([-1, -1], ['ham', 'spam'], ['neg', 'pos']))).toBe('labels-unmapped');
    expect(() => checkLabelMap([-1, -1], ['ham', 'spam'], ['neg', 'pos'], "the teacher 'T'")).toThrow("None of the labels of the teacher 'T' (ham, spam) matches a class of this dataset (neg, pos)");
  });
});

describe('mapTeacherOutputs', () => {
  it('sums labels mapped to one class, renormalises, and votes argmax above the threshold', () => {
    // Teacher labels a, b → class 0; c → class 1.
    const probs = new Float32Array(2);
    const votes = new Int8Array(1);
    mapTeacherOutputs(Float32Array.of(0.3, 0.3, 0.4), [0, 0, 1], 2, null, probs, votes);
    expect(Array.from(probs)).toEqual([expect.closeTo(0.6, 6), expect.closeTo(0.4, 6)]);
    expect(votes[0]).toBe(0);
    mapTeacherOutputs(Float32Array.of(0.3, 0.3, 0.4), [0, 0, 1], 2, 0.7, probs, votes);
    expect(votes[0]).toBe(-1);
  });
  it('votes by the card’s decision over the teacher’s own labels (an exported student’s threshold or class weights), probabilities unchanged', () => {
    // Teacher labels (spam, ham) map onto dataset classes (ham, spam): p(spam) 0.3 is argmax "ham", but above a threshold of 0.2.
    const probs = new Float32Array(4);
    const votes = new Int8Array(2);
    const teacher = Float32Array.of(0.3, 0.7, 0.1, 0.9);
    mapTeacherOutputs(teacher, [1, 0], 2, null, probs, votes);
    expect(Array.from(votes)).toEqual([0, 0]);
    const argmaxProbs = probs.slice();
    mapTeacherOutputs(teacher, [1, 0], 2, null, probs, votes, { kind: 'threshold', positive: 0, threshold: 0.2 });
    expect(Array.from(votes)).toEqual([1, 0]);
    expect(probs).toEqual(argmaxProbs);
    // The vote threshold still applies to the decided class's probability.
    mapTeacherOutputs(teacher, [1, 0], 2, 0.5, probs, votes, { kind: 'threshold', positive: 0, threshold: 0.2 });
    expect(Array.from(votes)).toEqual([-1, 0]);
    // Class weights over three teacher labels; a pick that maps to no class abstains.
    const three = new Float32Array(2);
    const one = new Int8Array(1);
    mapTeacherOutputs(Float32Array.of(0.5, 0.3, 0.2), [0, 1, -1], 2, null, three, one, { kind: 'weights', weights: [1, 2, 1] });
    expect(one[0]).toBe(1);
    mapTeacherOutputs(Float32Array.of(0.5, 0.3, 0.2), [0, 1, -1], 2, null, three, one, { kind: 'weights', weights: [1, 1, 4] });
    expect(one[0]).toBe(-1);
  });
  it('recomputed votes (a new vote threshold) keep the card’s decision, restated over the dataset’s classes', () => {
    // Teacher labels (spam, ham) → classes (ham, spam): its threshold on "spam" (label 0) becomes one on class 1.
    const decision = decisionOverClasses({ kind: 'threshold', positive: 0, threshold: 0.2 }, [1, 0], 2)!;
    expect(decision).toEqual({ kind: 'threshold', positive: 1, threshold: 0.2 });
    expect(decisionOverClasses({ kind: 'weights', weights: [1, 2, 3] }, [2, 0, 1], 3)).toEqual({ kind: 'weights', weights: [2, 3, 1] });
    expect(decisionOverClasses({ kind: 'weights', weights: [1, 2, 3] }, [0, 0, 1], 2)).toBeNull();
    expect(decisionOverClasses(undefined, [0, 1], 2)).toBeNull();
    const probs = Float32Array.of(0.7, 0.3, 0.9, 0.1, 0, 0);
    const teacher = new Int8Array(3);
    mapTeacherOutputs(Float32Array.of(0.3, 0.7, 0.1, 0.9, 0, 0), [1, 0], 2, 0.25, new Float32Array(6), teacher, { kind: 'threshold', positive: 0, threshold: 0.2 });
    const votes = new Int8Array(3);
    votesFromProbs(probs, 2, 0.25, votes, decision);
    expect(Array.from(votes)).toEqual([1, 0, -1]);
    expect(Array.from(votes)).toEqual(Array.from(teacher));
    votesFromProbs(probs, 2, 0.25, votes);
    expect(Array.from(votes)).toEqual([0, 0, -1]);
  });
  it('abstains when the unmapped labels are more likely than the best class', () => {
    const probs = new Float32Array(2);
    const votes = new Int8Array(1);
    mapTeacherOutputs(Float32Array.of(0.2, 0.1, 0.7), [0, 1, -1], 2, null, probs, votes);
    expect(votes[0]).toBe(-1);
    expect(Array.from(probs)).toEqual([expect.closeTo(2 / 3, 6), expect.closeTo(1 / 3, 6)]);
  });
  it('rows sum to 1 and the vote agrees with the stored probabilities (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 6 }), fc.integer({ min: 2, max: 5 }), fc.integer({ min: 1, max: 20 }), fc.integer(), (labels, k, n, seed) => {
        let s = seed >>> 0;
        const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
        const map = Array.from({ length: labels }, (_, j) => (j < k ? j : Math.floor(rnd() * k)));
        const logits = Float32Array.from({ length: n * labels }, () => rnd() * 10 - 5);
        const teacher = softmaxRowsInPlace(logits, labels);
        const probs = new Float32Array(n * k);
        const votes = new Int8Array(n);
        mapTeacherOutputs(teacher, map, k, null, probs, votes);
        const again = new Int8Array(n);
        votesFromProbs(probs, k, null, again);
        for (let i = 0; i < n; i++) {
          expect(probs.subarray(i * k, i * k + k).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
          expect(votes[i]).toBe(again[i]);
        }
      }),
    );
  });
});

describe('softmax, votes, agreement', () => {
  it('softmax is stable for large logits', () => {
    const rows = softmaxRowsInPlace(Float32Array.of(1000, 1001, -5, -5), 2);
    expect(rows[1]).toBeCloseTo(1 / (1 + Math.exp(-1)), 6);
    expect(rows[2]).toBeCloseTo(0.5, 6);
  });
  it('votesFromProbs abstains below the threshold and on empty rows', () => {
    const votes = new Int8Array(3);
    votesFromProbs(Float32Array.of(0.9, 0.1, 0.4, 0.6, 0, 0), 2, 0.7, votes);
    expect(Array.from(votes)).toEqual([0, -1, -1]);
  });
  it('agreement counts only items that have both a label and a vote', () => {
    expect(agreement(Int8Array.of(0, 1, -1, 1), Int16Array.of(0, 0, 1, -1))).toEqual({ labeled: 3, voted: 2, correct: 1, accuracy: 0.5, coverage: 2 / 3 });
  });
});
