import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { useDatabase, type SiftDb } from './db';
import { listRefits, REFIT_KIND, REFIT_STUDENT_PREFIX, retireRefitStudents, underRefitRun, type RefitOutcome } from './review-refits';
import { probsColumn, votesColumn } from './sources';
import type { Source } from './db';
import { holdStores, settledWithin } from './test-hold';

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

  it('a new refit student retires the earlier refit students that are still disabled, with their columns', async () => {
    const student = (id: string, name: string, enabled = false, datasetId = 'd1') =>
      ({ id, datasetId, kind: 'student', name, version: `run-${id}`, definition: { runId: `run-${id}`, arch: 'linear', features: { kind: 'hashed-ngrams', dim: 16 }, labels: ['a', 'b'] }, createdAt: 1, updatedAt: 1, enabled }) as unknown as Source;
    await database.sources.bulkPut([
      student('s1', `${REFIT_STUDENT_PREFIX}3 reviewed)`),
      student('s2', `${REFIT_STUDENT_PREFIX}6 reviewed)`, true),
      student('s3', 'My own student'),
      student('s4', `${REFIT_STUDENT_PREFIX}9 reviewed)`),
      student('s5', `${REFIT_STUDENT_PREFIX}3 reviewed)`, false, 'd2'),
    ]);
    for (const id of ['s1', 's4']) {
      await database.columns.bulkPut([
        { datasetId: 'd1', name: votesColumn(id), chunk: 0, data: new Int8Array(4) },
        { datasetId: 'd1', name: probsColumn(id), chunk: 0, data: new Float32Array(8) },
      ]);
    }
    expect(await retireRefitStudents('d1', 's4')).toBe(1);
    const left = (await database.sources.toArray()).map((s) => s.id).sort();
    // s1 went; the enabled refit student, the user's own student, the new one and another dataset's stay.
    expect(left).toEqual(['s2', 's3', 's4', 's5']);
    expect((await database.columns.where('datasetId').equals('d1').toArray()).map((c) => c.name).sort()).toEqual([probsColumn('s4'), votesColumn('s4')]);
    expect(await retireRefitStudents('d1', 's4')).toBe(0);
  });

  it('retiring behind a held store fails by name in bounded time and removes nothing later', async () => {
    const old = { id: 's1', datasetId: 'd1', kind: 'student', name: `${REFIT_STUDENT_PREFIX}3 reviewed)`, version: 'run-s1', definition: {}, createdAt: 1, updatedAt: 1, enabled: false } as unknown as Source;
    await database.sources.put(old);
    await database.columns.put({ datasetId: 'd1', name: votesColumn('s1'), chunk: 0, data: new Int8Array(4) });
    const holder = await holdStores(database.name, ['sources']);
    const outcome = await settledWithin(retireRefitStudents('d1', 's4', 300), 5_000);
    expect(outcome).toMatch(/^Retiring earlier refit students did not start: the browser's storage did not answer within 0.3 s .*Nothing was saved/);
    await holder.release();
    expect((await database.sources.toArray()).map((s) => s.id)).toEqual(['s1']);
    expect(await database.columns.count()).toBe(1);
    expect(await database.audit.count()).toBe(0);
  });
});
