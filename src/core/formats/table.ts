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
 * More columns than this is refused: such files are matrices or mis-split text, and a mapping step with
 * tens of thousands of columns cannot be used.
 */
export const MAX_COLUMNS = 2000;

export function tooManyColumns(fileName: string, count: number): SiftError {
  return new SiftError(
    'too-many-columns',
    `${fileName} has ${count.toLocaleString('en-US')} columns; Sift imports at most ${MAX_COLUMNS.toLocaleString('en-US')} (a text column plus fields). Keep the columns you need, or check the delimiter, and import it again.`,
    { file: fileName, columns: count },
  );
}

export function headerOnly(fileName: string, columns: string[]): SiftError {
  const shown = columns.slice(0, 8).join(', ') + (columns.length > 8 ? ', …' : '');
  return new SiftError('file-header-only', `${fileName} has only a header (${columns.length.toLocaleString('en-US')} column${columns.length === 1 ? '' : 's'}: ${shown}) and no rows: there is nothing to import.`, { file: fileName, columns: columns.length });
}
