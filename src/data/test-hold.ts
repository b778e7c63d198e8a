/** For src/data unit tests: another connection (a worker, another tab) that holds stores and never lets go. */

function openRaw(name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/**
 * A read-write transaction over `stores` of database `name` that never ends: it keeps asking for more,
 * as a stuck writer elsewhere would. IndexedDB queues every later transaction over them behind it.
 */
export async function holdStores(name: string, stores: string[]): Promise<{ release: () => Promise<void> }> {
  const other = await openRaw(name);
  const tx = other.transaction(stores, 'readwrite');
  const store = tx.objectStore(stores[0]);
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

/** 'resolved', the error's message, or 'still pending' after `ms`. */
export const settledWithin = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise.then(() => 'resolved', (error: Error) => error.message), new Promise<string>((resolve) => setTimeout(() => resolve('still pending'), ms))]);
