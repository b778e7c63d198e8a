import { Inflate } from 'fflate';
import { SiftError, throwIfAborted } from '../errors';

/**
 * Limits that keep a hostile archive from filling memory or disk: the declared sizes are checked
 * before anything is inflated, and the real output is counted while inflating (headers can lie).
 */
export interface ZipLimits {
  maxEntries: number;
  /** Total uncompressed bytes of the entries kept. */
  maxTotalBytes: number;
  /** Uncompressed/compressed ratio above which an entry (over `ratioFloorBytes`) is called a bomb. */
  maxRatio: number;
  ratioFloorBytes: number;
}

export const ZIP_LIMITS: ZipLimits = {
  maxEntries: 100_000,
  maxTotalBytes: 1024 * 1024 * 1024,
  maxRatio: 200,
  ratioFloorBytes: 1024 * 1024,
};

export interface ZipEntry {
  /** Path inside the archive, with `/` separators. */
  path: string;
  method: number;
  encrypted: boolean;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toLocaleString('en-US', { maximumFractionDigits: 1 })} MB`;

function zipError(code: string, zipName: string, message: string, details: Record<string, unknown> = {}): SiftError {
  return new SiftError(code, `${zipName}: ${message}`, { file: zipName, ...details });
}

/** Names that would escape a folder if extracted: `..` segments, absolute paths, drive letters. */
export function unsafeEntryName(path: string): boolean {
  if (path.includes('\0')) return true;
  const normal = path.replace(/\\/g, '/');
  if (normal.startsWith('/') || /^[a-zA-Z]:/.test(normal)) return true;
  return normal.split('/').some((segment) => segment === '..');
}

/** Entries that are archive furniture, not content: folders, macOS resource forks, hidden files. */
function ignorable(path: string): boolean {
  const base = path.replace(/^.*\//, '');
  return path.endsWith('/') || path.startsWith('__MACOSX/') || base.startsWith('.') || base === 'Thumbs.db' || base === '';
}

async function bytesAt(file: Blob, start: number, end: number): Promise<DataView> {
  return new DataView(await file.slice(start, end).arrayBuffer());
}

/** Reads the central directory (ZIP64 aware): names and sizes of every entry, without inflating. */
export async function listZip(file: Blob & { name: string }, limits: ZipLimits = ZIP_LIMITS): Promise<ZipEntry[]> {
  const tailStart = Math.max(0, file.size - (22 + 65535));
  const tail = await bytesAt(file, tailStart, file.size);
  let eocd = -1;
  for (let i = tail.byteLength - 22; i >= 0; i--) {
    if (tail.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw zipError('zip-invalid', file.name, 'this ZIP archive has no central directory (it is cut short or damaged).');
  let count = tail.getUint16(eocd + 10, true);
  let cdSize = tail.getUint32(eocd + 12, true);
  let cdOffset = tail.getUint32(eocd + 16, true);
  if ((count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) && eocd >= 20 && tail.getUint32(eocd - 20, true) === 0x07064b50) {
    const at = Number(tail.getBigUint64(eocd - 20 + 8, true));
    const z64 = await bytesAt(file, at, at + 56);
    if (z64.getUint32(0, true) !== 0x06064b50) throw zipError('zip-invalid', file.name, 'its ZIP64 directory record is damaged.');
    count = Number(z64.getBigUint64(32, true));
    cdSize = Number(z64.getBigUint64(40, true));
    cdOffset = Number(z64.getBigUint64(48, true));
  }
  if (count > limits.maxEntries) {
    throw zipError('zip-too-many-entries', file.name, `the archive holds ${count.toLocaleString('en-US')} entries; at most ${limits.maxEntries.toLocaleString('en-US')} are accepted.`, { entries: count });
  }
  if (cdOffset + cdSize > file.size) throw zipError('zip-invalid', file.name, 'its central directory points past the end of the file (it is cut short or damaged).');
  const cd = await bytesAt(file, cdOffset, cdOffset + cdSize);
  const decoder = new TextDecoder();
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > cd.byteLength || cd.getUint32(p, true) !== 0x02014b50) throw zipError('zip-invalid', file.name, `entry ${n + 1} of its central directory is damaged.`);
    const flags = cd.getUint16(p + 8, true);
    const method = cd.getUint16(p + 10, true);
    let compressedSize = cd.getUint32(p + 20, true);
    let size = cd.getUint32(p + 24, true);
    const nameLength = cd.getUint16(p + 28, true);
    const extraLength = cd.getUint16(p + 30, true);
    const commentLength = cd.getUint16(p + 32, true);
    let localOffset = cd.getUint32(p + 42, true);
    const path = decoder.decode(new Uint8Array(cd.buffer, cd.byteOffset + p + 46, nameLength));
    // ZIP64 extra field: the 64-bit values, in this order, for each 32-bit field that overflowed.
    for (let e = p + 46 + nameLength; e + 4 <= p + 46 + nameLength + extraLength; ) {
      const id = cd.getUint16(e, true);
      const length = cd.getUint16(e + 2, true);
      if (id === 0x0001) {
        let q = e + 4;
        if (size === 0xffffffff) (size = Number(cd.getBigUint64(q, true))), (q += 8);
        if (compressedSize === 0xffffffff) (compressedSize = Number(cd.getBigUint64(q, true))), (q += 8);
        if (localOffset === 0xffffffff) localOffset = Number(cd.getBigUint64(q, true));
      }
      e += 4 + length;
    }
    entries.push({ path, method, encrypted: (flags & 1) === 1, compressedSize, size, localOffset });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Refuses an archive whose declared contents break a rule, before any byte is inflated. */
function checkDeclared(zipName: string, entries: ZipEntry[], limits: ZipLimits): void {
  let total = 0;
  for (const entry of entries) {
    if (unsafeEntryName(entry.path)) {
      throw zipError('zip-unsafe-name', zipName, `the entry "${entry.path}" points outside the archive (a ".." segment or an absolute path); such archives are refused.`, { entry: entry.path });
    }
    if (ignorable(entry.path)) continue;
    if (entry.encrypted) throw zipError('zip-encrypted', zipName, `the entry "${entry.path}" is encrypted; extract it with its password first.`, { entry: entry.path });
    if (entry.method !== 0 && entry.method !== 8) {
      throw zipError('zip-method', zipName, `the entry "${entry.path}" uses compression method ${entry.method}; only stored and deflated entries can be read.`, { entry: entry.path });
    }
    checkRatio(zipName, entry, entry.size, limits);
    total += entry.size;
    if (total > limits.maxTotalBytes) {
      throw zipError('zip-too-large', zipName, `its entries unpack to more than ${mb(limits.maxTotalBytes)}; at most ${mb(limits.maxTotalBytes)} are accepted.`, { bytes: total });
    }
  }
}

function checkRatio(zipName: string, entry: ZipEntry, size: number, limits: ZipLimits): void {
  if (size <= limits.ratioFloorBytes) return;
  const ratio = size / Math.max(1, entry.compressedSize);
  if (ratio > limits.maxRatio) {
    throw zipError(
      'zip-bomb',
      zipName,
      `the entry "${entry.path}" unpacks from ${entry.compressedSize.toLocaleString('en-US')} bytes to ${mb(size)} (${Math.round(ratio).toLocaleString('en-US')}:1, more than ${limits.maxRatio}:1); this looks like a zip bomb and is refused.`,
      { entry: entry.path, ratio },
    );
  }
}

/** Compressed bytes per step: deflate expands at most ~1,032:1, so one step yields at most ~16 MB. */
const INFLATE_STEP = 16 * 1024;

/** One entry's bytes: stored entries are a slice of the archive; deflated ones inflate step by step. */
async function extract(file: Blob & { name: string }, entry: ZipEntry, budget: number, limits: ZipLimits, signal?: AbortSignal): Promise<Blob> {
  const local = await bytesAt(file, entry.localOffset, entry.localOffset + 30);
  if (local.byteLength < 30 || local.getUint32(0, true) !== 0x04034b50) throw zipError('zip-invalid', file.name, `the entry "${entry.path}" is damaged (no local header).`);
  const start = entry.localOffset + 30 + local.getUint16(26, true) + local.getUint16(28, true);
  const end = start + entry.compressedSize;
  if (end > file.size) throw zipError('zip-invalid', file.name, `the entry "${entry.path}" runs past the end of the archive.`);
  if (entry.method === 0) return file.slice(start, end);

  const parts: Uint8Array[] = [];
  let produced = 0;
  let overflow = false;
  const inflate = new Inflate((chunk) => {
    produced += chunk.length;
    if (produced > entry.size || produced > budget) overflow = true;
    else parts.push(chunk);
  });
  try {
    for (let at = start; at < end; at += INFLATE_STEP) {
      throwIfAborted(signal);
      const stop = Math.min(end, at + INFLATE_STEP);
      inflate.push(new Uint8Array(await file.slice(at, stop).arrayBuffer()), stop === end);
      if (overflow) break;
    }
  } catch (error) {
    if (error instanceof SiftError || (error instanceof Error && error.name === 'AbortError')) throw error;
    throw zipError('zip-invalid', file.name, `the entry "${entry.path}" cannot be inflated (${error instanceof Error ? error.message : String(error)}).`, { entry: entry.path });
  }
  if (overflow) {
    const beyond = produced > budget ? ` and past the ${mb(limits.maxTotalBytes)} limit` : '';
    throw zipError('zip-size-lie', file.name, `the entry "${entry.path}" unpacks to more than the ${entry.size.toLocaleString('en-US')} bytes its header declares (at least ${produced.toLocaleString('en-US')} bytes from ${entry.compressedSize.toLocaleString('en-US')}${beyond}); an archive that lies about its sizes is refused.`, { entry: entry.path });
  }
  if (produced !== entry.size) throw zipError('zip-invalid', file.name, `the entry "${entry.path}" unpacks to ${produced.toLocaleString('en-US')} bytes, not the ${entry.size.toLocaleString('en-US')} its header declares.`);
  return new Blob(parts as BlobPart[]);
}

export interface Unzipped {
  /** Entries kept, as files named by their path inside the archive. */
  files: File[];
  /** Entries left out by `keep` (their paths). */
  skipped: string[];
}

/**
 * Extracts the entries `keep` accepts, after checking the whole directory against the limits (entry
 * count, total size, compression ratio, unsafe names). Entries are inflated one at a time in small
 * steps, so memory holds the output, never the archive.
 */
export async function unzipFile(
  file: Blob & { name: string },
  keep: (path: string) => boolean,
  options: { signal?: AbortSignal; limits?: ZipLimits } = {},
): Promise<Unzipped> {
  const limits = options.limits ?? ZIP_LIMITS;
  const entries = await listZip(file, limits);
  checkDeclared(file.name, entries, limits);
  const files: File[] = [];
  const skipped: string[] = [];
  let used = 0;
  for (const entry of entries) {
    if (ignorable(entry.path)) continue;
    if (!keep(entry.path)) {
      skipped.push(entry.path);
      continue;
    }
    const blob = await extract(file, entry, limits.maxTotalBytes - used, limits, options.signal);
    used += blob.size;
    files.push(new File([blob], entry.path, { lastModified: (file as File).lastModified ?? 0 }));
  }
  return { files, skipped };
}
