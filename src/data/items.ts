import { db, type Dataset, type ItemChunk } from './db';

/** One item as the UI shows it. */
export interface ItemRow {
  index: number;
  id: string;
  text: string;
  fields: Record<string, string>;
  image?: Blob;
  thumb?: Blob;
}

const CACHE_CHUNKS = 12;
const cache = new Map<string, Promise<ItemChunk | undefined>>();

/** Chunks are immutable once imported, so a small LRU keeps scrolling from re-reading IndexedDB. */
export function readChunk(datasetId: string, index: number): Promise<ItemChunk | undefined> {
  const key = `${datasetId}:${index}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const read = db().chunks.get([datasetId, index]);
  cache.set(key, read);
  if (cache.size > CACHE_CHUNKS) cache.delete(cache.keys().next().value as string);
  return read;
}

export function forgetChunks(datasetId: string): void {
  for (const key of [...cache.keys()]) if (key.startsWith(`${datasetId}:`)) cache.delete(key);
}

function rowFrom(chunk: ItemChunk, offset: number): ItemRow {
  const fields: Record<string, string> = {};
  for (const [name, values] of Object.entries(chunk.fields)) fields[name] = values[offset];
  const bytes = chunk.images?.[offset];
  const type = `image/${chunk.fields.type?.[offset] ?? 'png'}`;
  const image = bytes ? new Blob([bytes as BlobPart], { type }) : undefined;
  const thumbBytes = chunk.thumbs?.[offset];
  const thumb = thumbBytes ? new Blob([thumbBytes as BlobPart], { type: 'image/png' }) : image;
  return { index: chunk.start + offset, id: chunk.ids[offset], text: chunk.text[offset], fields, image, thumb };
}

export async function readItem(datasetId: string, chunkSize: number, index: number): Promise<ItemRow | undefined> {
  const chunk = await readChunk(datasetId, Math.floor(index / chunkSize));
  return chunk ? rowFrom(chunk, index - chunk.start) : undefined;
}

/** Reads items by dataset-wide index, touching each chunk once. */
export async function readItems(datasetId: string, chunkSize: number, indices: ArrayLike<number>): Promise<ItemRow[]> {
  const out: ItemRow[] = [];
  for (let i = 0; i < indices.length; i++) {
    const index = indices[i];
    const chunk = await readChunk(datasetId, Math.floor(index / chunkSize));
    if (chunk) out.push(rowFrom(chunk, index - chunk.start));
  }
  return out;
}

/** Which of `ids` the dataset holds: one pass over the chunks, stopping once all are found. */
export async function findItemIds(dataset: Pick<Dataset, 'id' | 'chunkCount'>, ids: ReadonlySet<string>): Promise<Set<string>> {
  const found = new Set<string>();
  for (let c = 0; c < dataset.chunkCount && found.size < ids.size; c++) {
    const chunk = await readChunk(dataset.id, c);
    chunk?.ids.forEach((id) => ids.has(id) && found.add(id));
  }
  return found;
}

/** One chunk of a dataset's items (ids, text, fields), or undefined when it is missing. */
export async function readItemChunk(datasetId: string, index: number): Promise<ItemChunk | undefined> {
  return db().chunks.get([datasetId, index]);
}

/**
 * Visits every stored chunk of a dataset's items in chunk order, one at a time, so a whole-dataset
 * scan never holds more than one chunk of the store's records at once.
 */
export async function eachItemChunk(datasetId: string, visit: (chunk: ItemChunk) => void): Promise<void> {
  await db().chunks.where('datasetId').equals(datasetId).each(visit);
}
