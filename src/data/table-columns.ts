// The table contract the Profile, Drift, Slices and Fidelity views share: a table dataset's columns are
// its items' string fields, and `Dataset.columnTypes` holds each one's type.
import { SiftError } from '../core/errors';
import type { ColumnType } from '../core/table/infer';
import { db, type Dataset } from './db';

/** The stored type of each field of a table dataset; null for text and image datasets. */
export function fieldColumnTypes(dataset: Pick<Dataset, 'kind' | 'columnTypes'>): Record<string, ColumnType> | null {
  return dataset.kind === 'table' && dataset.columnTypes ? dataset.columnTypes : null;
}

export interface FieldColumns {
  /** Dataset-wide index of each row read, ascending. */
  indices: Uint32Array;
  /** One array of cells per requested name, in the order asked, each aligned with `indices`. */
  columns: string[][];
}

/**
 * Reads whole field columns, chunk by chunk, keeping the rows `filter` accepts (all when absent). Shaped
 * for `profileTable(names, columns, types)` and the drift and fidelity functions.
 */
export async function readFieldColumns(datasetId: string, names: readonly string[], filter?: (index: number) => boolean): Promise<FieldColumns> {
  const dataset = await db().datasets.get(datasetId);
  if (!dataset) throw new SiftError('dataset-missing', 'This dataset no longer exists.', { datasetId });
  const known = new Set(dataset.fields);
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) throw new SiftError('table-unknown-field', `${dataset.name} has no field ${unknown.map((n) => `"${n}"`).join(', ')} (its fields: ${dataset.fields.slice(0, 20).join(', ') || 'none'}${dataset.fields.length > 20 ? `, … (${dataset.fields.length.toLocaleString('en-US')} in all)` : ''}).`, { datasetId, fields: unknown });
  const indices: number[] = [];
  const columns: string[][] = names.map(() => []);
  // The compound primary key orders chunks by index; each() holds one chunk at a time.
  await db().chunks.where('[datasetId+index]').between([datasetId, 0], [datasetId, Infinity]).each((chunk) => {
    const cells = names.map((n) => chunk.fields[n]);
    for (let i = 0; i < chunk.count; i++) {
      const index = chunk.start + i;
      if (filter && !filter(index)) continue;
      indices.push(index);
      for (let c = 0; c < names.length; c++) columns[c].push(cells[c]?.[i] ?? '');
    }
  });
  return { indices: Uint32Array.from(indices), columns };
}
