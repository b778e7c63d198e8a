import { parquetMetadataAsync, parquetReadObjects, parquetSchema, type AsyncBuffer, type FileMetaData } from 'hyparquet';
import { SiftError, throwIfAborted } from '../errors';
import { ControlChars, type ControlPolicy } from './control-chars';
import { headerOnly, MAX_COLUMNS, tooManyColumns } from './table';

/** A Blob read on demand: hyparquet fetches the footer, then one row group's column chunks at a time. */
function blobBuffer(file: Blob): AsyncBuffer {
  return { byteLength: file.size, slice: (start, end) => file.slice(start, end).arrayBuffer() };
}

function stringify(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? `<${v.length} bytes>` : v));
}

/** The text stored for one Parquet value: numbers as written, timestamps as ISO 8601, nested values as JSON. */
export function parquetCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  if (value instanceof Uint8Array) return `<${value.length} bytes>`;
  return stringify(value);
}

export interface ParquetBatch {
  columns: string[];
  rows: string[][];
  /** 1-based row number of each row (Parquet has no lines). */
  lines: number[];
  bytesDone: number;
  bytesTotal: number;
}

async function metadataOf(file: Blob & { name: string }, buffer: AsyncBuffer): Promise<FileMetaData> {
  try {
    return await parquetMetadataAsync(buffer);
  } catch (error) {
    throw new SiftError('parquet-invalid', `${file.name} starts like a Parquet file but its footer cannot be read (${error instanceof Error ? error.message : String(error)}); the file is probably cut short or damaged.`, { file: file.name });
  }
}

/**
 * Streams a Parquet file one row group at a time, so memory holds one group, not the file. Every
 * top-level column becomes a string column; nested and binary values are kept as JSON text.
 */
export async function* readParquet(
  file: Blob & { name: string },
  options: { signal?: AbortSignal; maxRows?: number; control?: ControlPolicy } = {},
): AsyncGenerator<ParquetBatch & { control: ControlChars }> {
  const buffer = blobBuffer(file);
  const metadata = await metadataOf(file, buffer);
  const columns = (parquetSchema(metadata).children ?? []).map((c) => c.element.name);
  if (columns.length === 0) throw new SiftError('file-no-columns', `${file.name}: no columns found.`, { file: file.name });
  if (columns.length > MAX_COLUMNS) throw tooManyColumns(file.name, columns.length);
  const total = Number(metadata.num_rows);
  const control = new ControlChars(file.name, options.control ?? 'refuse');
  const limit = options.maxRows ?? Infinity;
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    throwIfAborted(options.signal);
    const count = Math.min(Number(group.num_rows), limit - rowStart);
    if (count <= 0) break;
    let records: Record<string, unknown>[];
    try {
      records = await parquetReadObjects({ file: buffer, metadata, rowStart, rowEnd: rowStart + count });
    } catch (error) {
      throw new SiftError('parquet-unreadable', `${file.name}: rows ${(rowStart + 1).toLocaleString('en-US')}–${(rowStart + count).toLocaleString('en-US')} cannot be read (${error instanceof Error ? error.message : String(error)}).`, { file: file.name, row: rowStart + 1 });
    }
    const rows = records.map((record, r) => columns.map((name) => control.cell(parquetCell(record[name]), rowStart + r + 1, name)));
    const lines = rows.map((_, r) => rowStart + r + 1);
    rowStart += count;
    yield { columns, rows, lines, bytesDone: total > 0 ? Math.round((file.size * rowStart) / total) : file.size, bytesTotal: file.size, control };
  }
  if (rowStart === 0 && limit > 0) throw headerOnly(file.name, columns);
}
