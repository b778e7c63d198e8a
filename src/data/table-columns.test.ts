import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { useDatabase, type Dataset, type ItemChunk } from './db';
import { fieldColumnTypes, readFieldColumns } from './table-columns';

function chunk(index: number, start: number, a: string[], b: string[]): ItemChunk {
  return { datasetId: 't', index, start, count: a.length, ids: a.map((_, i) => `r${start + i}`), text: a.map(() => ''), fields: { a, b }, hashes: new Uint32Array(a.length) };
}

describe('table columns', () => {
  it('reads field columns across chunks in item order, filtered, and names unknown fields', async () => {
    const database = useDatabase('table-columns-test');
    await database.datasets.put({ id: 't', name: 'wine', kind: 'table', fields: ['a', 'b'], columnTypes: { a: 'numeric', b: 'categorical' } } as unknown as Dataset);
    // Written out of order: the reader must still return chunk 0 first.
    await database.chunks.put(chunk(1, 2, ['3', '4'], ['z', 'w']));
    await database.chunks.put(chunk(0, 0, ['1', '2'], ['x', 'y']));
    const all = await readFieldColumns('t', ['b', 'a']);
    expect([...all.indices]).toEqual([0, 1, 2, 3]);
    expect(all.columns).toEqual([['x', 'y', 'z', 'w'], ['1', '2', '3', '4']]);
    const odd = await readFieldColumns('t', ['a'], (i) => i % 2 === 1);
    expect([...odd.indices]).toEqual([1, 3]);
    expect(odd.columns).toEqual([['2', '4']]);
    await expect(readFieldColumns('t', ['a', 'nope'])).rejects.toThrow('wine has no field "nope" (its fields: a, b).');
    await expect(readFieldColumns('gone', ['a'])).rejects.toThrow(/no longer exists/);
  });

  it('gives stored types only for table datasets', () => {
    expect(fieldColumnTypes({ kind: 'table', columnTypes: { a: 'numeric' } })).toEqual({ a: 'numeric' });
    expect(fieldColumnTypes({ kind: 'text', columnTypes: undefined })).toBeNull();
    expect(fieldColumnTypes({ kind: 'table', columnTypes: undefined })).toBeNull();
  });
});
