import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { run as runCli } from '../../cli/label-model';
import { parseWrenchDataset, type WrenchFiles } from '../formats/wrench';
import { NO_LABEL, Split } from '../types';
import { compareLabelModels, pickByDev, type CompareInput, type MethodChoice } from './compare';

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
  const cases: { method: MethodChoice; ties?: 'random' | 'abstain'; prior?: boolean }[] = [
    { method: 'mv', ties: 'random' },
    { method: 'mv', ties: 'abstain' },
    { method: 'wmv' },
    { method: 'ds' },
    { method: 'snorkel' },
    { method: 'fs' },
    { method: 'auto' },
    { method: 'snorkel', prior: true },
  ];
  for (const c of cases) {
    it(`${c.method}${c.ties ? ` (ties ${c.ties})` : ''}${c.prior ? ' with a dev prior' : ''}: dev and canary scores equal the CLI's valid and test`, async () => {
      const args = ['--method', c.method];
      if (c.ties) args.push('--ties', c.ties);
      if (c.prior) args.push('--prior', 'dev');
      const expected = await cli(args);
      const result = compareLabelModels({ ...stored, method: c.method, ties: c.ties, priorFromDev: c.prior });
      expect(result.chosen).toBe(expected.method);
      const row = result.rows.find((r) => r.method === result.chosen)!;
      expect(row.dev).toEqual(expected.valid);
      expect(row.canary).toEqual(expected.test);
      expect(result.counts).toEqual({ train: 1586, dev: 120, devLabelled: 120, canary: 250, canaryLabelled: 250 });
    });
  }

  it('scores every method and reaches the published floors on canary (mv 84.0 %, best ≥ 86.0 %)', () => {
    const result = compareLabelModels({ ...stored, method: 'auto' });
    expect(result.rows.map((r) => r.method)).toEqual(['mv', 'wmv', 'ds', 'snorkel', 'fs']);
    expect(result.rows[0].canary!.accuracy).toBeCloseTo(0.84, 10);
    expect(Math.max(...result.rows.map((r) => r.canary!.accuracy))).toBeGreaterThanOrEqual(0.86);
    expect(result.prediction.probs.length).toBe(stored.n * 2);
    expect(result.labels.length).toBe(stored.n);
    expect(Math.min(...result.labels)).toBeGreaterThanOrEqual(0);
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

describe('pickByDev and bad input', () => {
  const row = (method: 'mv' | 'wmv' | 'ds', accuracy: number, macro: number) => ({
    method,
    dev: { accuracy, macro_f1: macro, f1: null, coverage: 1 },
    canary: { accuracy: 1 - accuracy, macro_f1: 0, f1: null, coverage: 1 },
    fitMs: 0,
    iterations: 0,
    converged: true,
    note: '',
  });

  it('prefers dev accuracy, then dev macro-F1, then the earlier method, and ignores canary', () => {
    expect(pickByDev([row('mv', 0.8, 0.7), row('wmv', 0.9, 0.1), row('ds', 0.9, 0.1)])).toBe('wmv');
    expect(pickByDev([row('mv', 0.9, 0.7), row('wmv', 0.9, 0.8)])).toBe('wmv');
    expect(pickByDev([])).toBeNull();
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
