import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { useDatabase, type Source } from './db';
import { getSource, getSources, sourceOfRun } from './source-lookup';

const source = (id: string, datasetId: string, version: string | null): Source =>
  ({ id, datasetId, kind: 'student', name: id, version, definition: {}, createdAt: 0, updatedAt: 0, enabled: true }) as unknown as Source;

describe('source lookup', () => {
  it('reads sources by id, in the order asked, with a gap where one is gone', async () => {
    const database = useDatabase('source-lookup-ids');
    await database.sources.bulkPut([source('a', 'd', 'v1'), source('b', 'd', 'v2')]);
    expect((await getSource('b'))?.version).toBe('v2');
    expect(await getSource('gone')).toBeUndefined();
    expect((await getSources(['b', 'gone', 'a'])).map((s) => s?.id)).toEqual(['b', undefined, 'a']);
    expect(await getSources([])).toEqual([]);
  });

  it("finds the source a run made by its version, only within the run's dataset", async () => {
    const database = useDatabase('source-lookup-run');
    await database.sources.bulkPut([source('s1', 'd', 'run-1'), source('s2', 'd', 'run-2'), source('s3', 'other', 'run-3')]);
    expect((await sourceOfRun('d', 'run-2'))?.id).toBe('s2');
    expect(await sourceOfRun('d', 'run-3')).toBeUndefined();
    expect(await sourceOfRun('d', 'run-9')).toBeUndefined();
  });
});
