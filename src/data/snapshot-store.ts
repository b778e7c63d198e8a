import type { ChunkDtype, ColumnManifest } from '../core/snapshot/types';
import { db, type ColumnChunk, type SnapshotBlob } from './db';

/**
 * The content-addressed chunk store behind snapshots: a chunk is stored once per dataset under the
 * SHA-256 of its bytes (and its element type), however many snapshots name it.
 */

type Typed = ColumnChunk['data'];

const ctors = { u8: Uint8Array, i8: Int8Array, i16: Int16Array, u32: Uint32Array, f32: Float32Array } as const;

export function dtypeOf(data: Typed): ChunkDtype {
  if (data instanceof Int8Array) return 'i8';
  if (data instanceof Int16Array) return 'i16';
  if (data instanceof Uint32Array) return 'u32';
  if (data instanceof Float32Array) return 'f32';
  if (data instanceof Uint8Array) return 'u8';
  throw new Error(`A column chunk of type ${Object.prototype.toString.call(data)} cannot be snapshotted.`);
}

/** A copy of `data` as the typed array `dtype` names (stores hand back what was put, but be strict). */
export function asDtype(data: Typed, dtype: ChunkDtype): Typed {
  return data instanceof ctors[dtype] ? data : new ctors[dtype](new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice().buffer);
}

const hex = (bytes: ArrayBuffer) => Array.from(new Uint8Array(bytes, 0, 16), (b) => b.toString(16).padStart(2, '0')).join('');

/** `dtype:` + the first 128 bits of the SHA-256 of the chunk's bytes. */
export async function chunkHash(data: Typed): Promise<string> {
  const view = new Uint8Array(data.buffer as ArrayBuffer, data.byteOffset, data.byteLength);
  return `${dtypeOf(data)}:${hex(await crypto.subtle.digest('SHA-256', view))}`;
}

export interface HashedColumn {
  manifest: ColumnManifest;
  /** Chunk data by hash, for the chunks the store may not have yet. */
  data: Map<string, Typed>;
  bytes: number;
}

/** Hashes the chunks of one column (records of any order; missing chunks stay ''). */
export async function hashColumn(name: string, records: ColumnChunk[], chunkCount: number, fallback: ChunkDtype): Promise<HashedColumn> {
  const chunks = new Array<string>(chunkCount).fill('');
  const data = new Map<string, Typed>();
  let bytes = 0;
  const hashes = await Promise.all(records.map((r) => chunkHash(r.data)));
  records.forEach((record, i) => {
    if (record.chunk >= chunkCount) return;
    chunks[record.chunk] = hashes[i];
    data.set(hashes[i], record.data);
    bytes += record.data.byteLength;
  });
  return { manifest: { name, dtype: records[0] ? dtypeOf(records[0].data) : fallback, chunks }, data, bytes };
}

/**
 * Puts the chunks the store lacks; call inside a transaction on `snapshotBlobs`. Returns the bytes added.
 */
export async function putMissingBlobs(datasetId: string, data: Map<string, Typed>): Promise<number> {
  const hashes = [...data.keys()];
  // Keys only: reading the stored chunks back just to see that they exist would double the I/O.
  const stored = await db().snapshotBlobs.where('[datasetId+hash]').anyOf(hashes.map((h) => [datasetId, h])).primaryKeys();
  const present = new Set(stored.map((key) => key[1]));
  const missing: SnapshotBlob[] = [];
  for (const hash of hashes) {
    if (present.has(hash)) continue;
    const chunk = data.get(hash)!;
    missing.push({ datasetId, hash, dtype: dtypeOf(chunk), data: chunk });
  }
  if (missing.length) await db().snapshotBlobs.bulkAdd(missing);
  return missing.reduce((sum, b) => sum + b.data.byteLength, 0);
}

/** Reads chunks by hash; a missing one means the store was damaged, which must not pass silently. */
export async function readBlobs(datasetId: string, hashes: readonly string[]): Promise<Map<string, Typed>> {
  const unique = [...new Set(hashes.filter((h) => h !== ''))];
  const blobs = await db().snapshotBlobs.bulkGet(unique.map((h) => [datasetId, h] as [string, string]));
  const out = new Map<string, Typed>();
  blobs.forEach((blob, i) => {
    if (!blob) throw new Error(`Snapshot chunk ${unique[i]} is missing from the store: this snapshot cannot be read.`);
    out.set(unique[i], asDtype(blob.data, blob.dtype));
  });
  return out;
}

/** A whole column (itemCount × width values) assembled from a manifest; unwritten chunks stay `fill`. */
export async function readManifestColumn(datasetId: string, manifest: ColumnManifest, itemCount: number, chunkSize: number, width: number, fill = 0): Promise<Typed> {
  const out = new ctors[manifest.dtype](itemCount * width);
  if (fill !== 0) out.fill(fill);
  const blobs = await readBlobs(datasetId, manifest.chunks);
  manifest.chunks.forEach((hash, c) => {
    if (hash) out.set(blobs.get(hash)! as never, c * chunkSize * width);
  });
  return out;
}
