import { liveQuery } from 'dexie';
import { db, type AuditEntry } from './db';

/** The newest `limit` audit entries of a dataset, newest first. */
export async function readAudit(datasetId: string, limit = 200): Promise<AuditEntry[]> {
  const entries = await db().audit.where('datasetId').equals(datasetId).reverse().limit(limit).toArray();
  // seq is the insertion order across tabs and workers; `at` alone ties within a millisecond.
  return entries.sort((a, b) => (b.seq ?? 0) - (a.seq ?? 0));
}

/**
 * Calls `onChange` with the newest audit entries now and whenever any tab or worker adds one, until the
 * returned function is called.
 */
export function watchAudit(datasetId: string, limit: number, onChange: (entries: AuditEntry[]) => void, onError: (error: unknown) => void): () => void {
  const subscription = liveQuery(() => readAudit(datasetId, limit)).subscribe({ next: onChange, error: onError });
  return () => subscription.unsubscribe();
}
