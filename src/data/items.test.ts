import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { useDatabase, type ItemChunk } from './db';
import { eachItemChunk, readItemChunk } from './items';

const chunk = (datasetId: string, index: number, texts: string[]): ItemChunk => ({
  datasetId,
  index,
  start: index * 2,
  count: texts.length,
  ids: texts.map((_, i) => `${datasetId}-${index * 2 + i}`),
  text: texts,
  fields: {},
  hashes: new Uint32Array(texts.length),
});

describe('item chunks', () => {
  it("visits one dataset's chunks in chunk order, whatever order they were written in, and none of another's", async () => {
    const database = useDatabase('items-test-each');
    // Written out of order, with a second dataset whose id sorts between, to catch a scan by key range.
    await database.chunks.bulkPut([chunk('d', 2, ['e']), chunk('d', 0, ['a', 'b']), chunk('d0', 0, ['other']), chunk('d', 1, ['c', 'd'])]);
    const seen: string[] = [];
    await eachItemChunk('d', (c) => seen.push(`${c.index}:${c.text.join('')}`));
    expect(seen).toEqual(['0:ab', '1:cd', '2:e']);

    const none: number[] = [];
    await eachItemChunk('missing', (c) => none.push(c.index));
    expect(none).toEqual([]);
  });

  it('reads one chunk by index, and undefined for a chunk that is not stored', async () => {
    const database = useDatabase('items-test-read');
    await database.chunks.bulkPut([chunk('d', 0, ['a', 'b']), chunk('d', 1, ['c'])]);
    expect((await readItemChunk('d', 1))?.ids).toEqual(['d-2']);
    expect(await readItemChunk('d', 2)).toBeUndefined();
  });
});
