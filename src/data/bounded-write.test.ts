import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { LfDef } from '../core/lf/index';
import type { SourceOf } from '../core/records';
import { boundedWrite } from './bounded-write';
import { useDatabase } from './db';
import { deleteSource, listSources, saveSource, setSourceEnabled, votesColumn } from './sources';

const def: LfDef = { id: 'a', name: 'spam words', vote: 1, condition: { kind: 'keyword', keywords: ['check'], match: 'any', wholeWord: true, caseSensitive: false } };
const source: SourceOf<'lf'> = { id: 'a', datasetId: 'd', kind: 'lf', name: 'spam words', version: null, definition: def, createdAt: 1, updatedAt: 1, enabled: true };

function openRaw(name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/**
 * Another connection (a worker, another tab) whose transaction over `sources` never ends: it keeps
 * asking for more, as a stuck writer elsewhere would. IndexedDB queues every later write behind it.
 */
async function holdSources(name: string): Promise<{ release: () => Promise<void> }> {
  const other = await openRaw(name);
  const tx = other.transaction(['sources'], 'readwrite');
  const store = tx.objectStore('sources');
  let holding = true;
  const spin = () => {
    store.count().onsuccess = () => holding && spin();
  };
  spin();
  const done = new Promise<void>((resolve) => (tx.oncomplete = () => resolve()));
  return {
    release: async () => {
      holding = false;
      await done;
      other.close();
    },
  };
}

const settledWithin = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise.then(() => 'resolved', (error: Error) => error.message), new Promise<string>((resolve) => setTimeout(() => resolve('still pending'), ms))]);

describe('bounded user writes', () => {
  it('a save queued behind a transaction that never ends fails with a specific error in bounded time, and writes nothing later', async () => {
    const database = useDatabase('bounded-write-stuck');
    await database.open();
    const holder = await holdSources('bounded-write-stuck');

    const outcome = await settledWithin(saveSource(source, 300), 5_000);
    // Without the deadline the save stays pending for as long as the other transaction runs.
    expect(outcome).toMatch(/^Saving "spam words" did not finish: the browser's storage did not answer within 0.3 s .*Nothing was saved/);

    await holder.release();
    // The aborted save never runs once the store is free again: no source, no audit entry, no change log.
    expect(await listSources('d')).toEqual([]);
    expect(await database.audit.count()).toBe(0);
    expect(await database.changes.count()).toBe(0);
    // And the store works again: the same save now goes through.
    await saveSource(source);
    expect((await listSources('d')).map((s) => s.name)).toEqual(['spam words']);
  });

  it('turning an LF off behind a transaction that never ends fails with a specific error and changes nothing', async () => {
    const database = useDatabase('bounded-toggle-stuck');
    await saveSource(source);
    const holder = await holdSources('bounded-toggle-stuck');

    const outcome = await settledWithin(setSourceEnabled('a', false, 'spam words', 300), 5_000);
    expect(outcome).toMatch(/^Disabling "spam words" did not finish: the browser's storage did not answer within 0.3 s .*Nothing was saved/);

    await holder.release();
    expect((await database.sources.get('a'))?.enabled).toBe(true);
    await setSourceEnabled('a', false, 'spam words');
    expect((await database.sources.get('a'))?.enabled).toBe(false);
  });

  it('deleting an LF behind a transaction that never ends fails with a specific error and removes nothing', async () => {
    const database = useDatabase('bounded-delete-stuck');
    await saveSource(source);
    await database.columns.put({ datasetId: 'd', name: votesColumn('a'), chunk: 0, data: new Int8Array([1, -1]) });
    const audited = await database.audit.count();
    const changed = await database.changes.count();
    const holder = await holdSources('bounded-delete-stuck');

    const outcome = await settledWithin(deleteSource(source, 300), 5_000);
    expect(outcome).toMatch(/^Deleting "spam words" did not finish: the browser's storage did not answer within 0.3 s .*Nothing was saved/);

    await holder.release();
    // The withdrawn delete never runs later: the LF, its votes and the logs are as they were.
    expect((await listSources('d')).map((s) => s.name)).toEqual(['spam words']);
    expect(await database.columns.count()).toBe(1);
    expect(await database.audit.count()).toBe(audited);
    expect(await database.changes.count()).toBe(changed);
    await deleteSource(source);
    expect(await listSources('d')).toEqual([]);
    expect(await database.columns.count()).toBe(0);
  });

  it('a write that gets the store in time is not affected by the deadline', async () => {
    const database = useDatabase('bounded-write-free');
    const value = await boundedWrite('Writing', [database.settings], async () => {
      await database.settings.put({ key: 'k', value: 1 });
      return 42;
    }, 5_000);
    expect(value).toBe(42);
    expect(await database.settings.get('k')).toMatchObject({ value: 1 });
  });

  it('an error inside the write is reported as itself, not as a busy store', async () => {
    const database = useDatabase('bounded-write-error');
    const failing = boundedWrite('Writing', [database.settings], async () => {
      await database.settings.put({ key: 'k', value: 1 });
      throw new Error('the record is wrong');
    }, 5_000);
    await expect(failing).rejects.toThrow('the record is wrong');
    expect(await database.settings.get('k')).toBeUndefined();
  });
});
