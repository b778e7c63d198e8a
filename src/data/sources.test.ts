import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { lfVersion, type LfDef } from '../core/lf/index';
import { useDatabase, type Dataset } from './db';
import type { SourceOf } from '../core/records';
import { deleteSource, listSources, readItemVotes, readVoteMatrix, saveSource, votesColumn } from './sources';

const dataset = { id: 'd', itemCount: 5, chunkSize: 2, chunkCount: 3 } as Dataset;
const def: LfDef = { id: 'a', name: 'a', vote: 1, condition: { kind: 'regex', pattern: 'x' } };
const source = (id: string, createdAt: number): SourceOf<'lf'> => ({ id, datasetId: 'd', kind: 'lf', name: id, version: null, definition: { ...def, id }, createdAt, updatedAt: 0, enabled: true });

describe('sources repository', () => {
  it('keeps creation order, audits every saved version, reads votes as a matrix and per item, deletes votes with the source', async () => {
    const database = useDatabase('sources-test');
    await saveSource(source('b', 2));
    await saveSource(source('a', 1));
    await saveSource({ ...source('a', 1), definition: { ...def, id: 'a', condition: { kind: 'regex', pattern: 'y' } } });
    expect((await listSources('d')).map((s) => s.id)).toEqual(['a', 'b']);
    const audit = await database.audit.where('datasetId').equals('d').toArray();
    expect(audit.map((e) => e.action)).toEqual(['create-source', 'create-source', 'edit-source']);
    expect(audit[2].detail.version).toBe(lfVersion({ ...def, condition: { kind: 'regex', pattern: 'y' } }));

    // Source a has votes in chunks 0 and 2 only; the missing chunk reads as abstentions.
    await database.columns.bulkPut([
      { datasetId: 'd', name: votesColumn('a'), chunk: 0, data: Int8Array.from([1, -1]) },
      { datasetId: 'd', name: votesColumn('a'), chunk: 2, data: Int8Array.from([0]) },
      { datasetId: 'd', name: votesColumn('b'), chunk: 1, data: Int8Array.from([1, 1]) },
    ]);
    expect(Array.from(await readVoteMatrix(dataset, ['a', 'b']))).toEqual([1, -1, -1, -1, -1, 1, -1, 1, 0, -1]);
    const [a, b] = await listSources('d');
    expect(Array.from(await readItemVotes(dataset, [a, b], 3))).toEqual([-1, 1]);
    expect(Array.from(await readItemVotes(dataset, [b, a], 4))).toEqual([-1, 0]);

    await deleteSource(a);
    expect((await listSources('d')).map((s) => s.id)).toEqual(['b']);
    expect(await database.columns.where('[datasetId+name]').equals(['d', votesColumn('a')]).count()).toBe(0);
  });
});
