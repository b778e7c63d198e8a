import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { LfDef } from '../core/lf/index';
import type { SourceOf } from '../core/records';
import { boundedWrite, startBounded } from './bounded-write';
import { useDatabase, type SiftDb } from './db';
import { takeSnapshot } from './snapshots';
import { deleteSource, listSources, saveSource, setSourceEnabled, votesColumn } from './sources';
import { hamSpamDataset } from './test-dataset';
import { holdStores, settledWithin } from './test-hold';

const def: LfDef = { id: 'a', name: 'spam words', vote: 1, condition: { kind: 'keyword', keywords: ['check'], match: 'any', wholeWord: true, caseSensitive: false } };
const source: SourceOf<'lf'> = { id: 'a', datasetId: 'd', kind: 'lf', name: 'spam words', version: null, definition: def, createdAt: 1, updatedAt: 1, enabled: true };

const holdSources = (name: string) => holdStores(name, ['sources']);

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

/** A ready dataset of two items with a split column and the LF `source` voting on them. */
async function readyWithLf(database: SiftDb): Promise<void> {
  await database.datasets.put(hamSpamDataset({ id: 'd', name: 'ready', itemCount: 2, chunkSize: 2, chunkCount: 1, committedRows: 2 }));
  await database.columns.put({ datasetId: 'd', name: 'split', chunk: 0, data: new Uint8Array([0, 0]) });
  await saveSource(source);
  await database.columns.put({ datasetId: 'd', name: votesColumn('a'), chunk: 0, data: new Int8Array([1, -1]) });
}

describe('writes bounded by when they start', () => {
  it('deleting an LF of a ready dataset behind a transaction that never ends fails before its snapshot starts, and writes nothing', async () => {
    const database = useDatabase('bounded-start-delete');
    await readyWithLf(database);
    const audited = await database.audit.count();
    const holder = await holdSources('bounded-start-delete');

    // The automatic snapshot before the delete reads `sources`: without a start deadline it waits for as long as the holder runs.
    const outcome = await settledWithin(deleteSource(source, 300), 5_000);
    expect(outcome).toMatch(/^Deleting "spam words" did not start: the browser's storage did not answer within 0.3 s .*Nothing was saved/);

    await holder.release();
    // Neither the snapshot nor the delete runs later.
    expect(await database.snapshots.count()).toBe(0);
    expect(await database.snapshotBlobs.count()).toBe(0);
    expect((await listSources('d')).map((s) => s.name)).toEqual(['spam words']);
    expect(await database.columns.count()).toBe(2);
    expect(await database.audit.count()).toBe(audited);
    // With the store free the same delete goes through, snapshot first.
    await deleteSource(source);
    expect((await database.snapshots.toArray()).map((s) => s.reason)).toEqual(['before deleting source "spam words"']);
    expect(await listSources('d')).toEqual([]);
  });

  it('a snapshot behind a transaction that never ends fails with a specific error in bounded time, and writes nothing later', async () => {
    const database = useDatabase('bounded-start-snapshot');
    await readyWithLf(database);
    const audited = await database.audit.count();
    const holder = await holdSources('bounded-start-snapshot');

    const outcome = await settledWithin(takeSnapshot('d', { by: 'you', reason: 'by hand', startWithinMs: 300 }), 5_000);
    expect(outcome).toMatch(/^Taking a snapshot did not start: the browser's storage did not answer within 0.3 s .*Nothing was saved/);

    await holder.release();
    expect(await database.snapshots.count()).toBe(0);
    expect(await database.audit.count()).toBe(audited);
    const taken = await takeSnapshot('d', { by: 'you', reason: 'by hand' });
    expect(taken.sources.map((s) => s.name)).toEqual(['spam words']);
    expect(await database.snapshots.count()).toBe(1);
  });

  it('a transaction that started in time runs to its end, however long it takes', async () => {
    const database = useDatabase('bounded-start-long');
    const begun = Date.now();
    const value = await startBounded('Working', 'rw', [database.settings], async () => {
      await database.settings.put({ key: 'k', value: 1 });
      // Keeps the transaction busy well past the start deadline (a deadline on the whole run would abort it).
      while (Date.now() - begun < 600) await database.settings.get('k');
      await database.settings.put({ key: 'k', value: 2 });
      return 42;
    }, 100);
    expect(value).toBe(42);
    expect(Date.now() - begun).toBeGreaterThanOrEqual(600);
    expect(await database.settings.get('k')).toMatchObject({ value: 2 });
  });
});

