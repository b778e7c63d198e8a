import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { db, useDatabase } from './db';
import { openStore } from './store-open';

function rawOpen(name: string, version?: number, upgrade?: (db: IDBDatabase) => void): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name, version);
    request.onupgradeneeded = () => upgrade?.(request.result);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

describe('openStore', () => {
  // First in the file: it needs the page's own connection (db() before any useDatabase), which watches for newer schemas.
  it('opens the store at this version, and calls back when another tab opens a newer schema', async () => {
    let calls = 0;
    await openStore(() => calls++);
    const store = db();
    expect(store.isOpen()).toBe(true);
    expect(calls).toBe(0);
    const newer = await rawOpen(store.name, store.verno * 10 + 10);
    expect(calls).toBe(1);
    expect(store.isOpen()).toBe(false);
    newer.close();
  });

  it('refuses a store written by a newer Sift, says which versions, and leaves it as it was', async () => {
    const name = 'store-open-newer';
    const future = await rawOpen(name, 990, (raw) => raw.createObjectStore('future'));
    future.close();
    useDatabase(name);
    const refusal = openStore(() => undefined);
    await expect(refusal).rejects.toMatchObject({ code: 'store/newer-version', details: { found: 99, supported: db().verno } });
    await expect(refusal).rejects.toThrow(/store version 99; this version reads up to \d+\)\. Nothing was changed/);
    expect((await indexedDB.databases()).find((d) => d.name === name)?.version).toBe(990);
    const after = await rawOpen(name);
    expect(after.version).toBe(990);
    expect(Array.from(after.objectStoreNames)).toEqual(['future']);
    after.close();
  });
});
