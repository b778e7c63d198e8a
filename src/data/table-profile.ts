import { SiftError, throwIfAborted } from '../core/errors';
import { profileTable, type ColumnProfile } from '../core/table/profile';
import { db } from './db';
import { fieldColumnTypes, readFieldColumns } from './table-columns';

/** Cells held at once while profiling: a wide table is read a group of columns at a time. */
const CELLS_PER_PASS = 4_000_000;

/** The profile of every field of a table dataset, with each column read as its stored type. */
export async function profileDataset(datasetId: string, signal?: AbortSignal, onProgress?: (done: number, total: number) => void): Promise<ColumnProfile[]> {
  const dataset = await db().datasets.get(datasetId);
  if (!dataset) throw new SiftError('dataset-missing', 'This dataset no longer exists.', { datasetId });
  const types = fieldColumnTypes(dataset);
  if (!types) throw new SiftError('profile-not-table', `${dataset.name} is not a table: only table datasets have a column profile.`, { datasetId });
  const perPass = Math.max(1, Math.floor(CELLS_PER_PASS / Math.max(1, dataset.itemCount)));
  const out: ColumnProfile[] = [];
  for (let i = 0; i < dataset.fields.length; i += perPass) {
    throwIfAborted(signal);
    const names = dataset.fields.slice(i, i + perPass);
    const { columns } = await readFieldColumns(datasetId, names);
    for (const profile of profileTable(names, columns, types)) out.push(profile);
    onProgress?.(out.length, dataset.fields.length);
  }
  return out;
}
