import { throwIfAborted } from '../core/errors';
import { csvBlock, jsonlBlock } from '../core/formats/export';
import { ParquetColumns } from './export-parquet';
import { authorNames } from '../core/labels';
import { splitNames } from '../core/types';
import { getDataset } from './datasets';
import { db } from './db';
import { loadLabelState } from './labels';
import { readSplits } from './splits';

export type ExportFormat = 'csv' | 'jsonl' | 'parquet';

export interface ExportResult {
  blob: Blob;
  fileName: string;
  rows: number;
}

function safeFileName(name: string): string {
  return name.replace(/[^\w.-]+/g, '_').replace(/^_+|_+$/g, '') || 'dataset';
}

/**
 * Writes every item with its current human label, who set it and when, and its split. Chunk by chunk,
 * so memory holds one chunk of rows plus the growing Blob parts.
 */
export async function exportDataset(
  datasetId: string,
  format: ExportFormat,
  signal: AbortSignal | undefined,
  onProgress: (done: number, total: number) => void,
): Promise<ExportResult> {
  const dataset = await getDataset(datasetId);
  if (!dataset || dataset.status !== 'ready') throw new Error('This dataset is not ready to export.');
  const { state } = await loadLabelState(datasetId, dataset.itemCount);
  const splits = await readSplits(dataset);
  const classNames = dataset.classes.map((c) => c.name);
  const fieldNames = dataset.fields;
  // A kept column may be called "label" or "split" too: never write two columns of one name.
  const reserved = new Set(['id', 'text', 'label', 'label_source', 'labeled_at', 'split']);
  const columnNames = fieldNames.map((f) => (reserved.has(f) ? `field_${f}` : f));
  const header = ['id', 'text', ...columnNames, 'label', 'label_source', 'labeled_at', 'split'];
  const parts: string[] = [];
  const table = format === 'parquet' ? new ParquetColumns(columnNames) : null;

  for (let c = 0; c < dataset.chunkCount; c++) {
    throwIfAborted(signal);
    const chunk = await db().chunks.get([datasetId, c]);
    if (!chunk) throw new Error(`Chunk ${c} of this dataset is missing: the store is damaged.`);
    const rows: string[][] = [];
    const records: Record<string, unknown>[] = [];
    for (let i = 0; i < chunk.count; i++) {
      const index = chunk.start + i;
      const label = state.label[index];
      const labelName = label >= 0 ? (classNames[label] ?? String(label)) : '';
      const source = authorNames[state.author[index]];
      const at = state.at[index] ? new Date(state.at[index]).toISOString() : '';
      const split = splitNames[splits[index]] ?? 'train';
      if (table) {
        table.add(chunk.ids[i], chunk.text[i], fieldNames.map((f) => chunk.fields[f]?.[i] ?? ''), label >= 0 ? labelName : null, source || null, state.at[index] ? state.at[index] : null, split);
      } else if (format === 'csv') {
        rows.push([chunk.ids[i], chunk.text[i], ...fieldNames.map((f) => chunk.fields[f]?.[i] ?? ''), labelName, source, at, split]);
      } else {
        const fields: Record<string, string> = {};
        for (const f of fieldNames) fields[f] = chunk.fields[f]?.[i] ?? '';
        records.push({ id: chunk.ids[i], text: chunk.text[i], fields, label: label >= 0 ? labelName : null, label_source: source || null, labeled_at: at || null, split });
      }
    }
    if (!table) parts.push(format === 'csv' ? csvBlock(c === 0 ? header : null, rows) : jsonlBlock(records));
    onProgress(Math.min(dataset.itemCount, (c + 1) * dataset.chunkSize), dataset.itemCount);
  }
  const fileName = `${safeFileName(dataset.name)}.${format}`;
  if (table) return { blob: new Blob([table.write()], { type: 'application/vnd.apache.parquet' }), fileName, rows: dataset.itemCount };
  const type = format === 'csv' ? 'text/csv;charset=utf-8' : 'application/x-ndjson;charset=utf-8';
  return { blob: new Blob(parts, { type }), fileName, rows: dataset.itemCount };
}
