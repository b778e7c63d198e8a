import { describe, expect, it } from 'vitest';
import { SiftError } from '../errors';
import { accuracy } from '../metrics/classification';
import { fitAuto } from './auto';
import { decideLabels } from './decide';
import { fitLabelModel, fitPatterns } from './fit';
import { compressVotes } from './patterns';
import { predict } from './predict';
import { classPriorFromLabels } from './prior';
import { syntheticVotes } from './synthetic';
import { methodNames, type MethodName, type VoteMatrix } from './types';

const estimating: MethodName[] = ['wmv', 'ds', 'snorkel', 'fs'];

function rowSums(probs: Float32Array, k: number): number[] {
  const sums: number[] = [];
  for (let i = 0; i < probs.length / k; i++) sums.push(probs.slice(i * k, (i + 1) * k).reduce((a, b) => a + b, 0));
  return sums;
}

describe('recovery on votes sampled from a known model', () => {
  const data = syntheticVotes({ n: 30_000, m: 8, k: 3, seed: 11, accuracy: [0.55, 0.9], coverage: [0.2, 0.7] });
  const fitted = new Map<MethodName, ReturnType<typeof fitLabelModel>>();
  const fit = (method: MethodName) => fitted.get(method) ?? fitted.set(method, fitLabelModel(data.matrix, method, { seed: 1 })).get(method)!;

  it.each(estimating)('%s recovers every source accuracy within 0.03', (method) => {
    const params = fit(method);
    for (let j = 0; j < data.matrix.m; j++) expect(Math.abs(params.sourceAccuracy[j] - data.accuracy[j])).toBeLessThan(0.03);
  });

  it.each(estimating)('%s labels at least as well as majority vote (within 0.5 point)', (method) => {
    const score = (m: MethodName) => accuracy(data.gold, decideLabels(predict(fit(m), data.matrix).probs, 3));
    expect(score(method)).toBeGreaterThan(score('mv') - 0.005);
  });

  it('uses a fixed class prior when given one', () => {
    const prior = classPriorFromLabels(data.gold, 3);
    for (const method of methodNames) {
      const params = fitLabelModel(data.matrix, method, { classPrior: prior });
      expect(Array.from(params.prior)).toEqual(Array.from(prior));
    }
  });
});

describe('edge cases', () => {
  it.each(methodNames)('%s: all-abstain rows get the prior and covered = 0', (method) => {
    const votes = Int8Array.from([0, 0, -1, -1, -1, -1, 1, 1, 1, -1, -1, -1, 0, 0, 1, 1, -1, 1]);
    const matrix: VoteMatrix = { n: 6, m: 3, k: 2, votes };
    const params = fitLabelModel(matrix, method, { classPrior: [0.3, 0.7] });
    const { probs, covered } = predict(params, matrix);
    expect(Array.from(covered)).toEqual([1, 0, 1, 0, 1, 1]);
    expect(probs[2]).toBeCloseTo(0.3, 6);
    expect(probs[3]).toBeCloseTo(0.7, 6);
    for (const sum of rowSums(probs, 2)) expect(sum).toBeCloseTo(1, 5);
  });

  it.each(methodNames)('%s: a matrix with no votes at all still predicts the prior', (method) => {
    const matrix: VoteMatrix = { n: 4, m: 2, k: 3, votes: new Int8Array(8).fill(-1) };
    const { probs, covered } = predict(fitLabelModel(matrix, method), matrix);
    expect(Array.from(covered)).toEqual([0, 0, 0, 0]);
    for (const p of probs) expect(p).toBeCloseTo(1 / 3, 6);
  });

  it.each(methodNames)('%s: one source', (method) => {
    const data = syntheticVotes({ n: 500, m: 1, k: 2, seed: 3, coverage: [0.6, 0.6], accuracy: [0.8, 0.8] });
    const params = fitLabelModel(data.matrix, method);
    const { probs, covered } = predict(params, data.matrix);
    // A lone source better than chance: its vote is the most likely class wherever it votes.
    for (let i = 0; i < data.matrix.n; i++) {
      const vote = data.matrix.votes[i];
      if (vote >= 0) expect(probs[i * 2 + vote]).toBeGreaterThanOrEqual(0.5);
      expect(covered[i]).toBe(vote >= 0 ? 1 : 0);
    }
  });

  it.each(methodNames)('%s: 20 classes', (method) => {
    const data = syntheticVotes({ n: 4000, m: 6, k: 20, seed: 5, accuracy: [0.6, 0.9], coverage: [0.4, 0.8] });
    // Snorkel's cost per epoch is (m·k)²·k whatever n is; 300 epochs is where it settles on such data.
    const { probs } = predict(fitLabelModel(data.matrix, method, { maxIterations: 300 }), data.matrix);
    expect(probs.length).toBe(4000 * 20);
    expect(accuracy(data.gold, decideLabels(probs, 20))).toBeGreaterThan(0.85);
  });

  it.each(methodNames)('%s: 500 sources', (method) => {
    const data = syntheticVotes({ n: 1500, m: 500, k: 2, seed: 9, accuracy: [0.52, 0.7], coverage: [0.01, 0.05] });
    // Few votes per source: estimation is noisy (majority vote is best here); each method must still run
    // and stay far above chance (0.5). Iterations are capped to keep the test fast (snorkel: (m·k)²·k per epoch).
    const params = fitLabelModel(data.matrix, method, { maxIterations: 100 });
    expect(params.sourceAccuracy.length).toBe(500);
    const { probs } = predict(params, data.matrix);
    expect(accuracy(data.gold, decideLabels(probs, 2))).toBeGreaterThan(0.65);
  });

  it('the Snorkel-style model refuses a matrix too wide for its overlap matrix, with a reason', () => {
    const matrix: VoteMatrix = { n: 2, m: 500, k: 20, votes: new Int8Array(1000).fill(-1) };
    expect(() => fitLabelModel(matrix, 'snorkel')).toThrow(/ds|wmv/);
  });

  it('majority vote: ties share the mass (random) or fall back to the prior (abstain)', () => {
    const matrix: VoteMatrix = { n: 1, m: 4, k: 3, votes: Int8Array.from([0, 1, 0, 1]) };
    const random = predict(fitLabelModel(matrix, 'mv', { ties: 'random' }), matrix).probs;
    expect(Array.from(random)).toEqual([0.5, 0.5, 0]);
    const abstain = predict(fitLabelModel(matrix, 'mv', { ties: 'abstain', classPrior: [0.2, 0.3, 0.5] }), matrix).probs;
    expect(Array.from(abstain).map((p) => +p.toFixed(6))).toEqual([0.2, 0.3, 0.5]);
  });

  it('majority vote gives the same model from rows as from compressed patterns', () => {
    const data = syntheticVotes({ n: 3000, m: 7, k: 3, seed: 8, coverage: [0.2, 0.5] });
    const fromRows = fitLabelModel(data.matrix, 'mv');
    const fromPatterns = fitPatterns(compressVotes(data.matrix), 'mv');
    expect(fromRows.sourceAccuracy).toEqual(fromPatterns.sourceAccuracy);
    expect(predict(fromRows, data.matrix).probs).toEqual(predict(fromPatterns, data.matrix).probs);
  });

  it('predict refuses votes with other sources or classes than the fit', () => {
    const data = syntheticVotes({ n: 100, m: 3, k: 2, seed: 1 });
    const params = fitLabelModel(data.matrix, 'ds');
    expect(() => predict(params, { n: 1, m: 4, k: 2, votes: new Int8Array(4) })).toThrow(SiftError);
  });

  it('is deterministic given the seed', () => {
    const data = syntheticVotes({ n: 2000, m: 6, k: 3, seed: 2 });
    for (const method of methodNames) {
      const a = predict(fitLabelModel(data.matrix, method, { seed: 4 }), data.matrix).probs;
      const b = predict(fitLabelModel(data.matrix, method, { seed: 4 }), data.matrix).probs;
      expect(a).toEqual(b);
    }
  });
});

describe('auto', () => {
  it('picks the method with the best dev score by the metric and reports every candidate', () => {
    const data = syntheticVotes({ n: 6000, m: 10, k: 3, seed: 21 });
    const train: VoteMatrix = { ...data.matrix, n: 5000, votes: data.matrix.votes.subarray(0, 5000 * 10) };
    const dev = { matrix: { ...data.matrix, n: 1000, votes: data.matrix.votes.subarray(5000 * 10) }, labels: data.gold.subarray(5000) };
    for (const metric of [{ kind: 'accuracy' as const }, { kind: 'macro_f1' as const }]) {
      const result = fitAuto(train, dev, {}, methodNames, { metric });
      expect(result.candidates.map((c) => c.method)).toEqual([...methodNames]);
      const best = Math.max(...result.candidates.map((c) => c.metric));
      const chosen = result.candidates.find((c) => c.method === result.params.method)!;
      expect(chosen.metric).toBe(best);
      expect(chosen.metric).toBe(metric.kind === 'accuracy' ? chosen.accuracy : chosen.macroF1);
      expect(result.decision).toEqual(chosen.decision);
    }
  });

  it('refuses a dev set without labels', () => {
    const data = syntheticVotes({ n: 100, m: 3, k: 2, seed: 1 });
    expect(() => fitAuto(data.matrix, { matrix: data.matrix, labels: new Int16Array(100).fill(-1) })).toThrow(/dev/);
  });
});
