import { SiftError, throwIfAborted } from '../errors';
import { ControlChars, type ControlPolicy, type ControlReport } from './control-chars';
import { CsvParser } from './csv';
import { Utf8ChunkDecoder } from './decode';
import { JsonArrayParser, JsonlParser } from './json';
import { LineEndings } from './line-endings';
import { MAGIC_BYTES, notATable, sniffMagic } from './magic';
import { readParquet } from './parquet';
import { detectFormat, headerOnly, MAX_COLUMNS, tooManyColumns, type TableFormat, type TableParser } from './table';

export const READ_CHUNK_BYTES = 4 * 1024 * 1024;
/** Bytes read to guess a file's format (and, for CSV, its delimiter). */
export const HEAD_BYTES = 64 * 1024;

export interface NamedBlob extends Blob {
  readonly name: string;
}

export interface ReadOptions {
  format?: TableFormat;
  delimiter?: string;
  /** JSON: the field of a top-level object that holds the records. */
  jsonField?: string;
  /** Control characters: strip them, or refuse the file (default). */
  control?: ControlPolicy;
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
  /** Control characters met so far (stripped, under the "strip" policy). */
  control: ControlReport | null;
}

function makeParser(format: Exclude<TableFormat, 'parquet'>, name: string, options: ReadOptions): TableParser {
  if (format === 'csv') return new CsvParser(name, options.delimiter);
  if (format === 'json') return new JsonArrayParser(name, options.jsonField);
  return new JsonlParser(name);
}

/**
 * Format of a file, from its first bytes, then its name and first characters. A file that is not a
 * table at all (an image, an archive, UTF-16 text…) is refused here, named for what it really is.
 */
export async function sniffFormat(file: NamedBlob): Promise<TableFormat> {
  const head = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
  const kind = sniffMagic(head.subarray(0, MAGIC_BYTES));
  if (kind === 'parquet') return 'parquet';
  if (kind !== 'text') throw notATable(file.name, kind);
  return detectFormat(file.name, new TextDecoder().decode(head));
}

/**
 * Streams a file as batches of rows: bytes → UTF-8 (with exact positions of bad bytes) → one kind of
 * line ending → control characters checked → parser. Runs anywhere Blob exists (page, worker, Node), so
 * the same code is unit-tested and used by the app.
 */
export async function* readTable(file: NamedBlob, options: ReadOptions = {}): AsyncGenerator<ReadBatch> {
  if (file.size === 0) throw new SiftError('file-empty', `${file.name} is empty (0 bytes).`, { file: file.name });
  const kind = sniffMagic(new Uint8Array(await file.slice(0, MAGIC_BYTES).arrayBuffer()));
  if (kind === 'parquet') {
    for await (const batch of readParquet(file, { signal: options.signal, maxRows: options.maxRows, control: options.control })) {
      yield { ...batch, control: batch.control.report };
    }
    return;
  }
  if (kind !== 'text') throw notATable(file.name, kind);
  const format = options.format && options.format !== 'parquet' ? options.format : await sniffFormat(file);
  if (format === 'parquet') throw new SiftError('parquet-invalid', `${file.name} is named like a Parquet file but does not start with Parquet's "PAR1" signature; it looks like text.`, { file: file.name });
  const parser = makeParser(format, file.name, options);
  const decoder = new Utf8ChunkDecoder(file.name);
  const endings = new LineEndings();
  const control = new ControlChars(file.name, options.control ?? 'refuse');
  let rowsSeen = 0;
  const limit = options.maxRows ?? Infinity;

  for (let offset = 0; offset < file.size; offset += READ_CHUNK_BYTES) {
    throwIfAborted(options.signal);
    const end = Math.min(file.size, offset + READ_CHUNK_BYTES);
    const bytes = new Uint8Array(await file.slice(offset, end).arrayBuffer());
    const final = end >= file.size;
    const text = control.text(endings.push(decoder.decode(bytes, final), final));
    const batch = parser.push(text);
    const last = final ? parser.finish() : null;
    const rows = last ? batch.rows.concat(last.rows) : batch.rows;
    const lines = last ? batch.lines.concat(last.lines) : batch.lines;
    if (parser.columns && parser.columns.length > MAX_COLUMNS) throw tooManyColumns(file.name, parser.columns.length);
    if (rows.length > 0 || final) {
      if (!parser.columns) throw new SiftError('file-no-columns', `${file.name}: no columns found.`, { file: file.name });
      if (final && rowsSeen + rows.length === 0) throw headerOnly(file.name, parser.columns);
      const take = Math.min(rows.length, limit - rowsSeen);
      yield { columns: parser.columns, rows: rows.slice(0, take), lines: lines.slice(0, take), bytesDone: end, bytesTotal: file.size, control: control.report };
      rowsSeen += take;
      if (rowsSeen >= limit) return;
    }
  }
}
