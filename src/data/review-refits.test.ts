import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { useDatabase, type SiftDb } from './db';
import { listRefits, REFIT_KIND, underRefitRun, type RefitOutcome } from './review-refits';

let database: SiftDb;
let n = 0;
beforeEach(() => {
  database = useDatabase(`review-refits-${n++}`);
});

const outcome = (canary: number): RefitOutcome => ({ metric: 'macro-F1', canary, labelModelCanary: canary - 0.1, labelModelRunId: 'lm', studentRunId: 'st' });

describe('review refits', () => {
  it('keeps one point per finished refit, oldest first, and the run is running while the chain works', async () => {
    let during: string | undefined;
    await underRefitRun('d1', 0, async () => {
      during = (await database.runs.where('datasetId').equals('d1').first())?.status;
      return outcome(0.8);
    });
    expect(during).toBe('running');
    await new Promise((r) => setTimeout(r, 2));
    await underRefitRun('d1', 25, async () => outcome(0.85));
    await underRefitRun('d2', 9, async () => outcome(0.5));
    const points = await listRefits('d1');
    expect(points.map((p) => [p.reviewed, p.canary, p.labelModelCanary])).toEqual([
      [0, 0.8, 0.8 - 0.1],
      [25, 0.85, 0.85 - 0.1],
    ]);
  });

  it('a chain that stops leaves a cancelled run and no point; one that throws, a failed run', async () => {
    expect(await underRefitRun('d1', 3, async () => null)).toBeNull();
    await expect(underRefitRun('d1', 4, async () => Promise.reject(new Error('student exploded')))).rejects.toThrow('student exploded');
    const runs = await database.runs.where('[datasetId+kind]').equals(['d1', REFIT_KIND]).toArray();
    expect(runs.map((r) => r.status).sort()).toEqual(['cancelled', 'failed']);
    expect(await listRefits('d1')).toEqual([]);
  });
});
