import { liveQuery } from 'dexie';

/**
 * Runs `query` now and again whenever a table or key range it read changes, in this tab, a worker or
 * another tab (Dexie's liveQuery). Views subscribe through this instead of polling or refresh calls.
 * Returns the unsubscribe function.
 */
export function watch<T>(query: () => Promise<T>, onValue: (value: T) => void, onError: (error: unknown) => void = (error) => console.error(error)): () => void {
  const subscription = liveQuery(query).subscribe({ next: onValue, error: onError });
  return () => subscription.unsubscribe();
}
