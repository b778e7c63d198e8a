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
  const chunks = await db().columns.where('[datasetId+name]').equals([dataset.id, name]).toArray();
  for (const chunk of chunks) out.set(chunk.data as never, chunk.chunk * dataset.chunkSize * width);
  return out;
}

/** Writes one chunk of a column. Callers group several writes in one transaction when they must agree. */
export async function writeColumnChunk(datasetId: string, name: string, chunk: number, data: Typed): Promise<void> {
  await db().columns.put({ datasetId, name, chunk, data });
}

export async function deleteColumn(datasetId: string, name: string): Promise<void> {
  await db().columns.where('[datasetId+name]').equals([datasetId, name]).delete();
}
