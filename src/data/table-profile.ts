import { SiftError, throwIfAborted } from '../core/errors';
import { isMissing } from '../core/drift/columns';
import type { ColumnType } from '../core/table/infer';
import { sortFloat64 } from '../core/stats/sort-float64';
import { cellParser, profileColumn, profileNumbers, type ColumnProfile } from '../core/table/profile';
import { db } from './db';
import { fieldColumnTypes } from './table-columns';

/**
 * Memory one pass over the chunks may hold. Numeric and datetime cells are kept parsed (8 bytes each),
 * others as strings (~64 bytes with the array slot), so a 1,000 × 20,000 numeric table is one pass and
 * one read of every chunk, where holding strings needed five.
 */
const PASS_BYTES = 256 * 1024 * 1024;
const NUMBER_BYTES = 8;
const STRING_BYTES = 64;

const numberTyped = (type: ColumnType): type is 'numeric' | 'datetime' => type === 'numeric' || type === 'datetime';

/** Consecutive runs of fields, each within the pass budget (a field alone may exceed it). */
function passes(fields: readonly string[], types: Record<string, ColumnType>, rows: number): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  let bytes = 0;
  for (const name of fields) {
    const cost = rows * (numberTyped(types[name]) ? NUMBER_BYTES : STRING_BYTES);
    if (current.length > 0 && bytes + cost > PASS_BYTES) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(name);
    bytes += cost;
  }
  if (current.length > 0) out.push(current);
  return out;
}

interface NumberColumn {
  values: Float64Array;
  n: number;
  missing: number;
  invalid: number;
}

/** The profile of every field of a table dataset, with each column read as its stored type. */
export async function profileDataset(datasetId: string, signal?: AbortSignal, onProgress?: (done: number, total: number) => void): Promise<ColumnProfile[]> {
  const dataset = await db().datasets.get(datasetId);
  if (!dataset) throw new SiftError('dataset-missing', 'This dataset no longer exists.', { datasetId });
  const types = fieldColumnTypes(dataset);
  if (!types) throw new SiftError('profile-not-table', `${dataset.name} is not a table: only table datasets have a column profile.`, { datasetId });
  const rows = dataset.itemCount;
  const out: ColumnProfile[] = [];
  for (const names of passes(dataset.fields, types, rows)) {
    throwIfAborted(signal);
    const numbers = names.map((name) => (numberTyped(types[name]) ? { values: new Float64Array(rows), n: 0, missing: 0, invalid: 0 } : null));
    const parsers = names.map((name) => { const type = types[name]; return numberTyped(type) ? cellParser(type) : null; });
    const strings = names.map((name) => (numberTyped(types[name]) ? null : ([] as string[])));
    let read = 0;
    // The compound primary key orders chunks by index; each() holds one chunk at a time.
    await db().chunks.where('[datasetId+index]').between([datasetId, 0], [datasetId, Infinity]).each((chunk) => {
      throwIfAborted(signal);
      for (let c = 0; c < names.length; c++) {
        const cells = chunk.fields[names[c]];
        const column = numbers[c];
        if (column) addNumbers(column, cells, chunk.count, parsers[c]!);
        else for (let i = 0; i < chunk.count; i++) strings[c]!.push(cells?.[i] ?? '');
      }
      read += chunk.count;
    });
    for (let c = 0; c < names.length; c++) {
      const column = numbers[c];
      const type = types[names[c]];
      if (column && numberTyped(type)) out.push(profileNumbers(names[c], type, read, sortFloat64(column.values.subarray(0, column.n)), column.missing, column.invalid));
      else out.push(profileColumn(names[c], strings[c]!, type));
    }
    onProgress?.(out.length, dataset.fields.length);
  }
  return out;
}

function addNumbers(column: NumberColumn, cells: string[] | undefined, count: number, parse: (cell: string) => number): void {
  for (let i = 0; i < count; i++) {
    const cell = cells?.[i] ?? '';
    if (isMissing(cell)) column.missing++;
    else {
      const v = parse(cell);
      if (Number.isNaN(v)) column.invalid++;
      else column.values[column.n++] = v;
    }
  }
}
