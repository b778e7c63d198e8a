import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { columnRevisions, deleteColumn, describeColumn, revisionKey, writeColumnChunk } from './columns';
import { deleteDataset } from './datasets';
import { useDatabase } from './db';

let count = 0;
const fresh = () => useDatabase(`catalog-${++count}`);

describe('column catalog', () => {
  it('bumps a column revision on every kind of write, and only that column', async () => {
    const d = fresh();
    expect(await columnRevisions('ds', ['votes:a', 'votes:b'])).toEqual([0, 0]);
    await writeColumnChunk('ds', 'votes:a', 0, new Int8Array([1, 0]));
    expect(await columnRevisions('ds', ['votes:a', 'votes:b'])).toEqual([1, 0]);
    await d.columns.bulkPut([{ datasetId: 'ds', name: 'votes:a', chunk: 1, data: new Int8Array([1]) }, { datasetId: 'ds', name: 'votes:b', chunk: 0, data: new Int8Array([0, 0]) }]);
    expect(await columnRevisions('ds', ['votes:a', 'votes:b'])).toEqual([2, 1]);
    // A rewrite with identical bytes is still a write: caches cannot tell, so the revision moves.
    await d.transaction('rw', [d.columns, d.runs], async () => {
      await d.columns.put({ datasetId: 'ds', name: 'votes:b', chunk: 0, data: new Int8Array([0, 0]) });
    });
    expect(await columnRevisions('ds', ['votes:a', 'votes:b'])).toEqual([2, 2]);
    await deleteColumn('ds', 'votes:a');
    expect(await columnRevisions('ds', ['votes:a', 'votes:b'])).toEqual([3, 2]);
    await d.columns.delete(['ds', 'votes:b', 0]);
    expect(await columnRevisions('ds', ['votes:a', 'votes:b'])).toEqual([3, 3]);
    expect((await d.columnCatalog.get(['ds', 'votes:a']))?.dtype).toBe('Int8Array');
  });

  it('keeps descriptors (width, producer) across later writes, and gives a key that changes with them', async () => {
    const d = fresh();
    await writeColumnChunk('ds', 'probs:r1', 0, new Float32Array(4));
    await describeColumn('ds', 'probs:r1', { width: 2, producer: 'r1' });
    const before = await revisionKey('ds', ['probs:r1']);
    await writeColumnChunk('ds', 'probs:r1', 0, new Float32Array(4));
    const entry = await d.columnCatalog.get(['ds', 'probs:r1']);
    expect(entry).toMatchObject({ width: 2, producer: 'r1', revision: 2, dtype: 'Float32Array' });
    expect(await revisionKey('ds', ['probs:r1'])).not.toBe(before);
  });

  it('a write that fails rolls back its revision with it', async () => {
    const d = fresh();
    await writeColumnChunk('ds', 'votes:a', 0, new Int8Array([1]));
    await expect(d.transaction('rw', [d.columns], async () => {
      await d.columns.put({ datasetId: 'ds', name: 'votes:a', chunk: 0, data: new Int8Array([0]) });
      throw new Error('boom');
    })).rejects.toThrow('boom');
    expect(await columnRevisions('ds', ['votes:a'])).toEqual([1]);
  });

  it('deleting a dataset removes its catalog entries', async () => {
    const d = fresh();
    await d.datasets.add({ id: 'gone', name: 'g', kind: 'text', status: 'ready', createdAt: 1, updatedAt: 1, itemCount: 1, chunkSize: 1, chunkCount: 1, classes: [], fields: [], files: [], mapping: { format: 'csv', textColumn: 't', idColumn: null, labelColumn: null, labelValues: {}, keepColumns: [] }, committedRows: 1, notices: [] });
    await writeColumnChunk('gone', 'split', 0, new Uint8Array(1));
    await deleteDataset('gone');
    expect(await d.columnCatalog.where('datasetId').equals('gone').count()).toBe(0);
  });
});
