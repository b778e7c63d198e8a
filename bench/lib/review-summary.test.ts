import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { joinSeeds, rankSums, summarizeSet, type ReviewRun } from './review-summary';

const results = join(dirname(fileURLToPath(import.meta.url)), '..', 'results');
// A stored one-process run: its summary was computed while the loops ran, before this module existed.
const stored = () => JSON.parse(readFileSync(join(results, 'review-youtube_spam10.json'), 'utf8'));

const part = (file: ReturnType<typeof stored>, keep: (seed: number) => boolean) => {
  const runs = (file.runs as ReviewRun[]).filter((r) => keep(r.seed));
  const seeds = [...new Set(runs.map((r) => r.seed))];
  // As bench/review.ts writes it: first_seed right after seeds.
  const { seeds: _, ...rest } = file.settings;
  return { ...file, settings: { seeds: seeds.length, ...(seeds[0] ? { first_seed: seeds[0] } : {}), ...rest }, runs };
};

describe('review summary over seeds', () => {
  it('recomputes a stored run’s summary from its curves', () => {
    const file = stored();
    expect(summarizeSet('youtube_spam10', file.summary[0].metric, file.settings.budget, file.settings.strategies, file.runs)).toEqual(file.summary[0]);
  });

  it('joins disjoint seed ranges into the summary of all the seeds', () => {
    const file = stored();
    const joined = joinSeeds([part(file, (s) => s >= 3), part(file, (s) => s < 3)]);
    expect(joined.summary[0]).toEqual(file.summary[0]);
    expect(joined.settings).toEqual(file.settings);
    expect(joined.runs.map((r: ReviewRun) => r.seed)).toEqual([...file.runs.map((r: ReviewRun) => r.seed)].sort((a, b) => a - b));
    expect(joined.seed_parts.map((p: { seeds: number[] }) => p.seeds)).toEqual([[3, 4], [0, 1, 2]]);
    // The few-seed part alone gives other means, so the join is not just the first part's summary.
    expect(summarizeSet('youtube_spam10', 'f1', 200, file.settings.strategies, part(file, (s) => s < 3).runs)).not.toEqual(file.summary[0]);
  });

  it('refuses overlapping seeds, other settings and a strategy that missed a seed', () => {
    const file = stored();
    expect(() => joinSeeds([part(file, (s) => s < 3), part(file, (s) => s >= 2)])).toThrow('seed 2 is in two of the parts');
    const other = part(file, (s) => s >= 3);
    expect(() => joinSeeds([part(file, (s) => s < 3), { ...other, settings: { ...other.settings, budget: 100 } }])).toThrow('other settings');
    const missing = part(file, (s) => s >= 3);
    missing.runs = missing.runs.filter((r: ReviewRun) => !(r.strategy === 'margin' && r.seed === 4));
    expect(() => joinSeeds([part(file, (s) => s < 3), missing])).toThrow('margin ran seeds 3, not 3, 4');
  });
});

describe('rankSums', () => {
  it('ranks per set with ties sharing the better rank, and sums over the sets', () => {
    const scores = [
      { a: 0.9, b: 0.9, c: 0.5 },
      { a: 0.1, b: 0.3, c: 0.2 },
    ];
    const sums = rankSums(scores.length, ['a', 'b', 'c'] as const, (set, c) => scores[set][c]);
    expect(Object.fromEntries(sums)).toEqual({ a: 1 + 3, b: 1 + 1, c: 3 + 2 });
  });
});
