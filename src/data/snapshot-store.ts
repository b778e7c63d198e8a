import type { ChunkDtype, ColumnManifest } from '../core/snapshot/types';
import { db, type ColumnChunk, type SnapshotBlob } from './db';

/**
 * The content-addressed chunk store behind snapshots: a chunk is stored once per dataset under a hash
 * of its bytes (and its element type), however many snapshots name it.
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

const hex8 = (v: number) => (v >>> 0).toString(16).padStart(8, '0');

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * A 128-bit content hash (four murmur3-style lanes over 32-bit words, each its own seed, then the tail
 * and length). Synchronous and ~1 GB/s: an await per chunk (WebCrypto) made a 1M-item snapshot wait
 * tens of seconds on thread hops. Not meant to resist crafted collisions: the data is the user's own.
 */
export function digest128(bytes: Uint8Array): string {
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  const words = new Uint32Array(aligned.buffer, aligned.byteOffset, aligned.byteLength >>> 2);
  let h1 = 0x9747b28c, h2 = 0x85ebca6b, h3 = 0xc2b2ae35, h4 = 0x27d4eb2f;
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  for (let i = 0; i < words.length; i++) {
    let k = Math.imul(words[i], c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    switch (i & 3) {
      case 0: h1 ^= k; h1 = Math.imul((h1 << 13) | (h1 >>> 19), 5) + 0xe6546b64; break;
      case 1: h2 ^= k; h2 = Math.imul((h2 << 13) | (h2 >>> 19), 5) + 0x561ccd1b; break;
      case 2: h3 ^= k; h3 = Math.imul((h3 << 13) | (h3 >>> 19), 5) + 0x0bcaa747; break;
      default: h4 ^= k; h4 = Math.imul((h4 << 13) | (h4 >>> 19), 5) + 0x32ac3b17;
    }
  }
  for (let i = words.length * 4; i < aligned.length; i++) h1 = Math.imul(h1 ^ aligned[i], 0x01000193);
  const n = bytes.length;
  h1 ^= n; h2 ^= n; h3 ^= n; h4 ^= n;
  h1 = (h1 + h2 + h3 + h4) | 0; h2 = (h2 + h1) | 0; h3 = (h3 + h1) | 0; h4 = (h4 + h1) | 0;
  h1 = fmix(h1); h2 = fmix(h2); h3 = fmix(h3); h4 = fmix(h4);
  h1 = (h1 + h2 + h3 + h4) | 0; h2 = (h2 + h1) | 0; h3 = (h3 + h1) | 0; h4 = (h4 + h1) | 0;
  return hex8(h1) + hex8(h2) + hex8(h3) + hex8(h4);
}

/** `dtype:` + a 128-bit hash of the chunk's bytes. */
export function chunkHash(data: Typed): string {
  return `${dtypeOf(data)}:${digest128(new Uint8Array(data.buffer as ArrayBuffer, data.byteOffset, data.byteLength))}`;
}

export interface HashedColumn {
  manifest: ColumnManifest;
  /** Chunk data by hash, for the chunks the store may not have yet. */
  data: Map<string, Typed>;
  bytes: number;
}

/** Hashes the chunks of one column (records of any order; missing chunks stay ''). */
export async function hashColumn(name: string, records: ColumnChunk[], chunkCount: number, fallback: ChunkDtype, revision?: number): Promise<HashedColumn> {
  const chunks = new Array<string>(chunkCount).fill('');
  const data = new Map<string, Typed>();
  let bytes = 0;
  const hashes = records.map((r) => chunkHash(r.data));
  records.forEach((record, i) => {
    if (record.chunk >= chunkCount) return;
    chunks[record.chunk] = hashes[i];
    data.set(hashes[i], record.data);
    bytes += record.data.byteLength;
  });
  return { manifest: { name, dtype: records[0] ? dtypeOf(records[0].data) : fallback, chunks, bytes, ...(revision === undefined ? {} : { revision }) }, data, bytes };
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
