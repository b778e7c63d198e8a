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

export type TableFormat = 'csv' | 'json' | 'jsonl';

/** Guess the format from the file name, then from the first non-blank character. */
export function detectFormat(fileName: string, head: string): TableFormat {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  if (lower.endsWith('.json')) {
    const first = head.trimStart()[0];
    return first === '[' ? 'json' : 'jsonl';
  }
  if (lower.endsWith('.csv') || lower.endsWith('.tsv') || lower.endsWith('.txt')) return 'csv';
  const first = head.trimStart()[0];
  if (first === '[') return 'json';
  if (first === '{') return 'jsonl';
  return 'csv';
}

/** Turns a JSON value into the cell text stored for it. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
