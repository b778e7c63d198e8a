// A dataset's items read as a table of string cells (what core/fidelity and core/synthetic take). For a
// table dataset the columns are the item fields; for a CSV imported as text, the text column is a column
// of the file like any other, so it comes first under its own name.
import { SiftError } from '../core/errors';
import type { StringTable } from '../core/drift/columns';
import type { Dataset, ItemChunk } from './db';
import Dexie from 'dexie';
import { db } from './db';

/** The dataset's columns as a table, in order. */
export function tableColumns(dataset: Dataset): string[] {
  if (dataset.kind === 'table') return [...dataset.fields];
  const text = textColumnOf(dataset);
  if (text === null) throw new SiftError('table/kind', `"${dataset.name}" holds images; table views and reports need a dataset of rows with columns (image exemplars and their reports are in the Synthetic tab).`);
  return [text, ...dataset.fields.filter((f) => f !== text)];
}

/** The file column that became the item text (null for images and for table datasets). */
export function textColumnOf(dataset: Dataset): string | null {
  const mapping = dataset.mapping;
  if (dataset.kind !== 'text' || mapping.format === 'images') return null;
  return mapping.textColumn;
}

function cellsOf(dataset: Dataset, chunk: ItemChunk, column: string): string[] {
  if (column === textColumnOf(dataset)) return chunk.text;
  const values = chunk.fields[column];
  if (!values) throw new SiftError('table/column', `Chunk ${chunk.index} of "${dataset.name}" has no column "${column}".`);
  return values;
}

/**
 * The rows `rows` (dataset-wide indices, ascending) as a table of `columns`, plus `extra` columns given
 * per item (e.g. the class name) appended at the end.
 */
export async function readItemTable(dataset: Dataset, rows: Uint32Array, columns: readonly string[], extra: Record<string, (index: number) => string> = {}): Promise<StringTable> {
  const out = columns.map(() => new Array<string>(rows.length));
  const extraNames = Object.keys(extra);
  const extraOut = extraNames.map(() => new Array<string>(rows.length));
  let at = 0;
  // The compound key orders chunks by index, so one pass over them meets the rows in order.
  await db().chunks.where('[datasetId+index]').between([dataset.id, Dexie.minKey], [dataset.id, Dexie.maxKey]).each((chunk) => {
    const end = chunk.start + chunk.count;
    if (at >= rows.length || rows[at] >= end) return;
    const cells = columns.map((c) => cellsOf(dataset, chunk, c));
    for (; at < rows.length && rows[at] < end; at++) {
      const offset = rows[at] - chunk.start;
      for (let c = 0; c < columns.length; c++) out[c][at] = cells[c][offset];
      for (let e = 0; e < extraNames.length; e++) extraOut[e][at] = extra[extraNames[e]](rows[at]);
    }
  });
  if (at !== rows.length) throw new SiftError('table/rows', `Item ${rows[at]} is not stored in "${dataset.name}" (${dataset.itemCount} items).`);
  return { names: [...columns, ...extraNames], columns: [...out, ...extraOut] };
}
