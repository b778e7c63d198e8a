/** An exported student and a teacher's new threshold, queued behind a store another tab never lets go. */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { useDatabase, type ModelEntry, type Run } from './db';
import { rewriteVotes, teacherVotesColumn } from './model-runs';
import { saveModel } from './students';
import { holdStores, settledWithin } from './test-hold';

describe('model writes behind a held store', () => {
  it('an exported model fails by name when the store does not start it in time, and is not stored later', async () => {
    const database = useDatabase('bounded-save-model');
    const run = { id: 'st', datasetId: 'd', kind: 'student', status: 'done', createdAt: 1, params: {}, inputs: [], results: { ok: true } } as unknown as Run;
    await database.runs.put(run);
    const holder = await holdStores('bounded-save-model', ['models']);
    const entry: ModelEntry = { id: 'm1', name: 'spam student', createdAt: 1, format: 'onnx', card: {}, files: [] };
    const outcome = await settledWithin(saveModel(entry, 'd', 'st', 300), 5_000);
    expect(outcome).toMatch(/^Saving the exported model "spam student" did not start: the browser's storage did not answer within 0.3 s .*Nothing was saved/);
    await holder.release();
    expect(await database.models.count()).toBe(0);
    expect((await database.runs.get('st'))?.results).toEqual({ ok: true });
    expect(await database.audit.count()).toBe(0);
    await saveModel(entry, 'd', 'st');
    expect((await database.runs.get('st'))?.results).toEqual({ ok: true, exportedModelId: 'm1' });
  });

  it("a teacher's new threshold fails by name when the store does not start it in time, and its votes stay", async () => {
    const database = useDatabase('bounded-rewrite-votes');
    await database.columns.put({ datasetId: 'd', name: teacherVotesColumn('t'), chunk: 0, data: new Int8Array([0, -1]) });
    const holder = await holdStores('bounded-rewrite-votes', ['columns']);
    const outcome = await settledWithin(rewriteVotes('d', 't', [{ chunk: 0, votes: new Int8Array([1, 1]) }], { threshold: 0.9 } as never, undefined, 300), 5_000);
    expect(outcome).toMatch(/^Changing the teacher's threshold did not start: the browser's storage did not answer within 0.3 s .*Nothing was saved/);
    await holder.release();
    expect(Array.from((await database.columns.get(['d', teacherVotesColumn('t'), 0]))!.data as Int8Array)).toEqual([0, -1]);
    expect(await database.audit.count()).toBe(0);
    expect(await database.changes.count()).toBe(0);
  });
});
