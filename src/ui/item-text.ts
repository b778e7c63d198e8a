import type { Dataset } from '../data/db';
import type { ItemRow } from '../data/items';
import { rowSummary } from '../core/table/summary';

/** What a row shows as its text: a table row has none, so it shows "col: value · …" (rendered as text). */
export function displayText(dataset: Pick<Dataset, 'kind' | 'fields'>, row: Pick<ItemRow, 'text' | 'fields'>): string {
  return dataset.kind === 'table' ? rowSummary(dataset.fields, (name) => row.fields[name]) : row.text;
}
