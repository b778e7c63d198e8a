import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { PlannedLf } from '../core/lf/library';
import { useDatabase, type Source } from './db';
import { addLibrarySources, listSources } from './sources';

const rule = (name: string, pattern: string): PlannedLf => ({ kind: 'lf', name, definition: { name, vote: 1, condition: { kind: 'regex', pattern } } });

describe('addLibrarySources', () => {
  it('adds every LF in the file order with fresh ids, renames a taken name, and audits the import', async () => {
    const database = useDatabase('library-sources-1');
    const existing: Source = { id: 'old', datasetId: 'd', kind: 'lf', name: 'links', version: null, definition: { id: 'old', name: 'links', vote: 0, condition: { kind: 'regex', pattern: 'x' } }, createdAt: 1, updatedAt: 1, enabled: true };
    await database.sources.add(existing);
    const added = await addLibrarySources('d', [rule('links', 'https?://'), rule('money', '\\$\\d+'), { kind: 'js-lf', name: 'short', definition: { name: 'short', source: '() => -1' } }], 'other.lfs.json');
    expect(added.map((s) => s.name)).toEqual(['links (2)', 'money', 'short']);
    expect(added.every((s) => s.version === null && (s.definition as { id: string }).id === s.id)).toBe(true);
    expect((await listSources('d')).map((s) => s.name)).toEqual(['links', 'links (2)', 'money', 'short']);
    const audit = await database.audit.where('datasetId').equals('d').toArray();
    expect(audit.map((e) => e.action)).toEqual(['import-lfs']);
    expect(audit[0].detail.origin).toBe('other.lfs.json');
  });

  it('writes nothing when one LF cannot be stored', async () => {
    const database = useDatabase('library-sources-2');
    // An LF whose definition cannot be cloned into IndexedDB makes the whole transaction fail.
    const broken = { kind: 'lf', name: 'bad', definition: { name: 'bad', vote: 1, condition: { kind: 'regex', pattern: 'x', bad: () => 1 } } } as unknown as PlannedLf;
    await expect(addLibrarySources('d', [rule('first', 'a'), broken], 'f.json')).rejects.toThrow();
    expect(await database.sources.count()).toBe(0);
    expect(await database.audit.count()).toBe(0);
  });
});
