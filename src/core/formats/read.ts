import { SiftError, throwIfAborted } from '../errors';
import { CsvParser } from './csv';
import { Utf8ChunkDecoder } from './decode';
import { JsonArrayParser, JsonlParser } from './json';
import { detectFormat, type TableFormat, type TableParser } from './table';

export const READ_CHUNK_BYTES = 4 * 1024 * 1024;

export interface NamedBlob extends Blob {
  readonly name: string;
}

export interface ReadOptions {
  format?: TableFormat;
  delimiter?: string;
  signal?: AbortSignal;
  /** Stop after this many rows (previews). */
  maxRows?: number;
}

export interface ReadBatch {
  columns: string[];
  rows: string[][];
  lines: number[];
  bytesDone: number;
  bytesTotal: number;
}

function makeParser(format: TableFormat, name: string, delimiter?: string): TableParser {
  if (format === 'csv') return new CsvParser(name, delimiter);
  if (format === 'json') return new JsonArrayParser(name);
  return new JsonlParser(name);
}

/** Format of a file, read from its name and first bytes. */
export async function sniffFormat(file: NamedBlob): Promise<TableFormat> {
  const head = new TextDecoder().decode(await file.slice(0, 4096).arrayBuffer());
  return detectFormat(file.name, head);
}

/**
 * Streams a file as batches of rows: bytes → UTF-8 (with exact positions of bad bytes) → parser. Runs
 * anywhere Blob exists (page, worker, Node), so the same code is unit-tested and used by the app.
 */
export async function* readTable(file: NamedBlob, options: ReadOptions = {}): AsyncGenerator<ReadBatch> {
  if (file.size === 0) throw new SiftError('file-empty', `${file.name} is empty (0 bytes).`, { file: file.name });
  const format = options.format ?? (await sniffFormat(file));
  const parser = makeParser(format, file.name, options.delimiter);
  const decoder = new Utf8ChunkDecoder(file.name);
  let rowsSeen = 0;
  const limit = options.maxRows ?? Infinity;

  for (let offset = 0; offset < file.size; offset += READ_CHUNK_BYTES) {
    throwIfAborted(options.signal);
    const end = Math.min(file.size, offset + READ_CHUNK_BYTES);
    const bytes = new Uint8Array(await file.slice(offset, end).arrayBuffer());
    const final = end >= file.size;
    const text = decoder.decode(bytes, final);
    const batch = parser.push(text);
    const last = final ? parser.finish() : null;
    const rows = last ? batch.rows.concat(last.rows) : batch.rows;
    const lines = last ? batch.lines.concat(last.lines) : batch.lines;
    if (rows.length > 0 || final) {
      if (!parser.columns) throw new SiftError('file-no-columns', `${file.name}: no columns found.`, { file: file.name });
      const take = Math.min(rows.length, limit - rowsSeen);
      yield { columns: parser.columns, rows: rows.slice(0, take), lines: lines.slice(0, take), bytesDone: end, bytesTotal: file.size };
      rowsSeen += take;
      if (rowsSeen >= limit) return;
    }
  }
}
