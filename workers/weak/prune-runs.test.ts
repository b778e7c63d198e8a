/** The prune after a label-model fit is housekeeping: a store another tab holds must not fail or stall the fit. */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { useDatabase } from '../../src/data/db';
import { predColumn, probsColumn } from '../../src/data/sources';
import { holdStores, settledWithin } from '../../src/data/test-hold';
import { pruneOldRuns } from './label-model';

const run = (id: string, createdAt: number) => ({ id, datasetId: 'd', kind: 'label-model', status: 'done', createdAt, params: {}, inputs: [], results: { chosen: 'mv' } });

describe('pruning old label-model runs', () => {
  it('gives up quietly when the store does not start it in time, and the next prune drops what it left', async () => {
    const database = useDatabase('prune-runs-held');
    await database.runs.bulkPut([1, 2, 3, 4, 5].map((t) => run(`lm${t}`, t)) as never);
    await database.columns.bulkPut([1, 2, 3, 4, 5].flatMap((t) => [
      { datasetId: 'd', name: probsColumn(`lm${t}`), chunk: 0, data: Float32Array.from([0.5, 0.5]) },
      { datasetId: 'd', name: predColumn(`lm${t}`), chunk: 0, data: Int8Array.from([0]) },
    ]));
    const holder = await holdStores('prune-runs-held', ['columns']);
    expect(await settledWithin(pruneOldRuns('d', 300), 5_000)).toBe('resolved');
    await holder.release();
    expect(await database.columns.count()).toBe(10);
    expect((await database.runs.toArray()).some((r) => r.results.columnsDropped)).toBe(false);

    await pruneOldRuns('d');
    // The newest three keep their columns; the two oldest lose theirs and are marked.
    expect((await database.columns.toArray()).map((c) => c.name).sort()).toEqual(['lm3', 'lm4', 'lm5'].flatMap((id) => [predColumn(id), probsColumn(id)]).sort());
    expect((await database.runs.toArray()).filter((r) => r.results.columnsDropped).map((r) => r.id).sort()).toEqual(['lm1', 'lm2']);
  });

  it('fails for anything other than a busy store', async () => {
    const database = useDatabase('prune-runs-broken');
    database.close();
    await database.delete();
    const broken = useDatabase('prune-runs-broken');
    broken.close({ disableAutoOpen: true });
    await expect(pruneOldRuns('d', 300)).rejects.toThrow();
  });
});
