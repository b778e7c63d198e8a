// An export of one curated selection: only its members, each with the weight and label it trains with,
// and a lineage entry naming the selection and how it was built, so a file that leaves the app trains
// the same way a student on the selection does.
import { SiftError } from '../core/errors';
import { readCuratedSelection, selectionLabelColumn, selectionRecord, selectionWeightColumn } from './curated-selections';
import type { Dataset } from './db';

/** Export columns, in this order, present only when a selection is exported. */
export const SELECTION_EXPORT_COLUMNS = ['selection_weight', 'selection_label'] as const;

/** Formats a selection can be exported in (the ones with per-row columns of our own). */
export const SELECTION_FORMATS: readonly string[] = ['csv', 'jsonl', 'parquet'];

export interface SelectionExport {
  name: string;
  weight: Float32Array;
  label: Int16Array;
  members: number;
  lineage: Record<string, unknown>;
}

export async function selectionExport(dataset: Dataset, name: string, format: string): Promise<SelectionExport> {
  if (!SELECTION_FORMATS.includes(format)) throw new SiftError('export/selection-format', `A selection exports as CSV, JSONL or Parquet, not as ${format}.`);
  const { weight, label } = await readCuratedSelection(dataset, name);
  const classNames = dataset.classes.map((c) => c.name);
  const perClass = new Map<string, { items: number; weight: number }>();
  let members = 0;
  let total = 0;
  for (let i = 0; i < weight.length; i++) {
    if (!(weight[i] > 0)) continue;
    members++;
    total += weight[i];
    const key = labelName(label[i], classNames) ?? '(no label)';
    const entry = perClass.get(key) ?? { items: 0, weight: 0 };
    entry.items++;
    entry.weight += weight[i];
    perClass.set(key, entry);
  }
  const record = await selectionRecord(dataset.id, name);
  const lineage = {
    name,
    columns: [...SELECTION_EXPORT_COLUMNS],
    stored_as: [selectionWeightColumn(name), selectionLabelColumn(name)],
    members,
    total_weight: round(total),
    per_class: Object.fromEntries([...perClass].map(([key, v]) => [key, { items: v.items, weight: round(v.weight) }])),
    saved_at: record ? new Date(record.at).toISOString() : null,
    built: record?.detail.built ?? null,
    rows: 'only the selection’s members; selection_weight and selection_label are what a student trained on the selection uses',
  };
  return { name, weight, label, members, lineage };
}

function labelName(label: number, classNames: string[]): string | null {
  return label >= 0 ? (classNames[label] ?? String(label)) : null;
}

// Float32 weights printed to 6 digits: 0.705882, not 0.7058823704719543.
const round = (x: number) => Math.round(x * 1e6) / 1e6;

export const inSelection = (out: SelectionExport, index: number) => out.weight[index] > 0;

/** Row cells for item `index`: its weight and the label it trains with (null: none). */
export function selectionCells(out: SelectionExport, index: number, classNames: string[]): [number, string | null] {
  return [round(out.weight[index]), labelName(out.label[index], classNames)];
}
