import { db } from './db';

export interface PruneResult {
  deleted: number;
  /** Content-addressed chunks no remaining snapshot referenced, now gone. */
  blobsFreed: number;
  bytesFreed: number;
}

/**
 * Deletes a dataset's automatic snapshots (before bulk labels, rollbacks, re-drawn splits), keeping every
 * snapshot the user took and the one the canary gate last accepted, then deletes the stored chunks that
 * only the deleted snapshots referenced. One transaction: a snapshot that stays never loses a chunk.
 */
export async function pruneAutoSnapshots(datasetId: string): Promise<PruneResult> {
  const d = db();
  return d.transaction('rw', [d.snapshots, d.snapshotBlobs, d.gates, d.audit], async () => {
    const gate = await d.gates.get(datasetId);
    const all = await d.snapshots.where('datasetId').equals(datasetId).toArray();
    const doomed = all.filter((s) => s.by === 'auto' && s.id !== gate?.accepted?.snapshotId);
    if (doomed.length === 0) return { deleted: 0, blobsFreed: 0, bytesFreed: 0 };
    const kept = new Set<string>();
    for (const snapshot of all) if (!doomed.includes(snapshot)) for (const column of snapshot.columns) for (const hash of column.chunks) if (hash) kept.add(hash);
    const orphans = new Set<string>();
    for (const snapshot of doomed) for (const column of snapshot.columns) for (const hash of column.chunks) if (hash && !kept.has(hash)) orphans.add(hash);
    const keys = [...orphans].map((hash) => [datasetId, hash] as [string, string]);
    let bytesFreed = 0;
    for (const blob of await d.snapshotBlobs.bulkGet(keys)) bytesFreed += blob?.data.byteLength ?? 0;
    await d.snapshotBlobs.bulkDelete(keys);
    await d.snapshots.bulkDelete(doomed.map((s) => s.id));
    await d.audit.add({ datasetId, action: 'prune-snapshots', detail: { deleted: doomed.map((s) => s.id), blobsFreed: keys.length, bytesFreed }, at: Date.now() });
    return { deleted: doomed.length, blobsFreed: keys.length, bytesFreed };
  });
}
