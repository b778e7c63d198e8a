import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random';
import { NO_LABEL, Split } from '../types';
import type { LabelModelParams, MethodName } from '../labelmodel/index';
import { compareLabelModels, type CompareInput } from './compare';

/**
 * Three binary sources voting on every item. On dev, source 0 looks right 90 % of the time; on the
 * pool it is right 20 % of the time, which only the review answers (pool labels) can reveal.
 */
function world(): Omit<CompareInput, 'method'> {
  const random = mulberry32(7);
  const sizes = [300, 60, 40];
  const n = sizes[0] + sizes[1] + sizes[2];
  const splits = new Uint8Array(n).fill(Split.train, 0, 300).fill(Split.dev, 300, 360).fill(Split.canary, 360);
  const gold = new Int16Array(n).fill(NO_LABEL);
  const votes = new Int8Array(n * 3);
  for (let i = 0; i < n; i++) {
    const y = random() < 0.3 ? 1 : 0;
    const right = [splits[i] === Split.train ? 0.2 : 0.9, 0.8, 0.7];
    right.forEach((a, s) => (votes[i * 3 + s] = random() < a ? y : 1 - y));
    // Dev and canary carry labels; 150 pool items are reviewed, picked as an uncertainty queue would (all class 1 first).
    if (splits[i] !== Split.train || (i < 300 && (y === 1 || i < 120))) gold[i] = y;
  }
  return { votes, n, m: 3, k: 2, splits, gold, keys: Array.from({ length: n }, (_, i) => `i${i}`) };
}

describe('compareLabelModels with pool labels (the review refit)', () => {
  it("counts the review answers in wmv's source accuracies", () => {
    const input = world();
    const off = compareLabelModels({ ...input, method: 'wmv', priorFromDev: true });
    const on = compareLabelModels({ ...input, method: 'wmv', priorFromDev: true, poolLabels: true });
    // Without them the pool's labels are not read: same as a pool with no labels at all.
    const unlabelled = Int16Array.from(input.gold, (y, i) => (input.splits[i] === Split.train ? NO_LABEL : y));
    expect(Array.from(compareLabelModels({ ...input, gold: unlabelled, method: 'wmv', priorFromDev: true }).params.sourceAccuracy)).toEqual(Array.from(off.params.sourceAccuracy));
    expect(off.params.sourceAccuracy[0]).toBeGreaterThan(0.8);
    expect(on.params.sourceAccuracy[0]).toBeLessThan(0.5);
  });

  it('keeps the class prior on dev: the answers are not a random sample of the pool', () => {
    const input = world();
    const off = compareLabelModels({ ...input, method: 'wmv', priorFromDev: true });
    const on = compareLabelModels({ ...input, method: 'wmv', priorFromDev: true, poolLabels: true });
    expect(Array.from(on.params.prior)).toEqual(Array.from(off.params.prior));
  });

  it("judges on dev alone, each dev item cross-fitted with every other labelled item's votes", () => {
    const input = world();
    const on = compareLabelModels({ ...input, method: 'wmv', priorFromDev: true, poolLabels: true });
    expect(on.devJudged.rows.length).toBe(60);
    expect(on.devJudged.rows.every((r) => input.splits[r] === Split.dev)).toBe(true);
    // The dev score is the cross-fit with the answers counted: source 0's pool record lowers its weight on dev too.
    const off = compareLabelModels({ ...input, method: 'wmv', priorFromDev: true });
    expect(Array.from(on.devJudged.probs)).not.toEqual(Array.from(off.devJudged.probs));
  });

  it.each(['ds', 'snorkel'] as MethodName[])('counts the review answers in %s as clamped items', (method) => {
    const input = world();
    // Every source is wrong on every reviewed item, all agreeing: without the labels nothing shows it.
    for (let i = 0; i < 300; i++) if (input.gold[i] >= 0) input.votes.fill(1 - input.gold[i], i * 3, i * 3 + 3);
    const off = compareLabelModels({ ...input, method, priorFromDev: true });
    const on = compareLabelModels({ ...input, method, priorFromDev: true, poolLabels: true });
    for (let j = 0; j < 3; j++) expect(on.params.sourceAccuracy[j]).toBeLessThan(off.params.sourceAccuracy[j] - 0.05);
    expect(on.params.note).toMatch(/[1-9]\d* reviewed items/);
    expect(Array.from(on.params.prior)).toEqual(Array.from(off.params.prior));
    // Dev is judged by the fit's own predictions, never cross-fitted: dev labels did not shape it.
    expect(on.params.usesDevLabels).toBe(false);
  });
});

/** FNV-1a over the bytes of the fitted arrays: equal only for bit-identical fits. */
function fingerprint(params: LabelModelParams): string {
  let h = 0x811c9dc5;
  for (const array of [params.prior, params.base, params.delta, params.sourceAccuracy]) {
    for (const b of new Uint8Array(array.buffer, array.byteOffset, array.byteLength)) h = Math.imul(h ^ b, 0x01000193);
  }
  return (h >>> 0).toString(16);
}

describe('compareLabelModels without pool labels', () => {
  // Fingerprints of the fits made before reviewed items could be clamped (commit d90ac85), on the world above.
  const before: Record<MethodName, [string, string]> = {
    ds: ['8c44730a', '14fd0dba'],
    // Refingerprinted when the fit moved to a canonical source order (65653fa): its sums over sources run in
    // another order, and on this world the parameters moved by at most 1.1e-16 from d90ac85's.
    snorkel: ['935adfb1', '8249bd9e'],
    wmv: ['44474408', '1cdad8b4'],
    fs: ['a8040b2c', 'd644a982'],
    mv: ['1a9ab9a0', '44f73054'],
  };
  it.each(Object.keys(before) as MethodName[])('%s fits bit-identically to before (prior from dev, and the method\'s own)', (method) => {
    const input = world();
    const fromDev = compareLabelModels({ ...input, method, priorFromDev: true, seed: 3 });
    const own = compareLabelModels({ ...input, method, seed: 3 });
    expect([fingerprint(fromDev.params), fingerprint(own.params)]).toEqual(before[method]);
  });
});
