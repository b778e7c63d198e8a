import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { useDatabase, type Dataset, type SiftDb } from './db';
import { pruneAutoSnapshots } from './snapshot-prune';
import { listSnapshots, rollbackTo, takeSnapshot } from './snapshots';
import { votesColumn } from './sources';
import { columnKind, deleteVectors, measureDataset, measureStore, storedBytes } from './usage';

// 6 items in chunks of 4 (4, 2), two classes.
const dataset: Dataset = {
  id: 'd', name: 'Comments', kind: 'text', status: 'ready', createdAt: 0, updatedAt: 0, itemCount: 6, chunkSize: 4, chunkCount: 2,
  classes: [{ name: 'no', key: '1', color: '#000' }, { name: 'yes', key: '2', color: '#fff' }] as Dataset['classes'],
  fields: ['author'], files: [], mapping: { format: 'csv', textColumn: 'text', idColumn: null, labelColumn: null, labelValues: {}, keepColumns: ['author'] }, committedRows: 6, notices: [],
};
let database: SiftDb;
let n = 0;

beforeEach(async () => {
  database = useDatabase(`usage-test-${++n}`);
  await database.datasets.put(dataset);
  await database.chunks.bulkPut([
    { datasetId: 'd', index: 0, start: 0, count: 4, ids: ['a', 'b', 'c', 'd'], text: ['hello', 'hi', 'buy now', 'ok'], fields: { author: ['x', 'y', 'z', 'w'] }, hashes: new Uint32Array(4) },
    { datasetId: 'd', index: 1, start: 4, count: 2, ids: ['e', 'f'], text: ['spam!', 'fine'], fields: { author: ['x', 'y'] }, hashes: new Uint32Array(2) },
  ]);
  await database.sources.put({ id: 's', datasetId: 'd', kind: 'imported', name: 's', version: 'v1', definition: null, createdAt: 1, updatedAt: 1, enabled: true });
  await database.columns.bulkPut([
    { datasetId: 'd', name: votesColumn('s'), chunk: 0, data: Int8Array.from([0, 1, 1, -1]) },
    { datasetId: 'd', name: votesColumn('s'), chunk: 1, data: Int8Array.from([1, 0]) },
    { datasetId: 'd', name: 'probs:run-1', chunk: 0, data: new Float32Array(8) },
    { datasetId: 'd', name: 'vec:emb', chunk: 0, data: new Float32Array(4 * 3) },
    { datasetId: 'd', name: 'vec:emb', chunk: 1, data: new Float32Array(2 * 3) },
    { datasetId: 'd', name: 'split', chunk: 0, data: new Uint8Array(4) },
    { datasetId: 'd', name: 'split', chunk: 1, data: new Uint8Array(2) },
  ]);
});

describe('storage usage', () => {
  it('names each column by what it holds', () => {
    expect(['votes:s', 'probs:r', 'calprobs:r', 'pred:r', 'vec:e', 'split'].map(columnKind)).toEqual(['votes', 'probabilities', 'probabilities', 'probabilities', 'vectors', 'other']);
    expect(storedBytes({ ab: 'xyz', n: new Float32Array(2) })).toBe(2 + 3 + 1 + 8);
  });

  it('counts each dataset by kind: exact for columns, text by its length', async () => {
    const usage = await measureDataset('d', 'Comments');
    const textBytes = 'abcdef'.length + 'hellohibuy nowokspam!fine'.length + 'xyzwxy'.length + 6 * 4;
    expect(usage.bytes.items).toBe(textBytes);
    expect(usage.bytes.votes).toBe(6);
    expect(usage.bytes.probabilities).toBe(32);
    expect(usage.bytes.vectors).toBe(6 * 3 * 4);
    expect(usage.vectorColumns).toEqual([{ name: 'vec:emb', bytes: 72 }]);
    expect(usage.total).toBe(Object.values(usage.bytes).reduce((a, b) => a + b, 0));
    const store = await measureStore();
    expect(store.datasets.map((d) => d.name)).toEqual(['Comments']);
    expect(store.total).toBe(usage.total);
  });

  it('frees an embedder’s vectors, and says so in the audit log', async () => {
    await deleteVectors('d', 'vec:emb');
    expect((await measureDataset('d', 'Comments')).bytes.vectors).toBe(0);
    expect((await database.audit.toArray()).map((a) => a.action)).toEqual(['delete-vectors']);
    await expect(deleteVectors('d', votesColumn('s'))).rejects.toThrow('not a vector column');
  });

  it('prunes automatic snapshots and the chunks only they held; a kept snapshot still rolls back', async () => {
    const mine = await takeSnapshot('d', { by: 'you', reason: 'by hand' });
    await database.columns.put({ datasetId: 'd', name: votesColumn('s'), chunk: 1, data: Int8Array.from([0, 0]) });
    await takeSnapshot('d', { by: 'auto', reason: 'before bulk label' });
    await database.columns.put({ datasetId: 'd', name: votesColumn('s'), chunk: 1, data: Int8Array.from([1, 1]) });
    await takeSnapshot('d', { by: 'auto', reason: 'before bulk label' });
    const before = await database.snapshotBlobs.count();

    const result = await pruneAutoSnapshots('d');
    expect(result).toEqual({ deleted: 2, blobsFreed: 2, bytesFreed: 4 });
    expect(await database.snapshotBlobs.count()).toBe(before - 2);
    expect((await listSnapshots('d')).map((s) => s.id)).toEqual([mine.id]);
    expect(await pruneAutoSnapshots('d')).toEqual({ deleted: 0, blobsFreed: 0, bytesFreed: 0 });

    await rollbackTo('d', mine.id);
    expect(Array.from((await database.columns.get(['d', votesColumn('s'), 1]))!.data)).toEqual([1, 0]);
  });

  it('keeps the automatic snapshot the canary gate accepted', async () => {
    const accepted = await takeSnapshot('d', { by: 'auto', reason: 'export' });
    await database.gates.put({ datasetId: 'd', criteria: {} as never, accepted: { snapshotId: accepted.id, name: accepted.name, at: accepted.createdAt, metrics: null as never } });
    await takeSnapshot('d', { by: 'auto', reason: 'before bulk label', name: 'other' });
    expect((await pruneAutoSnapshots('d')).deleted).toBe(1);
    expect((await listSnapshots('d')).map((s) => s.id)).toEqual([accepted.id]);
  });
});
