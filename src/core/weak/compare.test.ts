import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { run as runCli } from '../../cli/label-model';
import { parseWrenchDataset, type WrenchFiles } from '../formats/wrench';
import { NO_LABEL, Split } from '../types';
import { pickByMetric } from '../labelmodel/select';
import { compareLabelModels, type CompareInput, type MethodChoice } from './compare';

const dir = join(__dirname, '../../../public/sample/wrench_youtube');

/** The WRENCH sample laid out as the app stores it: train, valid, test in one item list. */
function youtubeAsStored(): Omit<CompareInput, 'method'> {
  const files: WrenchFiles = {};
  for (const name of ['label.json', 'train.json', 'valid.json', 'test.json'] as const) files[name] = readFileSync(join(dir, name), 'utf8');
  const wrench = parseWrenchDataset(files);
  const parts = [wrench.splits.train, wrench.splits.valid, wrench.splits.test];
  const n = parts.reduce((sum, s) => sum + s.n, 0);
  const votes = new Int8Array(n * wrench.m);
  const splits = new Uint8Array(n);
  const gold = new Int16Array(n).fill(NO_LABEL);
  const keys: string[] = [];
  let at = 0;
  parts.forEach((part, p) => {
    votes.set(part.votes, at * wrench.m);
    splits.fill(p, at, at + part.n);
    // The pool is unlabeled in the app: train gold is not imported.
    if (p !== Split.train) gold.set(part.gold, at);
    keys.push(...part.ids);
    at += part.n;
  });
  return { votes, n, m: wrench.m, k: wrench.k, splits, gold, keys };
}

async function cli(args: string[]): Promise<{ method: string; valid: unknown; test: unknown }> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    await runCli(['--wrench', dir, ...args]);
  } finally {
    spy.mockRestore();
  }
  return JSON.parse(out);
}

describe('compareLabelModels on the WRENCH youtube sample', () => {
  const stored = youtubeAsStored();
  const cases: { method: MethodChoice; ties?: 'random' | 'abstain'; prior?: boolean; f1?: boolean }[] = [
    { method: 'mv', ties: 'random' },
    { method: 'mv', ties: 'abstain' },
    { method: 'wmv' },
    { method: 'ds' },
    { method: 'snorkel' },
    { method: 'fs' },
    { method: 'auto' },
    { method: 'snorkel', prior: true },
    { method: 'auto', prior: true, f1: true },
  ];
  for (const c of cases) {
    it(`${c.method}${c.ties ? ` (ties ${c.ties})` : ''}${c.prior ? ' with a dev prior' : ''}${c.f1 ? ' by F1' : ''}: dev and canary scores equal the CLI's valid and test`, async () => {
      const args = ['--method', c.method, '--prior', c.prior ? 'dev' : 'model'];
      if (c.ties) args.push('--ties', c.ties);
      if (c.f1) args.push('--metric', 'f1');
      const expected = (await cli(args)) as Awaited<ReturnType<typeof cli>> & { decision: unknown };
      const result = compareLabelModels({ ...stored, method: c.method, ties: c.ties, priorFromDev: c.prior, metric: c.f1 ? { kind: 'f1', positive: 1 } : undefined });
      expect(result.decision).toEqual(expected.decision);
      expect(result.chosen).toBe(expected.method);
      const row = result.rows.find((r) => r.method === result.chosen)!;
      expect(row.dev).toEqual(expected.valid);
      expect(row.canary).toEqual(expected.test);
      expect(result.counts).toEqual({ train: 1586, dev: 120, devLabelled: 120, canary: 250, canaryLabelled: 250 });
    });
  }

  it('scores every method and reaches the published floors on canary (mv 84.0 %, best ≥ 86.0 %) with argmax and the models’ priors', () => {
    const result = compareLabelModels({ ...stored, method: 'auto', tune: false });
    expect(result.rows.map((r) => r.method)).toEqual(['mv', 'wmv', 'ds', 'snorkel', 'fs']);
    expect(result.rows[0].canary!.accuracy).toBeCloseTo(0.84, 10);
    expect(Math.max(...result.rows.map((r) => r.canary!.accuracy))).toBeGreaterThanOrEqual(0.86);
    expect(result.prediction.probs.length).toBe(stored.n * 2);
    expect(result.labels.length).toBe(stored.n);
    expect(Math.min(...result.labels)).toBeGreaterThanOrEqual(0);
  });

  it('has a majority-class baseline row (dev’s most frequent class for every item)', () => {
    const result = compareLabelModels({ ...stored, method: 'auto', priorFromDev: true });
    const devGold = stored.gold.filter((_, i) => stored.splits[i] === Split.dev);
    const spam = devGold.filter((g) => g === 1).length;
    expect(result.baseline!.label).toBe(spam > devGold.length / 2 ? 1 : 0);
    expect(result.baseline!.dev.accuracy).toBeCloseTo(Math.max(spam, devGold.length - spam) / devGold.length, 10);
    expect(result.metric).toBe('macro-F1');
    expect(result.selectedBy).toMatch(/best dev macro-F1/);
  });
});

describe('the canary stays out of every choice', () => {
  const base = youtubeAsStored();

  it('changing canary labels and canary votes changes no parameter, dev score or auto pick', () => {
    const canaryRows: number[] = [];
    for (let i = 0; i < base.n; i++) if (base.splits[i] === Split.canary) canaryRows.push(i);
    const reference = compareLabelModels({ ...base, method: 'auto' });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const gold = base.gold.slice();
        const votes = base.votes.slice();
        let s = seed;
        const next = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0);
        for (const i of canaryRows) {
          gold[i] = next() % 2;
          for (let j = 0; j < base.m; j++) votes[i * base.m + j] = (next() % 3) - 1;
        }
        const poisoned = compareLabelModels({ ...base, gold, votes, method: 'auto' });
        expect(poisoned.chosen).toBe(reference.chosen);
        expect(poisoned.rows.map((r) => r.dev)).toEqual(reference.rows.map((r) => r.dev));
        expect(Array.from(poisoned.params.delta)).toEqual(Array.from(reference.params.delta));
      }),
      { numRuns: 5 },
    );
  });
});

describe('pickByMetric and bad input', () => {
  const row = (method: 'mv' | 'wmv' | 'ds', accuracy: number, macro: number, degenerate = false) => ({
    method,
    dev: { accuracy, macro_f1: macro, f1: null, coverage: 1, metric: macro },
    canary: { accuracy: 1 - accuracy, macro_f1: 1 - macro, f1: null, coverage: 1, metric: 1 - macro },
    degenerate,
  });

  it('prefers the dev metric, then macro-F1, then accuracy, then the earlier method, and ignores canary', () => {
    expect(pickByMetric([row('mv', 0.8, 0.7), row('wmv', 0.9, 0.1), row('ds', 0.9, 0.1)]).method).toBe('mv');
    expect(pickByMetric([row('mv', 0.9, 0.7), row('wmv', 0.95, 0.7)]).method).toBe('wmv');
    expect(pickByMetric([row('mv', 0.9, 0.7), row('wmv', 0.9, 0.7)]).method).toBe('mv');
    expect(pickByMetric([]).method).toBeNull();
  });

  it('never picks a model that predicts one class on dev while another does not, and says so', () => {
    const pick = pickByMetric([row('mv', 0.7, 0.6), row('ds', 0.86, 0.9, true)]);
    expect(pick.method).toBe('mv');
    expect(pick.reason).toMatch(/skipped ds: one class for every dev item/);
    const forced = pickByMetric([row('mv', 0.7, 0.4, true), row('ds', 0.86, 0.46, true)]);
    expect(forced.method).toBe('ds');
    expect(forced.warnings[0]).toMatch(/Every method predicts a single class/);
  });

  it('falls back to the models’ own priors, with a warning, when the dev prior has no dev labels', () => {
    const votes = Int8Array.from([0, 1, 1, 1, 0, -1]);
    const result = compareLabelModels({ votes, n: 3, m: 2, k: 2, gold: Int16Array.from([-1, -1, -1]), keys: ['a', 'b', 'c'], splits: Uint8Array.from([0, 0, 1]), method: 'mv', priorFromDev: true });
    expect(result.prior).toBe('model');
    expect(result.warnings[0]).toMatch(/no dev item has one/);
  });

  it('refuses auto without dev labels and a fit without train items, saying why', () => {
    const votes = Int8Array.from([0, 1, 1, 1, 0, -1]);
    const input = { votes, n: 3, m: 2, k: 2, gold: Int16Array.from([-1, -1, -1]), keys: ['a', 'b', 'c'] };
    expect(() => compareLabelModels({ ...input, splits: Uint8Array.from([0, 0, 1]), method: 'auto' })).toThrow(/no dev item has a label/);
    expect(() => compareLabelModels({ ...input, splits: Uint8Array.from([1, 2, 2]), method: 'mv' })).toThrow(/no items/);
    const ok = compareLabelModels({ ...input, splits: Uint8Array.from([0, 0, 0]), method: 'mv' });
    expect(ok.rows.every((r) => r.dev === null && r.canary === null)).toBe(true);
  });
});
