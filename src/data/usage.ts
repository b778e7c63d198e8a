import { db, type ColumnChunk, type ItemChunk } from './db';

/** What a stored byte is for, as Settings groups them. */
export type UsageKind = 'items' | 'labels' | 'votes' | 'probabilities' | 'vectors' | 'snapshots' | 'other';
export const USAGE_KINDS: readonly UsageKind[] = ['items', 'labels', 'votes', 'probabilities', 'vectors', 'snapshots', 'other'];

export interface DatasetUsage {
  datasetId: string;
  name: string;
  bytes: Record<UsageKind, number>;
  total: number;
  /** Embedder vector columns: each can be deleted and recomputed by running the embedder again. */
  vectorColumns: { name: string; bytes: number }[];
  /** Snapshots taken automatically (before bulk labels, rollbacks…), which Settings may delete. */
  autoSnapshots: number;
}

export interface StoreUsage {
  datasets: DatasetUsage[];
  /** Model files in the registry (shared by all datasets). */
  models: number;
  total: number;
}

/**
 * The kind of a stored column, by its name. Probabilities cover everything a run or a calibration
 * produced per item (`probs:`, `calprobs:`, `pred:`), so deleting a run's outputs frees this kind.
 */
export function columnKind(name: string): UsageKind {
  if (name.startsWith('votes:')) return 'votes';
  if (name.startsWith('probs:') || name.startsWith('calprobs:') || name.startsWith('pred:')) return 'probabilities';
  if (name.startsWith('vec:')) return 'vectors';
  return 'other';
}

/**
 * Bytes a value takes as stored. Strings count one byte per UTF-16 unit: Chromium's serializer writes
 * one-byte strings as Latin-1 and others as two bytes per unit, so this is a floor for non-Latin text;
 * Settings says "about". Typed arrays and Blobs count exactly.
 */
export function storedBytes(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (typeof value === 'number') return 8;
  if (typeof value === 'boolean' || value === null || value === undefined) return 1;
  if (ArrayBuffer.isView(value)) return value.byteLength;
  if (value instanceof ArrayBuffer) return value.byteLength;
  if (typeof Blob !== 'undefined' && value instanceof Blob) return value.size;
  if (Array.isArray(value)) {
    let sum = 0;
    for (const entry of value) sum += storedBytes(entry);
    return sum;
  }
  if (typeof value === 'object') {
    let sum = 0;
    for (const [key, entry] of Object.entries(value)) sum += key.length + storedBytes(entry);
    return sum;
  }
  return 0;
}

function itemChunkBytes(chunk: ItemChunk): number {
  // Text and field arrays are the bulk: sum their lengths directly rather than walking every value.
  let sum = storedBytes(chunk.ids) + storedBytes(chunk.text) + chunk.hashes.byteLength;
  for (const values of Object.values(chunk.fields)) sum += storedBytes(values);
  for (const image of chunk.images ?? []) sum += image.byteLength;
  for (const thumb of chunk.thumbs ?? []) sum += thumb?.byteLength ?? 0;
  return sum;
}

const emptyBytes = (): Record<UsageKind, number> => ({ items: 0, labels: 0, votes: 0, probabilities: 0, vectors: 0, snapshots: 0, other: 0 });

/** One dataset's stored bytes by kind, read record by record (never the whole dataset at once). */
export async function measureDataset(datasetId: string, name: string): Promise<DatasetUsage> {
  const d = db();
  const bytes = emptyBytes();
  await d.chunks.where('datasetId').equals(datasetId).each((chunk) => void (bytes.items += itemChunkBytes(chunk)));
  const vectors = new Map<string, number>();
  await d.columns.where('datasetId').equals(datasetId).each((column: ColumnChunk) => {
    const kind = columnKind(column.name);
    bytes[kind] += column.data.byteLength;
    if (kind === 'vectors') vectors.set(column.name, (vectors.get(column.name) ?? 0) + column.data.byteLength);
  });
  await d.labelEvents.where('datasetId').equals(datasetId).each((event) => void (bytes.labels += event.items.byteLength + event.labels.byteLength + event.prev.byteLength + 32));
  await d.snapshotBlobs.where('datasetId').equals(datasetId).each((blob) => void (bytes.snapshots += blob.data.byteLength));
  let autoSnapshots = 0;
  await d.snapshots.where('datasetId').equals(datasetId).each((snapshot) => {
    bytes.snapshots += storedBytes(snapshot);
    if (snapshot.by === 'auto') autoSnapshots++;
  });
  const small = await Promise.all([d.sources, d.runs, d.audit].map((table) => table.where('datasetId').equals(datasetId).toArray()));
  bytes.other += small.reduce((sum, records) => sum + storedBytes(records), 0);
  const total = USAGE_KINDS.reduce((sum, kind) => sum + bytes[kind], 0);
  return { datasetId, name, bytes, total, vectorColumns: [...vectors].map(([column, size]) => ({ name: column, bytes: size })), autoSnapshots };
}

/** Every dataset's usage by kind, and the model registry's. */
export async function measureStore(): Promise<StoreUsage> {
  const d = db();
  const datasets: DatasetUsage[] = [];
  for (const dataset of await d.datasets.orderBy('createdAt').toArray()) datasets.push(await measureDataset(dataset.id, dataset.name));
  let models = 0;
  await d.models.each((model) => void (models += model.files.reduce((sum, file) => sum + file.blob.size, 0) + storedBytes(model.card)));
  return { datasets, models, total: models + datasets.reduce((sum, usage) => sum + usage.total, 0) };
}

/** Deletes an embedder's vectors (the Teachers tab can compute them again). */
export async function deleteVectors(datasetId: string, column: string): Promise<void> {
  if (columnKind(column) !== 'vectors') throw new Error(`${column} is not a vector column`);
  const d = db();
  await d.columns.where('[datasetId+name]').equals([datasetId, column]).delete();
  await d.audit.add({ datasetId, action: 'delete-vectors', detail: { column }, at: Date.now() });
}
