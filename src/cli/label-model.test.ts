import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { labelModel } from './label-model';

// The WRENCH youtube split shipped as the demo (public/sample/wrench_youtube, see its README).
const wrench = join(import.meta.dirname, '../../public/sample/wrench_youtube');
const scratch = mkdtempSync(join(tmpdir(), 'sift-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type Scores = { accuracy: number; macro_f1: number; f1: number | null; coverage: number };
const testOf = (result: Record<string, unknown>) => result.test as Scores;

describe('sift label-model on WRENCH youtube', () => {
  it('majority vote reproduces the published 84.0 % (Snorkel’s tie rule)', () => {
    const result = labelModel({ wrench, method: 'mv', seed: 0, ties: 'random', prior: 'model', decision: 'argmax' });
    expect(testOf(result).accuracy).toBeCloseTo(0.84, 10);
    expect(testOf(result).coverage).toBeCloseTo(0.928, 10);
  });

  it('the Snorkel-style model reaches the published 86.0 % or better', () => {
    expect(testOf(labelModel({ wrench, method: 'snorkel', seed: 0, ties: 'random', prior: 'model', decision: 'argmax' })).accuracy).toBeGreaterThanOrEqual(0.86);
  });

  it('auto picks by the dev metric and beats the published numbers on test (defaults: macro-F1, dev prior, tuned threshold)', () => {
    for (const metric of ['macro_f1', 'accuracy'] as const) {
      const result = labelModel({ wrench, method: 'auto', seed: 0, ties: 'random', metric: { name: metric } });
      const candidates = result.candidates as { method: string; dev_metric: number }[];
      expect(candidates).toHaveLength(5);
      const best = Math.max(...candidates.map((c) => c.dev_metric));
      expect(candidates.find((c) => c.method === result.method)!.dev_metric).toBe(best);
      expect((result.valid as Scores & { metric: number }).metric).toBe(best);
      expect(testOf(result).accuracy).toBeGreaterThan(0.86);
    }
  });

  it('on a 10 % spam variant, auto by F1 never goes degenerate and beats majority vote and Snorkel on test F1', () => {
    const imbalanced = join(import.meta.dirname, '../../bench/data/youtube_spam10');
    const f1 = (result: Record<string, unknown>) => testOf(result).f1!;
    const auto = labelModel({ wrench: imbalanced, method: 'auto', seed: 0, ties: 'random', metric: { name: 'f1' } });
    expect(auto.metric).toBe('F1 of SPAM');
    expect((auto.candidates as { one_class: boolean }[]).some((c) => c.one_class)).toBe(false);
    const mv = labelModel({ wrench: imbalanced, method: 'mv', seed: 0, ties: 'random', prior: 'model', decision: 'argmax' });
    const snorkel = labelModel({ wrench: imbalanced, method: 'snorkel', seed: 0, ties: 'random', prior: 'model', decision: 'argmax' });
    expect(f1(auto)).toBeGreaterThanOrEqual(Math.max(f1(mv), f1(snorkel)));
    expect(f1(auto)).toBeGreaterThan(0.2);
  });

  it('runs as a command: one JSON object on stdout, JSONL for every item with --out', () => {
    const out = join(scratch, 'labels.jsonl');
    const child = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/sift.ts', 'label-model', '--wrench', wrench, '--method', 'ds', '--seed', '3', '--out', out], {
      encoding: 'utf8',
      cwd: join(import.meta.dirname, '../..'),
    });
    expect(child.status).toBe(0);
    const printed = JSON.parse(child.stdout);
    expect(printed.method).toBe('ds');
    for (const split of ['valid', 'test']) expect(Object.keys(printed[split]).sort()).toEqual(['accuracy', 'coverage', 'f1', 'macro_f1', 'metric']);
    expect(printed.metric).toBe('macro-F1');
    expect(printed.prior).toBe('dev');
    expect(typeof printed.fit_ms).toBe('number');
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toHaveLength(1586 + 120 + 250);
    expect(lines[0]).toMatchObject({ id: '0', split: 'train' });
    for (const line of lines) {
      expect(Object.keys(line)).toEqual(['id', 'split', 'label', 'probs', 'covered']);
      expect(line.label).toBeGreaterThanOrEqual(0);
      expect(line.probs[0] + line.probs[1]).toBeCloseTo(1, 4);
    }
    // Uncovered items carry the prior, and their label is still a class.
    expect(lines.some((line) => !line.covered)).toBe(true);
  });

  it('explains bad usage and bad folders with a non-zero exit', () => {
    const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/sift.ts', ...args], { encoding: 'utf8', cwd: join(import.meta.dirname, '../..') });
    const missing = run('label-model', '--wrench', join(scratch, 'nope'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/no such folder/);
    const badMethod = run('label-model', '--wrench', wrench, '--method', 'best');
    expect(badMethod.stderr).toMatch(/--method must be one of mv, wmv, ds, snorkel, fs, auto/);
    const positive = run('label-model', '--wrench', wrench, '--metric', 'f1', '--positive', 'EGGS');
    expect(positive.status).toBe(1);
    expect(positive.stderr).toMatch(/The positive class "EGGS" is not a class of this dataset; the classes are 0 = HAM, 1 = SPAM/);
    const noF1 = run('label-model', '--wrench', wrench, '--positive', 'SPAM');
    expect(noF1.stderr).toMatch(/--positive .* needs --metric f1/);
    const badMetric = run('label-model', '--wrench', wrench, '--metric', 'auc');
    expect(badMetric.stderr).toMatch(/--metric must be one of macro_f1, accuracy, f1/);
    const empty = run('label-model', '--wrench', scratch);
    expect(empty.status).toBe(1);
    expect(empty.stderr).toMatch(/lacks label\.json, train\.json, valid\.json, test\.json/);
  });
});
