import { Split } from '../core/types';
import { SiftError } from '../core/errors';
import type { SelectionResult } from '../core/curation/selection';
import { readColumn } from './columns';
import { audit } from './datasets';
import { db, type Dataset } from './db';
import { readSplits } from './splits';
import { startBounded, USER_WRITE_DEADLINE_MS } from './bounded-write';

/**
 * Named curated selections (core/curation/selection), stored as two per-item columns: the weight
 * (0 = not selected) and the label each selected item trains with. The catalog lists them.
 */
const PREFIX = 'selection:';
export const selectionWeightColumn = (name: string) => `${PREFIX}${name}:weight`;
export const selectionLabelColumn = (name: string) => `${PREFIX}${name}:label`;

export function checkSelectionName(name: string): string {
  const trimmed = name.trim();
  if (!/^[\p{L}\p{N} _.-]{1,60}$/u.test(trimmed)) throw new SiftError('selection/name', `"${name}" cannot name a selection: use 1 to 60 letters, digits, spaces, "_", "." or "-".`);
  return trimmed;
}

/**
 * Stores a selection (replacing one of the same name) in one transaction, refusing any dev or canary
 * item (the splits read in it). The store must start it within `startWithinMs`: the user waits on the
 * save (Curate, a diverse pick), and a stuck writer elsewhere would otherwise keep it waiting in silence.
 */
export async function saveCuratedSelection(
  dataset: Dataset,
  name: string,
  selection: Pick<SelectionResult, 'weight' | 'label' | 'before' | 'after' | 'removed' | 'devPrecision'>,
  /** How it was built (method, settings, the run it read), kept in the audit entry for exports' lineage. */
  built: Record<string, unknown> = {},
  startWithinMs = USER_WRITE_DEADLINE_MS,
): Promise<string> {
  const checked = checkSelectionName(name);
  const n = dataset.itemCount;
  if (selection.weight.length !== n || selection.label.length !== n) throw new SiftError('selection/shape', `A selection must cover the ${n} items.`);
  const d = db();
  await startBounded(`Saving selection "${checked}"`, 'rw', [d.columns, d.columnCatalog, d.audit], async () => {
    const splits = await readSplits(dataset);
    for (let i = 0; i < n; i++) {
      if (selection.weight[i] > 0 && splits[i] !== Split.train) throw new SiftError('canary-violation', `Item ${i} is a ${splits[i] === Split.dev ? 'dev' : 'canary'} item: a training selection holds pool items only.`, { item: i });
    }
    for (const column of [selectionWeightColumn(checked), selectionLabelColumn(checked)]) await d.columns.where('[datasetId+name]').equals([dataset.id, column]).delete();
    const records = [];
    for (let chunk = 0; chunk < dataset.chunkCount; chunk++) {
      const start = chunk * dataset.chunkSize;
      const end = Math.min(n, start + dataset.chunkSize);
      records.push({ datasetId: dataset.id, name: selectionWeightColumn(checked), chunk, data: selection.weight.slice(start, end) });
      records.push({ datasetId: dataset.id, name: selectionLabelColumn(checked), chunk, data: selection.label.slice(start, end) });
    }
    await d.columns.bulkPut(records);
    const selected = selection.after.reduce((a, b) => a + b, 0);
    await audit(dataset.id, 'save-selection', { name: checked, selected, before: selection.before, after: selection.after, removed: selection.removed, devPrecision: selection.devPrecision, built });
  }, startWithinMs);
  return checked;
}

export async function listCuratedSelections(datasetId: string): Promise<string[]> {
  const entries = await db().columnCatalog.where('datasetId').equals(datasetId).toArray();
  return entries
    .map((e) => e.name)
    .filter((c) => c.startsWith(PREFIX) && c.endsWith(':weight'))
    .map((c) => c.slice(PREFIX.length, -':weight'.length))
    .sort();
}

export async function readCuratedSelection(dataset: Dataset, name: string): Promise<{ weight: Float32Array; label: Int16Array }> {
  const count = await db().columns.where('[datasetId+name]').equals([dataset.id, selectionWeightColumn(name)]).count();
  if (count === 0) throw new SiftError('selection/missing', `There is no selection named "${name}".`);
  return { weight: await readColumn(dataset, selectionWeightColumn(name), Float32Array), label: await readColumn(dataset, selectionLabelColumn(name), Int16Array, 1, -1) };
}

/** What the newest save of a selection recorded: counts and how it was built (null: saved before this was kept). */
export async function selectionRecord(datasetId: string, name: string): Promise<{ at: number; detail: Record<string, unknown> } | null> {
  const entries = await db().audit.where('datasetId').equals(datasetId).filter((e) => e.action === 'save-selection' && e.detail.name === name).toArray();
  const newest = entries.at(-1);
  return newest ? { at: newest.at, detail: newest.detail } : null;
}
