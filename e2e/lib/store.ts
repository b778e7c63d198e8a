import type { Page } from '@playwright/test';

/** The open dataset's id, from the page's address (#/d/<id>/…). */
export async function currentDatasetId(page: Page): Promise<string> {
  const hash = await page.evaluate(() => location.hash);
  const match = /^#\/d\/([^/]+)/.exec(hash);
  if (!match) throw new Error(`No dataset open (hash ${hash})`);
  return decodeURIComponent(match[1]);
}

/**
 * One request on one object store of the app's IndexedDB, made straight from the page (no app code):
 * its result, typed arrays as plain arrays and Blobs as their size so they survive the trip to Node.
 */
export async function withStore<T>(page: Page, store: string, request: 'count' | 'getAll'): Promise<T> {
  return page.evaluate(
    ([name, method]) =>
      new Promise<T>((resolve, reject) => {
        const open = indexedDB.open('sift');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const asked = db.transaction(name, 'readonly').objectStore(name)[method]();
          asked.onsuccess = () => {
            db.close();
            const plain = (value: unknown): unknown =>
              ArrayBuffer.isView(value) ? Array.from(value as unknown as ArrayLike<number>) : value instanceof Blob ? { blobSize: value.size } : Array.isArray(value) ? value.map(plain) : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)])) : value;
            resolve(plain(asked.result) as T);
          };
          asked.onerror = () => reject(asked.error);
        };
      }),
    [store, request] as const,
  );
}

/** Reads records of one object store of the app's IndexedDB straight from the page (no app code). */
export const readStore = <T = Record<string, unknown>>(page: Page, store: string) => withStore<T[]>(page, store, 'getAll');

/** A whole column (all chunks, in order) of a dataset as one array; reads that column's records only (a store with vectors is large). */
export async function readColumnValues(page: Page, datasetId: string, name: string): Promise<number[]> {
  return page.evaluate(
    ([id, column]) =>
      new Promise<number[]>((resolve, reject) => {
        const open = indexedDB.open('sift');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const request = db.transaction('columns', 'readonly').objectStore('columns').index('[datasetId+name]').getAll(IDBKeyRange.only([id, column]));
          request.onsuccess = () => {
            db.close();
            const chunks = (request.result as { chunk: number; data: ArrayLike<number> }[]).sort((a, b) => a.chunk - b.chunk);
            resolve(chunks.flatMap((c) => Array.from(c.data)));
          };
          request.onerror = () => reject(request.error);
        };
      }),
    [datasetId, name] as const,
  );
}

/**
 * Another connection holds `stores` in a read-write transaction that does not end, as a stuck writer
 * in a worker or another tab would: every later transaction over them waits in IndexedDB's queue
 * until releaseStores.
 */
export function holdStores(page: Page, stores: string[]): Promise<void> {
  return page.evaluate(
    (names) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('sift');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(names, 'readwrite');
          const store = tx.objectStore(names[0]);
          const w = window as unknown as { holdStores: boolean; heldDone: Promise<void> };
          w.holdStores = true;
          w.heldDone = new Promise((done) => (tx.oncomplete = () => (open.result.close(), done())));
          const spin = () => {
            store.count().onsuccess = () => w.holdStores && spin();
          };
          spin();
          resolve();
        };
      }),
    stores,
  );
}

/** Lets the transaction of holdStores end; resolves once it has. */
export function releaseStores(page: Page): Promise<void> {
  return page.evaluate(() => {
    const w = window as unknown as { holdStores: boolean; heldDone: Promise<void> };
    w.holdStores = false;
    return w.heldDone;
  });
}
