import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { useDatabase } from './db';
import { hasColumn, readColumnChunk, readColumnChunks } from './columns';

describe('column chunks', () => {
  it('reads one chunk of a named column by dataset, name and chunk index', async () => {
    const database = useDatabase('columns-test-chunk');
    await database.columns.bulkPut([
      { datasetId: 'd', name: 'vec:e', chunk: 0, data: Float32Array.from([1, 2, 3, 4]) },
      { datasetId: 'd', name: 'vec:e', chunk: 1, data: Float32Array.from([5, 6]) },
      { datasetId: 'other', name: 'vec:e', chunk: 0, data: Float32Array.from([9]) },
    ]);
    expect(Array.from((await readColumnChunk('d', 'vec:e', 1))!.data)).toEqual([5, 6]);
    expect(Array.from((await readColumnChunk('other', 'vec:e', 0))!.data)).toEqual([9]);
    expect(await readColumnChunk('d', 'vec:e', 2)).toBeUndefined();
    expect(await readColumnChunk('d', 'vec:f', 0)).toBeUndefined();
  });

  it('reads every stored chunk of one column in one dataset, each with its index; unwritten chunks are absent', async () => {
    const database = useDatabase('columns-test-chunks');
    await database.columns.bulkPut([
      { datasetId: 'd', name: 'pred:r', chunk: 2, data: Int8Array.from([1]) },
      { datasetId: 'd', name: 'pred:r', chunk: 0, data: Int8Array.from([0, 1]) },
      { datasetId: 'd', name: 'pred:q', chunk: 1, data: Int8Array.from([7]) },
      { datasetId: 'other', name: 'pred:r', chunk: 1, data: Int8Array.from([9]) },
    ]);
    const chunks = await readColumnChunks('d', 'pred:r');
    expect(chunks.map((c) => `${c.chunk}=${Array.from(c.data)}`).sort()).toEqual(['0=0,1', '2=1']);
    expect(await readColumnChunks('d', 'pred:none')).toEqual([]);
  });

  it('says whether a column has any chunk stored, in that dataset only', async () => {
    const database = useDatabase('columns-test-has');
    // Only a later chunk exists: the column still counts as stored.
    await database.columns.put({ datasetId: 'd', name: 'probs:s', chunk: 3, data: Float32Array.from([0.5, 0.5]) });
    expect(await hasColumn('d', 'probs:s')).toBe(true);
    expect(await hasColumn('d', 'probs:t')).toBe(false);
    expect(await hasColumn('other', 'probs:s')).toBe(false);
  });
});
