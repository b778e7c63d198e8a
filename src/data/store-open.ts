import { SiftError } from '../core/errors';
import { db, whenUpgradedElsewhere } from './db';

/**
 * Opens the page's store, refusing one written by a newer Sift: IndexedDB would not open it anyway, and
 * this says why instead of failing every later read. The store is left exactly as it is.
 * `onUpgradedElsewhere` runs when another tab later opens a newer schema: this tab must reload before it
 * writes again. It is registered first, so it holds even when opening fails.
 */
export async function openStore(onUpgradedElsewhere: () => void): Promise<void> {
  whenUpgradedElsewhere(onUpgradedElsewhere);
  const store = db();
  // Dexie 4 opens a store of a higher version as it is, so check first rather than rely on VersionError.
  const found = await storedVersion(store.name);
  if (found !== null && found > store.verno) throw newerStore(found, store.verno);
  try {
    await store.open();
  } catch (error) {
    if (error instanceof Error && (error.name === 'VersionError' || (error as { inner?: Error }).inner?.name === 'VersionError')) throw newerStore(await storedVersion(store.name), store.verno);
    throw error;
  }
}

function newerStore(found: number | null, supported: number): SiftError {
  return new SiftError(
    'store/newer-version',
    `This browser's Sift data was written by a newer version of Sift (store version ${found ?? 'unknown'}; this version reads up to ${supported}). Nothing was changed: open the newer Sift to keep working, or export your labels there.`,
    { found, supported },
  );
}

/** The Dexie schema version of the store on disk (IndexedDB holds it × 10), without upgrading it. */
async function storedVersion(name: string): Promise<number | null> {
  const all = typeof indexedDB.databases === 'function' ? await indexedDB.databases() : [];
  const version = all.find((d) => d.name === name)?.version;
  return version ? version / 10 : null;
}

