// Which items a drift comparison reads (a split, a date range on a datetime field, or everything) and
// where their labels come from (the current state, a snapshot, a label-model run). Pure: the caller
// passes the splits and the field's cells.
import { SiftError } from '../errors';
import { isMissing } from './columns';
import { parseDatetime } from '../table/infer';
import { Split, type SplitName } from '../types';

export type ItemSet =
  | { kind: 'all' }
  | { kind: 'split'; split: SplitName }
  | { kind: 'dates'; field: string; from: string | null; to: string | null }
  /** The real items one import brought in: 1 = the dataset's first import, 2, … rows added later. */
  | { kind: 'import'; batch: number };

export type LabelsFrom = { kind: 'current' } | { kind: 'snapshot'; id: string; name: string } | { kind: 'run'; id: string; name: string };

export interface DriftSide {
  items: ItemSet;
  labels: LabelsFrom;
}

export function describeItems(set: ItemSet): string {
  if (set.kind === 'all') return 'all items';
  if (set.kind === 'split') return `the ${set.split} split`;
  if (set.kind === 'import') return `import batch ${set.batch}`;
  const from = set.from ? `from ${set.from}` : '';
  const to = set.to ? `before ${set.to}` : '';
  return `${set.field} ${[from, to].filter(Boolean).join(' ') || 'any date'}`;
}

export function describeSide(side: DriftSide): string {
  const labels = side.labels.kind === 'current' ? '' : side.labels.kind === 'snapshot' ? `, labels of snapshot "${side.labels.name}"` : `, label-model run ${side.labels.name}`;
  return describeItems(side.items) + labels;
}

/** A bound typed by a user: a date (YYYY-MM-DD) or date-time, as the datetime columns are read. */
export function parseBound(text: string, what: string): number {
  const ms = parseDatetime(text);
  if (Number.isNaN(ms)) throw new SiftError('drift/date', `${what} "${text}" is not a date: write it as YYYY-MM-DD.`);
  return ms;
}

export interface Selected {
  indices: Uint32Array;
  /** Items of a date range left out because their date is empty or not a date. */
  undated: number;
}

/**
 * The items of a set, ascending. Date ranges include `from` and exclude `to`; items without a date are
 * counted, not kept. `importBatches` (for an import batch) gives each item's batch, 0 for none.
 */
export function selectItems(set: ItemSet, splits: Uint8Array, field?: readonly string[], importBatches?: ArrayLike<number>): Selected {
  const out: number[] = [];
  let undated = 0;
  if (set.kind === 'all') return { indices: Uint32Array.from(splits.keys()), undated };
  if (set.kind === 'import') {
    if (!importBatches) throw new SiftError('drift/import-batch', 'The items\' import batches were not read.');
    for (let i = 0; i < importBatches.length; i++) if (importBatches[i] === set.batch) out.push(i);
    if (out.length === 0) throw new SiftError('drift/import-batch', `Import batch ${set.batch} has no items in this dataset.`);
    return { indices: Uint32Array.from(out), undated };
  }
  if (set.kind === 'split') {
    const code = Split[set.split];
    if (code === undefined) throw new SiftError('drift/split', `There is no split named "${set.split}".`);
    splits.forEach((s, i) => s === code && out.push(i));
    return { indices: Uint32Array.from(out), undated };
  }
  if (!field) throw new SiftError('drift/field', `This dataset has no field "${set.field}".`);
  const from = set.from ? parseBound(set.from, 'The start date') : -Infinity;
  const to = set.to ? parseBound(set.to, 'The end date') : Infinity;
  if (from >= to) throw new SiftError('drift/date', `The date range of ${set.field} is empty: ${set.from} is not before ${set.to}.`);
  for (let i = 0; i < field.length; i++) {
    const ms = isMissing(field[i]) ? NaN : parseDatetime(field[i]);
    if (Number.isNaN(ms)) undated++;
    else if (ms >= from && ms < to) out.push(i);
  }
  return { indices: Uint32Array.from(out), undated };
}

/** Fields every non-empty cell of which is a date: the ones a date range or a time chart can use. */
export function datetimeFields(fields: Record<string, readonly string[]>): string[] {
  return Object.keys(fields).filter((name) => {
    let present = 0;
    for (const cell of fields[name]) {
      if (isMissing(cell)) continue;
      present++;
      if (Number.isNaN(parseDatetime(cell))) return false;
    }
    return present > 0;
  });
}

/** The cells of `indices`, in order. */
export function pickCells(cells: readonly string[], indices: Uint32Array): string[] {
  const out = new Array<string>(indices.length);
  for (let i = 0; i < indices.length; i++) out[i] = cells[indices[i]] ?? '';
  return out;
}
