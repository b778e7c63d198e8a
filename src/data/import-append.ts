// Adding rows to a ready dataset from a later file (a new batch arriving): the rows go through the
// dataset's own import mapping and become import batch 2, 3, … — the `import_batch` column marks them,
// so drift can compare one batch with another.
import { SiftError, throwIfAborted } from '../core/errors';
import { readTable, type NamedBlob } from '../core/formats/read';
import { fnv1a } from '../core/hash';
import { NO_LABEL, Split } from '../core/types';
import { readColumn } from './columns';
import { startBounded, USER_WRITE_DEADLINE_MS } from './bounded-write';
import { audit } from './datasets';
import { db, type Dataset, type ImportBatch, type ImportMapping, type ItemChunk, type LabelEvent } from './db';
import { forgetChunks } from './items';
import { readSyntheticMarks } from './synthetic';

export const IMPORT_BATCH_COLUMN = 'import_batch';
/** The column is an Int16Array (the column store has no Uint16Array): batch numbers up to 32,767. */
const MAX_IMPORT_BATCHES = 32_767;
/**
 * Rows are collected in memory and written in one transaction (all or nothing); an appended batch is
 * a delivery of new rows, not a whole corpus — a larger one is imported as its own dataset.
 */
export const MAX_APPEND_ROWS = 500_000;

interface Rows {
  ids: string[];
  text: string[];
  fields: Record<string, string[]>;
  labels: number[];
  unmapped: number;
}

async function readRows(mapping: ImportMapping, files: NamedBlob[], signal?: AbortSignal): Promise<Rows> {
  const out: Rows = { ids: [], text: [], fields: Object.fromEntries(mapping.keepColumns.map((c) => [c, [] as string[]])), labels: [], unmapped: 0 };
  for (const file of files) {
    let layout: { text: number; id: number; label: number; keep: number[] } | null = null;
    for await (const batch of readTable(file, { format: mapping.format, delimiter: mapping.delimiter, jsonField: mapping.jsonField, control: mapping.controlChars, signal })) {
      throwIfAborted(signal);
      if (!layout) {
        // A map, not indexOf per kept column: that is quadratic in a 20,000-column table.
        const position = new Map<string, number>();
        batch.columns.forEach((c, i) => position.has(c) || position.set(c, i));
        const at = (name: string) => {
          const i = position.get(name) ?? -1;
          const listed = batch.columns.slice(0, 20).join(', ') + (batch.columns.length > 20 ? `, … (${batch.columns.length.toLocaleString('en-US')} in all)` : '');
          if (i < 0) throw new SiftError('append/column', `${file.name} has no column "${name}", which this dataset was imported with (its columns: ${listed}).`);
          return i;
        };
        layout = { text: mapping.textColumn === null ? -1 : at(mapping.textColumn), id: mapping.idColumn ? at(mapping.idColumn) : -1, label: mapping.labelColumn ? at(mapping.labelColumn) : -1, keep: mapping.keepColumns.map(at) };
      }
      for (const cells of batch.rows) {
        if (out.ids.length >= MAX_APPEND_ROWS) throw new SiftError('append/too-many', `More than ${MAX_APPEND_ROWS.toLocaleString('en-US')} rows: a batch that large is better imported as a dataset of its own.`);
        out.ids.push(layout.id >= 0 ? cells[layout.id].trim() : '');
        out.text.push(layout.text >= 0 ? cells[layout.text] : '');
        mapping.keepColumns.forEach((c, k) => out.fields[c].push(cells[layout!.keep[k]]));
        const raw = layout.label >= 0 ? cells[layout.label].trim() : '';
        const label = raw === '' ? NO_LABEL : mapping.labelValues[raw];
        if (label === undefined) out.unmapped++;
        out.labels.push(label ?? NO_LABEL);
      }
    }
  }
  if (out.ids.length === 0) throw new SiftError('append/no-rows', `${files.map((f) => f.name).join(', ')}: there are no rows to add.`);
  return out;
}

/** Each item's import batch (1 = the first import, 2, … later ones; 0 = a synthetic exemplar, of no import). */
export async function readImportBatches(dataset: Dataset): Promise<Int16Array> {
  const [stored, marks] = await Promise.all([readColumn(dataset, IMPORT_BATCH_COLUMN, Int16Array), readSyntheticMarks(dataset)]);
  return stored.map((b, i) => (marks[i] !== 0 ? 0 : b || 1));
}

/**
 * Appends the rows of `files` as the next import batch, in one transaction. Each transaction must be
 * started by the store within `startWithinMs` (then runs as long as it takes): behind a stuck writer
 * elsewhere the append fails with a specific message instead of waiting forever.
 */
export async function appendImport(datasetId: string, files: NamedBlob[], signal?: AbortSignal, startWithinMs = USER_WRITE_DEADLINE_MS): Promise<{ batch: ImportBatch; notices: string[] }> {
  const d = db();
  const what = `Adding the rows of ${files.map((f) => f.name).join(', ')}`;
  const first = await startBounded(what, 'r', [d.datasets], () => d.datasets.get(datasetId), startWithinMs);
  if (!first || first.status !== 'ready') throw new SiftError('append/dataset', 'This dataset no longer exists or is still importing.');
  if (first.mapping.format === 'images') throw new SiftError('append/images', 'Rows can be added to text and table datasets; add images by importing them as a dataset.');
  const mapping = first.mapping;
  const rows = await readRows(mapping, files, signal);
  throwIfAborted(signal);
  const result = await startBounded(what, 'rw', [d.datasets, d.chunks, d.columns, d.labelEvents, d.audit], async () => {
    const dataset = (await d.datasets.get(datasetId))!;
    const batches = dataset.importBatches ?? [];
    const number = batches.reduce((m, b) => Math.max(m, b.number), 1) + 1;
    if (number > MAX_IMPORT_BATCHES) throw new SiftError('append/too-many-batches', `This dataset already has ${MAX_IMPORT_BATCHES.toLocaleString('en-US')} import batches.`);
    const seen = new Set<string>();
    await d.chunks.where('datasetId').equals(datasetId).each((c) => c.ids.forEach((id) => seen.add(id)));
    let renamed = 0;
    const ids = rows.ids.map((raw, r) => {
      const base = raw || `b${number}-${r + 1}`;
      let id = base;
      for (let n = 2; seen.has(id); n++) id = `${base}~${n}`;
      if (id !== base) renamed++;
      seen.add(id);
      return id;
    });
    const start = dataset.itemCount;
    const count = ids.length;
    const labeled: number[] = [];
    let next = 0;
    let chunkIndex = Math.floor(start / dataset.chunkSize);
    while (next < count) {
      const partial = start > chunkIndex * dataset.chunkSize;
      const existing = partial ? await d.chunks.get([datasetId, chunkIndex]) : undefined;
      if (partial && !existing) throw new SiftError('append/chunk', `Chunk ${chunkIndex} of "${dataset.name}" is missing; the dataset looks damaged.`);
      const have = existing?.count ?? 0;
      const take = Math.min(count - next, dataset.chunkSize - have);
      const part = (values: string[]) => values.slice(next, next + take);
      const fields = Object.fromEntries(mapping.keepColumns.map((c) => [c, [...(existing?.fields[c] ?? []), ...part(rows.fields[c])]]));
      const text = [...(existing?.text ?? []), ...part(rows.text)];
      // Hashed as the import hashes: a table row by its cells, a text by itself.
      const hash = (i: number) => (mapping.textColumn === null ? fnv1a(mapping.keepColumns.map((c) => fields[c][i]).join('\u001f')) : fnv1a(text[i]));
      const chunk: ItemChunk = {
        datasetId, index: chunkIndex, start: chunkIndex * dataset.chunkSize, count: have + take,
        ids: [...(existing?.ids ?? []), ...part(ids)], text, fields,
        hashes: Uint32Array.from({ length: have + take }, (_, i) => (i < have ? existing!.hashes[i] : hash(i))),
      };
      await d.chunks.put(chunk);
      const extend = async (name: string, ctor: Uint8ArrayConstructor | Int16ArrayConstructor, value: number) => {
        const data = new ctor(have + take);
        const old = have ? await d.columns.get([datasetId, name, chunkIndex]) : undefined;
        if (old) data.set(Array.from(old.data.subarray(0, have)));
        data.fill(value, have);
        await d.columns.put({ datasetId, name, chunk: chunkIndex, data });
      };
      await extend('split', Uint8Array, Split.train);
      await extend(IMPORT_BATCH_COLUMN, Int16Array, number);
      for (let r = next; r < next + take; r++) if (rows.labels[r] !== NO_LABEL) labeled.push(r);
      next += take;
      chunkIndex++;
    }
    const at = Date.now();
    if (labeled.length) {
      const event: LabelEvent = { datasetId, kind: 'set', by: 'import', at, items: Uint32Array.from(labeled, (r) => start + r), labels: Int16Array.from(labeled, (r) => rows.labels[r]), prev: new Int16Array(labeled.length).fill(NO_LABEL) };
      await d.labelEvents.add(event);
    }
    const batch: ImportBatch = { number, at, files: files.map((f) => ({ name: f.name, size: f.size, lastModified: (f as File).lastModified ?? 0 })), start, count };
    const itemCount = start + count;
    await d.datasets.update(datasetId, { itemCount, committedRows: itemCount, chunkCount: Math.ceil(itemCount / dataset.chunkSize), importBatches: [...batches, batch], updatedAt: at });
    await audit(datasetId, 'import-append', { batch: number, rows: count, labeled: labeled.length, files: batch.files });
    const notices: string[] = [];
    if (renamed) notices.push(`${renamed.toLocaleString('en-US')} id${renamed === 1 ? ' was' : 's were'} already in the dataset and got a ~2, ~3… suffix.`);
    if (rows.unmapped) notices.push(`${rows.unmapped.toLocaleString('en-US')} row${rows.unmapped === 1 ? '' : 's'} had a label value that is not mapped to a class; they were added unlabeled.`);
    return { batch, notices };
  }, startWithinMs);
  forgetChunks(datasetId);
  return result;
}
