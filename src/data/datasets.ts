import { db, type Dataset } from './db';

export async function listDatasets(): Promise<Dataset[]> {
  return db().datasets.orderBy('createdAt').reverse().toArray();
}

export async function getDataset(id: string): Promise<Dataset | undefined> {
  return db().datasets.get(id);
}

export async function updateDataset(id: string, changes: Partial<Dataset>): Promise<void> {
  await db().datasets.update(id, { ...changes, updatedAt: Date.now() });
}

/** Removes a dataset and everything stored for it, in one transaction (all or nothing). */
export async function deleteDataset(id: string): Promise<void> {
  const d = db();
  await d.transaction('rw', [d.datasets, d.chunks, d.columns, d.labelEvents, d.audit, d.sources, d.runs, d.snapshots, d.snapshotBlobs, d.gates, d.columnCatalog], async () => {
    await d.sources.where('datasetId').equals(id).delete();
    await d.runs.where('datasetId').equals(id).delete();
    await d.snapshots.where('datasetId').equals(id).delete();
    await d.snapshotBlobs.where('datasetId').equals(id).delete();
    await d.gates.delete(id);
    await d.chunks.where('datasetId').equals(id).delete();
    await d.columns.where('datasetId').equals(id).delete();
    await d.columnCatalog.where('datasetId').equals(id).delete();
    await d.labelEvents.where('datasetId').equals(id).delete();
    await d.audit.where('datasetId').equals(id).delete();
    await d.datasets.delete(id);
  });
}

export async function audit(datasetId: string, action: string, detail: Record<string, unknown> = {}): Promise<void> {
  await db().audit.add({ datasetId, action, detail, at: Date.now() });
}

export function newDatasetId(): string {
  return `ds-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
