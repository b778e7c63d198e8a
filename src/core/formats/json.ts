import { SiftError } from '../errors';
import { locateJsonError } from './json-locate';
import { isLabelStudio, labelStudioRecords } from './label-studio';
import { cellText, MAX_COLUMNS, tooManyColumns, type TableBatch, type TableParser } from './table';

/** Line and column of a character offset, for "line 12, column 5" messages. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

function found(text: string, offset: number): string {
  const c = text[offset];
  if (c === undefined) return 'the end of the text';
  if (c === '\n' || c === '\r') return 'a line break';
  return JSON.stringify(text.slice(offset, offset + 12));
}

/** "expected X, found Y" for text that JSON.parse rejected. */
function explain(text: string): { offset: number; message: string } {
  const located = locateJsonError(text);
  if (!located) return { offset: 0, message: 'it is not valid JSON' };
  return { offset: located.offset, message: `expected ${located.expected}, found ${found(text, located.offset)}` };
}

/** Column names of a batch of objects: keys in first-seen order. */
function collectKeys(records: Record<string, unknown>[], into: string[], seen: Set<string>): void {
  for (const record of records) {
    for (const key of Object.keys(record)) {
      if (!seen.has(key)) {
        seen.add(key);
        into.push(key);
      }
    }
  }
}

/** Name of the column holding keys that appear only after the columns were fixed (so nothing is lost). */
export const EXTRA_COLUMN = '_extra';

/** Shared by JSON and JSONL: objects become rows over columns fixed by the first batch. */
abstract class ObjectTable implements TableParser {
  columns: string[] | null = null;
  protected abstract readonly fileName: string;
  private seen = new Set<string>();
  private hasExtra = false;

  protected toBatch(records: Record<string, unknown>[], lines: number[]): TableBatch {
    if (records.length === 0) return { rows: [], lines: [] };
    if (this.columns === null) {
      this.columns = [];
      collectKeys(records, this.columns, this.seen);
      if (this.columns.length > MAX_COLUMNS) throw tooManyColumns(this.fileName, this.columns.length);
      this.columns.push(EXTRA_COLUMN);
      this.hasExtra = true;
    }
    const columns = this.columns;
    const known = this.seen;
    const rows = records.map((record) => {
      const row = new Array<string>(columns.length);
      for (let c = 0; c < columns.length; c++) row[c] = cellText(record[columns[c]]);
      if (this.hasExtra) {
        let extra: Record<string, unknown> | null = null;
        for (const key of Object.keys(record)) {
          if (!known.has(key)) (extra ??= {})[key] = record[key];
        }
        row[columns.length - 1] = extra ? JSON.stringify(extra) : '';
      }
      return row;
    });
    return { rows, lines };
  }

  abstract push(text: string): TableBatch;
  abstract finish(): TableBatch;
}

function requireObject(value: unknown, fileName: string, where: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
    throw new SiftError('json-not-object', `${fileName}: ${where} is ${kind}, expected an object like {"text": "…"}.`, { file: fileName });
  }
  return value as Record<string, unknown>;
}

/** Top-level fields of an object whose values are arrays (candidates for "the records"). */
function arrayFields(value: Record<string, unknown>): { field: string; count: number }[] {
  return Object.entries(value)
    .filter(([, v]) => Array.isArray(v))
    .map(([field, v]) => ({ field, count: (v as unknown[]).length }));
}

/**
 * The records of a JSON document: the array itself, or the array held by `field` of a top-level
 * object. A single object is refused with what was expected; when it holds exactly one array field,
 * the error says so (code `json-object-with-array`, `details.field`) so the app can offer that array.
 */
function recordsOf(value: unknown, fileName: string, field: string | undefined): unknown[] {
  if (Array.isArray(value)) return value;
  const kind = value === null ? 'null' : typeof value;
  if (kind !== 'object') throw new SiftError('json-not-array', `${fileName}: expected a JSON array of objects ([{…}, {…}]) or JSON Lines (one object per line), found ${kind === 'null' ? 'null' : `a ${kind}`}.`, { file: fileName });
  const object = value as Record<string, unknown>;
  if (field !== undefined) {
    const chosen = object[field];
    if (!Array.isArray(chosen)) throw new SiftError('json-field-not-array', `${fileName}: the field "${field}" of its top-level object is not an array.`, { file: fileName, field });
    return chosen;
  }
  const arrays = arrayFields(object);
  const keys = Object.keys(object);
  const shown = keys.slice(0, 8).map((k) => `"${k}"`).join(', ') + (keys.length > 8 ? `, … (${keys.length} keys)` : '');
  if (arrays.length === 1) {
    const { field: only, count } = arrays[0];
    throw new SiftError(
      'json-object-with-array',
      `${fileName} holds one JSON object, not an array of records. Its field "${only}" is an array of ${count.toLocaleString('en-US')} item${count === 1 ? '' : 's'}: import those as the rows?`,
      { file: fileName, field: only, count },
    );
  }
  throw new SiftError(
    'json-not-array',
    `${fileName}: expected a JSON array of objects ([{…}, {…}]) or JSON Lines (one object per line), found a single object (keys: ${keys.length ? shown : 'none'})${arrays.length > 1 ? `, which holds ${arrays.length} arrays; save the one to import as a file of its own` : ''}.`,
    { file: fileName, keys: keys.slice(0, 50) },
  );
}

/** A JSON file holding one array of objects. Parsed whole: JSON arrays cannot be split safely in a stream. */
export class JsonArrayParser extends ObjectTable {
  private text: string[] = [];
  constructor(
    protected readonly fileName: string,
    private readonly field?: string,
  ) {
    super();
  }
  push(text: string): TableBatch {
    this.text.push(text);
    return { rows: [], lines: [] };
  }
  finish(): TableBatch {
    const text = this.text.join('');
    this.text = [];
    if (text.trim() === '') throw new SiftError('json-empty', `${this.fileName} is empty.`, { file: this.fileName });
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      const { offset, message } = explain(text);
      const { line, column } = lineColumnAt(text, offset);
      throw new SiftError('json-syntax', `${this.fileName} is not valid JSON at line ${line.toLocaleString('en-US')}, column ${column}: ${message}.`, { file: this.fileName, offset, line, column });
    }
    const items = recordsOf(value, this.fileName, this.field).map((item, i) => requireObject(item, this.fileName, `element ${i + 1} of the array`));
    const records = isLabelStudio(items) ? labelStudioRecords(items) : items;
    const batch = this.toBatch(records, records.map(() => 0));
    if (this.columns === null) throw new SiftError('json-empty', `${this.fileName} holds an empty array: there is nothing to import.`, { file: this.fileName });
    return batch;
  }
}

/** JSON Lines: one object per line, streamed; blank lines are skipped. */
export class JsonlParser extends ObjectTable {
  private pending = '';
  private line = 1;
  constructor(protected readonly fileName: string) {
    super();
  }
  push(text: string): TableBatch {
    const all = this.pending + text;
    const lastBreak = all.lastIndexOf('\n');
    if (lastBreak < 0) {
      this.pending = all;
      return { rows: [], lines: [] };
    }
    this.pending = all.slice(lastBreak + 1);
    return this.parseLines(all.slice(0, lastBreak));
  }
  finish(): TableBatch {
    const rest = this.pending;
    this.pending = '';
    const batch = rest.trim() ? this.parseLines(rest) : { rows: [], lines: [] };
    if (this.columns === null) throw new SiftError('json-empty', `${this.fileName} has no JSON lines: there is nothing to import.`, { file: this.fileName });
    return batch;
  }
  private parseLines(block: string): TableBatch {
    const records: Record<string, unknown>[] = [];
    const lines: number[] = [];
    for (const raw of block.split('\n')) {
      const lineNo = this.line++;
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (line.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        const { offset, message } = explain(line);
        throw new SiftError('jsonl-syntax', `${this.fileName}: line ${lineNo.toLocaleString('en-US')}, column ${offset + 1} is not valid JSON: ${message}.`, { file: this.fileName, line: lineNo, column: offset + 1 });
      }
      records.push(requireObject(value, this.fileName, `line ${lineNo.toLocaleString('en-US')}`));
      lines.push(lineNo);
    }
    return this.toBatch(records, lines);
  }
}
