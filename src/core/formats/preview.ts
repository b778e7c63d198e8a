import { SiftError } from '../errors';
import { sniffDelimiter } from './csv';
import { EXTRA_COLUMN } from './json';
import type { ControlReport } from './control-chars';
import { HEAD_BYTES, readTable, sniffFormat, type NamedBlob } from './read';
import type { TableFormat } from './table';
import { inferColumnType, type ColumnType } from '../table/infer';

export const PREVIEW_ROWS = 20;
/** Rows read to find each column's distinct values (label candidates). */
export const PROFILE_ROWS = 5000;
/** Cells profiled at most, so a wide file's preview stays quick (rows read shrink as columns grow). */
export const PROFILE_CELLS = 1_000_000;
const MAX_DISTINCT = 50;

export interface ColumnProfile {
  name: string;
  meanLength: number;
  numeric: boolean;
  unique: boolean;
  /** Distinct values with counts, when the column has at most 50 in the profiled rows. */
  values: { value: string; count: number }[] | null;
}

export interface Preview {
  fileName: string;
  format: TableFormat;
  delimiter?: string;
  /** JSON: the field of the top-level object whose array holds the records. */
  jsonField?: string;
  /** Control characters in the rows read for the preview (the user chooses: strip or refuse). */
  control: ControlReport | null;
  columns: string[];
  rows: string[][];
  profiledRows: number;
  profiles: ColumnProfile[];
  /** Each column's type inferred from the profiled rows (what a table import starts from). */
  types: Record<string, ColumnType>;
  /** `table`: no column holds free text, so the file is offered as a table (no text column). */
  suggested: { text: string; id: string | null; label: string | null; table: boolean };
}

const ID_NAMES = /^(id|_id|uid|uuid|key|.*[_ ]id|.*Id)$/i;
const TEXT_NAMES = /^(text|content|body|comment|message|sentence|review|document|tweet|title|description)$/i;
const LABEL_NAMES = /^(label|labels|class|category|target|y|gold|annotation|tag|sentiment)$/i;

function profile(columns: string[], rows: string[][]): ColumnProfile[] {
  return columns.map((name, c) => {
    let length = 0;
    let numeric = rows.length > 0;
    const counts = new Map<string, number>();
    let distinctOverflow = false;
    for (const row of rows) {
      const value = row[c] ?? '';
      length += value.length;
      if (numeric && value.trim() !== '' && !Number.isFinite(Number(value))) numeric = false;
      if (!distinctOverflow) {
        counts.set(value, (counts.get(value) ?? 0) + 1);
        if (counts.size > MAX_DISTINCT) distinctOverflow = true;
      }
    }
    const uniqueValues = new Set(rows.map((r) => r[c]));
    return {
      name,
      meanLength: rows.length ? length / rows.length : 0,
      numeric,
      unique: uniqueValues.size === rows.length,
      values: distinctOverflow ? null : [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => (a.value < b.value ? -1 : 1)),
    };
  });
}

function suggest(profiles: ColumnProfile[], types: Record<string, ColumnType>): Preview['suggested'] {
  const byLength = [...profiles].filter((p) => !p.numeric && p.name !== EXTRA_COLUMN).sort((a, b) => b.meanLength - a.meanLength);
  const named = profiles.find((p) => TEXT_NAMES.test(p.name));
  // A file is a table when nothing in it reads as free text; a text-named column keeps it a text
  // dataset even when its first rows are short ("hello").
  const table = !named && profiles.every((p) => p.name === EXTRA_COLUMN || types[p.name] !== 'text');
  const text = (named ?? byLength[0] ?? profiles[0]).name;
  const id = profiles.find((p) => (table || p.name !== text) && ID_NAMES.test(p.name))?.name ?? null;
  const fewValues = (p: ColumnProfile) => p.name !== id && p.values !== null && p.values.length <= 20;
  let label = profiles.find((p) => (table || p.name !== text) && fewValues(p) && LABEL_NAMES.test(p.name))?.name ?? null;
  // Tables usually end with their target: the last non-numeric column with few values.
  if (table && label === null) label = [...profiles].reverse().find((p) => fewValues(p) && !p.numeric && p.name !== EXTRA_COLUMN)?.name ?? null;
  return { text, id, label, table };
}

export interface PreviewOptions {
  format?: TableFormat;
  delimiter?: string;
  jsonField?: string;
}

/** Reads the start of a file for the mapping step: columns, sample rows, and per-column value profiles. */
export async function previewFile(file: NamedBlob, options: PreviewOptions = {}): Promise<Preview> {
  const format = options.format ?? (await sniffFormat(file));
  let delimiter = options.delimiter;
  if (format === 'csv' && !delimiter) {
    const head = new TextDecoder().decode(await file.slice(0, HEAD_BYTES).arrayBuffer());
    delimiter = sniffDelimiter(head.replace(/\r\n?/g, '\n')) ?? ',';
  }
  const rows: string[][] = [];
  let columns: string[] = [];
  let control: ControlReport | null = null;
  for await (const batch of readTable(file, { format, delimiter, jsonField: options.jsonField, control: 'strip', maxRows: PROFILE_ROWS })) {
    columns = batch.columns;
    control = batch.control;
    rows.push(...batch.rows);
    if (rows.length * columns.length >= PROFILE_CELLS) break;
  }
  if (columns.length === 0) throw new SiftError('file-no-columns', `${file.name}: no columns found.`, { file: file.name });
  const profiled = rows.slice(0, Math.max(1, Math.floor(PROFILE_CELLS / columns.length)));
  const profiles = profile(columns, profiled);
  const types = Object.fromEntries(columns.map((name, c) => [name, inferColumnType(profiled.map((row) => row[c] ?? ''))]));
  return {
    fileName: file.name,
    format,
    delimiter: format === 'csv' ? delimiter : undefined,
    jsonField: options.jsonField,
    control: control ? { count: control.count, first: { ...control.first } } : null,
    columns,
    rows: rows.slice(0, PREVIEW_ROWS),
    profiledRows: profiled.length,
    profiles,
    types,
    suggested: suggest(profiles, types),
  };
}
