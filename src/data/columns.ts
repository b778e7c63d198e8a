import type { Dataset } from './db';
import { db, type ColumnChunk } from './db';

type Typed = ColumnChunk['data'];
type TypedCtor<T extends Typed> = { new (length: number): T };

/**
 * Reads a per-item column (e.g. `votes:<source>`, `probs:<source>`) into one array of
 * itemCount × width values. Chunks that were never written stay at `fill`.
 */
export async function readColumn<T extends Typed>(dataset: Dataset, name: string, ctor: TypedCtor<T>, width = 1, fill = 0): Promise<T> {
  const out = new ctor(dataset.itemCount * width);
  if (fill !== 0) out.fill(fill as never);
  for (const chunk of await readColumnChunks(dataset.id, name)) out.set(chunk.data as never, chunk.chunk * dataset.chunkSize * width);
  return out;
}

/** Every stored chunk of a column, for callers that work chunk by chunk; chunks never written are absent. */
export async function readColumnChunks(datasetId: string, name: string): Promise<ColumnChunk[]> {
  return db().columns.where('[datasetId+name]').equals([datasetId, name]).toArray();
}

/** One stored chunk of a column, or undefined when that chunk was never written. */
export async function readColumnChunk(datasetId: string, name: string, chunk: number): Promise<ColumnChunk | undefined> {
  return db().columns.get([datasetId, name, chunk]);
}

/** Whether any chunk of the column is stored. */
export async function hasColumn(datasetId: string, name: string): Promise<boolean> {
  return (await db().columns.where('[datasetId+name]').equals([datasetId, name]).count()) > 0;
}

/** Writes one chunk of a column. Callers group several writes in one transaction when they must agree. */
export async function writeColumnChunk(datasetId: string, name: string, chunk: number, data: Typed): Promise<void> {
  await db().columns.put({ datasetId, name, chunk, data });
}

export async function deleteColumn(datasetId: string, name: string): Promise<void> {
  await db().columns.where('[datasetId+name]').equals([datasetId, name]).delete();
}

/** Current revision of each named column (0: never written since the catalog exists). */
export async function columnRevisions(datasetId: string, names: readonly string[]): Promise<number[]> {
  const entries = await db().columnCatalog.bulkGet(names.map((name) => [datasetId, name] as [string, string]));
  return entries.map((entry) => entry?.revision ?? 0);
}

/** A cache key that changes whenever any of the columns is written: `name@revision,…`. */
export async function revisionKey(datasetId: string, names: readonly string[]): Promise<string> {
  const revisions = await columnRevisions(datasetId, names);
  return names.map((name, i) => `${name}@${revisions[i]}`).join(',');
}

/**
 * Records what a column holds and which run wrote it. Call inside the writer's transaction; the
 * revision itself is bumped by the catalog middleware on the write, never here.
 */
export async function describeColumn(datasetId: string, name: string, description: { width: number; producer?: string }): Promise<void> {
  const d = db();
  await d.transaction('rw', [d.columnCatalog], async () => {
    const entry = await d.columnCatalog.get([datasetId, name]);
    await d.columnCatalog.put({ ...entry, datasetId, name, revision: entry?.revision ?? 0, updatedAt: entry?.updatedAt ?? Date.now(), ...description });
  });
}
