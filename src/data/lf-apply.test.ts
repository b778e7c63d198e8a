import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { useDatabase, type Source } from './db';
import { finishLfApply, writeLfVoteChunk } from './lf-apply';
import { votesColumn } from './sources';

const lf = (id: string, version: string | null): Source =>
  ({ id, datasetId: 'd', kind: 'lf', name: id, version, definition: { id, name: id, vote: 1, condition: { kind: 'regex', pattern: 'x' } }, createdAt: 0, updatedAt: 0, enabled: true }) as Source;

async function seeded(name: string) {
  const database = useDatabase(name);
  await database.sources.bulkPut([lf('a', 'old-a'), lf('b', 'old-b'), lf('c', 'old-c')]);
  await database.runs.put({ id: 'run-1', datasetId: 'd', kind: 'apply-lfs', status: 'running', createdAt: 0, params: { sources: ['a', 'b'] }, inputs: [], results: {} } as never);
  return database;
}

describe('LF apply writes', () => {
  it("marks the applied LFs' votes incomplete with the first chunk, and writes each chunk's vote columns", async () => {
    const database = await seeded('lf-apply-chunks');
    await writeLfVoteChunk('d', 0, new Map([['a', Int8Array.from([1, -1])], ['b', Int8Array.from([-1, 0])]]), ['a', 'b']);
    expect((await database.sources.bulkGet(['a', 'b', 'c'])).map((s) => s?.version)).toEqual([null, null, 'old-c']);
    // A later chunk leaves the versions alone.
    await database.sources.update('a', { version: 'mark' });
    await writeLfVoteChunk('d', 1, new Map([['a', Int8Array.from([0])]]));
    expect((await database.sources.get('a'))?.version).toBe('mark');
    const columns = await database.columns.where('datasetId').equals('d').toArray();
    expect(columns.map((c) => `${c.name}#${c.chunk}=${Array.from(c.data)}`).sort()).toEqual([`${votesColumn('a')}#0=1,-1`, `${votesColumn('a')}#1=0`, `${votesColumn('b')}#0=-1,0`]);
  });

  it('a chunk that cannot be stored leaves the versions as they were (one transaction)', async () => {
    const database = await seeded('lf-apply-chunk-atomic');
    const unstorable = (() => 0) as unknown as Int8Array;
    await expect(writeLfVoteChunk('d', 0, new Map([['a', unstorable]]), ['a', 'b'])).rejects.toThrow();
    expect((await database.sources.bulkGet(['a', 'b'])).map((s) => s?.version)).toEqual(['old-a', 'old-b']);
    expect(await database.columns.count()).toBe(0);
  });

  it('finishing sets each version, audits the apply in LF order and ends the run as done', async () => {
    const database = await seeded('lf-apply-finish');
    const results = { items: 3, votes: { b: 1, a: 2 }, ms: 5 };
    await finishLfApply('d', 'run-1', [{ sourceId: 'b', version: 'vb' }, { sourceId: 'a', version: 'va' }], results);
    expect((await database.sources.bulkGet(['a', 'b', 'c'])).map((s) => s?.version)).toEqual(['va', 'vb', 'old-c']);
    const [entry] = await database.audit.where('datasetId').equals('d').toArray();
    expect(entry.action).toBe('apply-lfs');
    expect(entry.detail).toEqual({ runId: 'run-1', sources: [{ sourceId: 'b', version: 'vb' }, { sourceId: 'a', version: 'va' }] });
    const run = await database.runs.get('run-1');
    expect(run?.status).toBe('done');
    expect(run?.results).toEqual(results);
    expect(run?.finishedAt).toBeGreaterThan(0);
  });

  it('a run that cannot be marked done leaves the versions unset and nothing audited (one transaction)', async () => {
    const database = await seeded('lf-apply-finish-atomic');
    const unstorable = { items: 1, votes: {}, ms: (() => 0) as unknown as number };
    await expect(finishLfApply('d', 'run-1', [{ sourceId: 'a', version: 'va' }], unstorable)).rejects.toThrow();
    expect((await database.sources.get('a'))?.version).toBe('old-a');
    expect(await database.audit.count()).toBe(0);
    expect((await database.runs.get('run-1'))?.status).toBe('running');
  });
});
