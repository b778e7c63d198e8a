import { SiftError } from '../errors';

/** What every tabular parser (CSV, JSON, JSONL) hands to the import pipeline: named columns, string cells. */
export interface TableBatch {
  /** Rows of cells, one string per column of `columns` (missing cells are ''). */
  rows: string[][];
  /** 1-based physical line on which each row starts, for error messages. */
  lines: number[];
}

export interface TableParser {
  /** Column names, known after the first push that yielded a row (CSV header, JSON keys). */
  readonly columns: string[] | null;
  push(text: string): TableBatch;
  finish(): TableBatch;
}

export type TableFormat = 'csv' | 'json' | 'jsonl' | 'parquet';

/**
 * Text starting with `{` is JSON Lines only when its first line is a whole JSON value and the next
 * record starts on a line of its own; otherwise it is one JSON document (an object, maybe
 * pretty-printed), which must not be read as a one-line table.
 */
function looksLikeJsonLines(head: string): boolean {
  const lines = head.split('\n', 3).map((l) => l.trim());
  const next = head.split('\n').slice(1).find((l) => l.trim() !== '');
  if (lines.length < 2 || next === undefined) return false;
  try {
    JSON.parse(lines[0]);
  } catch {
    return false;
  }
  return next.trimStart().startsWith('{');
}

/** Guess the format from the file name, then from the first non-blank character. */
export function detectFormat(fileName: string, head: string): TableFormat {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  if (lower.endsWith('.parquet')) return 'parquet';
  const first = head.trimStart()[0];
  if (lower.endsWith('.json')) return first === '{' && looksLikeJsonLines(head.trimStart()) ? 'jsonl' : 'json';
  if (lower.endsWith('.csv') || lower.endsWith('.tsv') || lower.endsWith('.txt')) return 'csv';
  if (first === '[') return 'json';
  if (first === '{') return looksLikeJsonLines(head.trimStart()) ? 'jsonl' : 'json';
  return 'csv';
}

/** Turns a JSON value into the cell text stored for it. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * More columns than this is refused. Wide tables (20,000 columns and more: sensor grids, gene panels,
 * one-hot exports) are normal; the bound is set by what every column costs whether or not it holds data.
 * The dataset record names each column three times (fields, kept columns, types) and is read whenever
 * the dataset list is shown: at 100,000 columns of ~20-character names that is ~6 MB per read. Rows stay
 * bounded whatever the width: a record is at most `MAX_RECORD_CHARS`, and stored chunks hold at most
 * `CELLS_PER_CHUNK` cells (see `rowsPerChunk`).
 */
export const MAX_COLUMNS = 100_000;

/**
 * A header row longer than this is refused before it is split: 100,000 names of 40 characters fit, while a
 * file whose "header" is really megabytes of data on one line is stopped in one cheap check instead of
 * being split into millions of column names first.
 */
export const MAX_HEADER_CHARS = 4 * 1024 * 1024;

/** Cells one stored chunk holds at most: ~1M short strings is ~30–40 MB to clone into IndexedDB at once. */
export const CELLS_PER_CHUNK = 1 << 20;

/**
 * Rows per stored chunk for a table of `columns` columns: `preferred` for narrow tables, fewer as the
 * table widens so one chunk's cells stay within `CELLS_PER_CHUNK` (a 20,000-column table gets 52 rows
 * per chunk), and never under 16 so a very wide table does not become one record per row.
 */
export function rowsPerChunk(columns: number, preferred: number): number {
  return Math.max(Math.min(16, preferred), Math.min(preferred, Math.floor(CELLS_PER_CHUNK / Math.max(1, columns))));
}

export function tooManyColumns(fileName: string, count: number): SiftError {
  return new SiftError(
    'too-many-columns',
    `${fileName} has ${count.toLocaleString('en-US')} columns; Sift imports at most ${MAX_COLUMNS.toLocaleString('en-US')}. Keep the columns you need, or check the delimiter, and import it again.`,
    { file: fileName, columns: count },
  );
}

export function headerTooLarge(fileName: string, chars: number): SiftError {
  return new SiftError(
    'header-too-large',
    `${fileName}: the header row is longer than ${(MAX_HEADER_CHARS / (1024 * 1024)).toFixed(0)} MB (${chars.toLocaleString('en-US')} characters read without a line break), far more than ${MAX_COLUMNS.toLocaleString('en-US')} column names need. Is this a CSV file with a header row, and is the file's line ending right?`,
    { file: fileName, chars },
  );
}

export function headerOnly(fileName: string, columns: string[]): SiftError {
  const shown = columns.slice(0, 8).join(', ') + (columns.length > 8 ? ', …' : '');
  return new SiftError('file-header-only', `${fileName} has only a header (${columns.length.toLocaleString('en-US')} column${columns.length === 1 ? '' : 's'}: ${shown}) and no rows: there is nothing to import.`, { file: fileName, columns: columns.length });
}
