import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { useDatabase, type Dataset, type SiftDb, type Source } from './db';
import { readLoopStore } from './loop-facts';
import { votesColumn } from './sources';

const dataset: Dataset = {
  id: 'l', name: 'loop', kind: 'text', status: 'ready', createdAt: 0, updatedAt: 0, itemCount: 3, chunkSize: 3, chunkCount: 1,
  classes: [{ name: 'no', key: '1', color: '#000' }, { name: 'yes', key: '2', color: '#fff' }] as Dataset['classes'],
  fields: [], files: [], mapping: { format: 'csv', textColumn: 'text', idColumn: null, labelColumn: null, labelValues: {}, keepColumns: [] }, committedRows: 3, notices: [],
};
const imported: Source = { id: 's1', datasetId: 'l', kind: 'imported', name: 'votes', version: 'v1', definition: {}, createdAt: 1, updatedAt: 1, enabled: true };
let database: SiftDb;
let n = 0;

beforeEach(async () => {
  database = useDatabase(`loop-facts-test-${++n}`);
  await database.datasets.put(dataset);
  await database.sources.put(imported);
  await database.columns.put({ datasetId: 'l', name: votesColumn('s1'), chunk: 0, data: Int8Array.from([0, 1, -1]) });
});

describe('readLoopStore', () => {
  it('says whether the newest label model read the votes the sources hold now', async () => {
    expect((await readLoopStore(dataset)).labelModel).toBe('none');
    const [revision] = (await database.columnCatalog.bulkGet([['l', votesColumn('s1')]])).map((e) => e?.revision);
    await database.runs.put({ id: 'lm', datasetId: 'l', kind: 'label-model', status: 'done', createdAt: 5, params: {}, inputs: [{ sourceId: 's1', version: 'v1', revision }], results: {} });
    expect((await readLoopStore(dataset)).labelModel).toBe('fitted');
    // New votes under the same version: the run read other votes.
    await database.columns.put({ datasetId: 'l', name: votesColumn('s1'), chunk: 0, data: Int8Array.from([1, 1, -1]) });
    expect((await readLoopStore(dataset)).labelModel).toBe('outdated');
  });

  it('reads the newest student’s votes', async () => {
    expect((await readLoopStore(dataset)).student).toBeNull();
    for (const [id, at] of [['old', 2], ['new', 3]] as const) {
      await database.sources.put({ ...imported, id, kind: 'student', name: `student ${id}`, createdAt: at, enabled: false });
      await database.columns.put({ datasetId: 'l', name: votesColumn(id), chunk: 0, data: Int8Array.from(id === 'new' ? [1, 0, 1] : [0, 0, 0]) });
    }
    const { student, sources } = await readLoopStore(dataset);
    expect(sources).toHaveLength(3);
    expect(student?.name).toBe('student new');
    expect(Array.from(student!.votes)).toEqual([1, 0, 1]);
  });
});
