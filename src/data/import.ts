import { AbortedError, SiftError, isAbort, throwIfAborted } from '../core/errors';
import { fnv1a } from '../core/hash';
import { readTable, type NamedBlob } from '../core/formats/read';
import { rowsPerChunk } from '../core/formats/table';
import { Split, type ClassDef, NO_LABEL } from '../core/types';
import { deleteDataset } from './datasets';
import { deadlineSeconds, isStoreBusy, startBounded, USER_WRITE_DEADLINE_MS } from './bounded-write';
import { commitChunk, commitImportReady } from './commit';
import { isQuotaError, storageFullError } from './storage';
import { importImages } from './import-images';
import { columnTypes, type ColumnType } from '../core/table/infer';
import { db, type Dataset, type ImageMapping, type ImportMapping, type ItemChunk, type LabelEvent } from './db';

export const CHUNK_SIZE = 8192;

/** Web Lock held while an import runs: an "importing" dataset without it was interrupted. */
export function importLockName(datasetId: string): string {
  return `sift-import:${datasetId}`;
}

/** Ids of datasets whose import is running right now, in this tab or another. */
export async function runningImports(): Promise<Set<string>> {
  const state = await navigator.locks.query();
  const prefix = importLockName('');
  return new Set((state.held ?? []).map((l) => l.name ?? '').filter((n) => n.startsWith(prefix)).map((n) => n.slice(prefix.length)));
}

export interface ImportRequest {
  datasetId: string;
  name: string;
  files: NamedBlob[];
  mapping: ImportMapping | ImageMapping;
  classes: ClassDef[];
}

export interface ImportProgress {
  rows: number;
  bytesDone: number;
  bytesTotal: number;
}

function fileInfo(file: NamedBlob) {
  return { name: file.name, size: file.size, lastModified: (file as File).lastModified ?? 0 };
}

/** Collects rows into chunk-sized columnar buffers and writes each full chunk in one transaction. */
class ChunkWriter {
  private readonly mapping: ImportMapping;
  ids: string[] = [];
  text: string[] = [];
  fields: Record<string, string[]> = {};
  /** The arrays of `fields` in `keepColumns` order: a wide row is copied without 20,000 key lookups. */
  keptArrays: string[][] = [];
  labels: number[] = [];
  chunkIndex: number;
  seenIds = new Set<string>();
  duplicateIds = 0;
  firstDuplicate: string | null = null;
  unmappedLabels = new Map<string, number>();

  constructor(
    private readonly dataset: Dataset,
    startChunk: number,
    private readonly startWithinMs: number,
  ) {
    this.mapping = textMapping(dataset);
    this.chunkIndex = startChunk;
    this.resetBuffers();
  }

  private resetBuffers(): void {
    this.ids = [];
    this.text = [];
    this.labels = [];
    this.keptArrays = this.mapping.keepColumns.map(() => [] as string[]);
    this.fields = Object.fromEntries(this.mapping.keepColumns.map((c, k) => [c, this.keptArrays[k]]));
  }

  get rowsInBuffer(): number {
    return this.ids.length;
  }

  uniqueId(raw: string): string {
    let id = raw;
    if (this.seenIds.has(id)) {
      this.duplicateIds++;
      this.firstDuplicate ??= raw;
      let n = 2;
      while (this.seenIds.has(`${raw}~${n}`)) n++;
      id = `${raw}~${n}`;
    }
    this.seenIds.add(id);
    return id;
  }

  async flush(totalRowsAfter: number): Promise<void> {
    const count = this.ids.length;
    if (count === 0) return;
    const start = this.chunkIndex * this.dataset.chunkSize;
    const hashes = new Uint32Array(count);
    if (this.mapping.textColumn === null) {
      // A table row has no text: its hash is the row's cells, so dedupe and lineage find identical rows.
      const columns = this.keptArrays;
      for (let i = 0; i < count; i++) hashes[i] = fnv1a(columns.map((column) => column[i]).join('\u001f'));
    } else for (let i = 0; i < count; i++) hashes[i] = fnv1a(this.text[i]);
    const chunk: ItemChunk = { datasetId: this.dataset.id, index: this.chunkIndex, start, count, ids: this.ids, text: this.text, fields: this.fields, hashes };
    await commitChunk(this.dataset, chunk, this.labels, totalRowsAfter, this.startWithinMs);
    this.chunkIndex++;
    this.resetBuffers();
  }
}

/** Column name → position, built once per file: a 20,000-column mapping looked up by indexOf is quadratic. */
function positions(columns: string[]): Map<string, number> {
  const map = new Map<string, number>();
  columns.forEach((c, i) => map.has(c) || map.set(c, i));
  return map;
}

function columnIndex(columns: string[], name: string, file: string, at = positions(columns)): number {
  const i = at.get(name) ?? -1;
  if (i < 0) {
    const listed = columns.slice(0, 20).join(', ') + (columns.length > 20 ? `, … (${columns.length.toLocaleString('en-US')} in all)` : '');
    throw new SiftError('import-missing-column', `${file} has no column "${name}" (its columns: ${listed}).`, { file, column: name });
  }
  return i;
}

function textMapping(dataset: Dataset): ImportMapping {
  if (dataset.mapping.format === 'images') throw new Error(`${dataset.name} is an image dataset`);
  return dataset.mapping;
}

/** Image items are heavy (a file and a thumbnail each): smaller chunks keep one record's size sane. */
export const IMAGE_CHUNK_SIZE = 512;

/**
 * Creates the dataset record in state "importing" (invisible to browsing until it is ready), in a
 * transaction the store must start within `startWithinMs`: nothing is written if it does not.
 */
export async function beginImport(request: ImportRequest, startWithinMs = USER_WRITE_DEADLINE_MS): Promise<Dataset> {
  const now = Date.now();
  const images = request.mapping.format === 'images';
  const table = request.mapping.format !== 'images' && request.mapping.textColumn === null;
  const dataset: Dataset = {
    id: request.datasetId,
    name: request.name,
    kind: images ? 'image' : table ? 'table' : 'text',
    status: 'importing',
    createdAt: now,
    updatedAt: now,
    itemCount: 0,
    // A wide table gets fewer rows per chunk, so one chunk record stays a bounded number of cells.
    chunkSize: request.mapping.format === 'images' ? IMAGE_CHUNK_SIZE : rowsPerChunk(request.mapping.keepColumns.length + 1, CHUNK_SIZE),
    chunkCount: 0,
    classes: request.classes,
    fields: request.mapping.format === 'images' ? ['width', 'height', 'type'] : request.mapping.keepColumns,
    files: request.files.map(fileInfo),
    mapping: request.mapping,
    committedRows: 0,
    notices: [],
  };
  if (request.mapping.format !== 'images' && request.mapping.textColumn === null) dataset.columnTypes = tableColumnTypes(request.mapping);
  const d = db();
  await startBounded(`Importing "${dataset.name}"`, 'rw', [d.datasets], () => d.datasets.add(dataset), startWithinMs);
  return dataset;
}

/** Every kept column of a table import needs a type: the wizard's, or one it failed to send is an error. */
function tableColumnTypes(mapping: ImportMapping): Record<string, ColumnType> {
  if (mapping.keepColumns.length === 0) throw new SiftError('import-table-no-columns', 'A table import needs at least one column besides the id and the label.', {});
  const types: Record<string, ColumnType> = {};
  for (const name of mapping.keepColumns) {
    const type = mapping.columnTypes?.[name];
    if (!type || !columnTypes.includes(type)) throw new SiftError('import-table-type', `The column "${name}" has no type (${type ? `"${type}" is not one of ${columnTypes.join(', ')}` : 'none was given'}).`, { column: name });
    types[name] = type;
  }
  return types;
}

/** Ids already written by an interrupted import, so a resumed one keeps making them unique. */
async function committedIds(dataset: Dataset): Promise<Set<string>> {
  const ids = new Set<string>();
  await db().chunks.where('datasetId').equals(dataset.id).each((chunk) => {
    for (const id of chunk.ids) ids.add(id);
  });
  return ids;
}

function sameFiles(dataset: Dataset, files: NamedBlob[]): boolean {
  if (dataset.files.length !== files.length) return false;
  return dataset.files.every((f, i) => f.name === files[i].name && f.size === files[i].size);
}

/**
 * Streams the files into the dataset. Each chunk commits atomically with its progress marker; the
 * dataset turns "ready" only after the last one. On an error or a cancel everything written is
 * removed; after a crash, `committedRows` lets `runImport` resume where it stopped.
 */
export async function runImport(
  datasetId: string,
  files: NamedBlob[],
  signal: AbortSignal | undefined,
  onProgress: (progress: ImportProgress) => void,
  startWithinMs = USER_WRITE_DEADLINE_MS,
): Promise<Dataset> {
  const d = db();
  const dataset = await startBounded('The import', 'r', [d.datasets], () => d.datasets.get(datasetId), startWithinMs).catch((error) => {
    // Nothing was read, so nothing is removed: an import begun already stays "importing", to resume or discard.
    if (isStoreBusy(error)) throw busyImport('The import', datasetId, error, 'Nothing of it was changed');
    throw error;
  });
  if (!dataset) throw new SiftError('import-missing-dataset', 'This import no longer exists.', { datasetId });
  if (dataset.committedRows > 0 && !sameFiles(dataset, files)) {
    throw new SiftError('import-resume-mismatch', `To resume, choose the same file(s) as before: ${dataset.files.map((f) => `${f.name} (${f.size.toLocaleString('en-US')} bytes)`).join(', ')}.`, { datasetId });
  }
  try {
    if (dataset.mapping.format === 'images') return await importImages(dataset, files, signal, onProgress, startWithinMs);
    return await importRows(dataset, files, signal, onProgress, startWithinMs);
  } catch (error) {
    // A chunk the store did not start writing: removing the partial import would wait behind the same
    // stuck writer. Its committed chunks are whole, so it stays "importing", to resume or discard.
    if (isStoreBusy(error)) throw busyImport(`The import of "${dataset.name}"`, datasetId, error, 'The rows written before are kept');
    // Measured before the partial import is removed, so the usage shown is what filled the disk.
    const full = isQuotaError(error) ? await storageFullError('The import stopped and nothing of it was kept.') : null;
    try {
      await deleteDataset(datasetId);
    } catch {
      // Left "importing", the dataset is offered for discard on the home page; the cause matters more.
    }
    if (full) throw full;
    if (isAbort(error) && signal?.aborted) throw new AbortedError('Import cancelled: nothing was kept.');
    // An abort nobody asked for comes from the browser's storage (a transaction it gave up on).
    if (isAbort(error)) throw new SiftError('storage-aborted', `The browser's storage stopped the import (${error instanceof Error ? error.message : String(error)}); nothing was kept. Try again; if it happens again, check free disk space.`, { datasetId });
    throw error;
  }
}

/** An import stopped by a store that did not start its next transaction in time, and what is left of it. */
function busyImport(what: string, datasetId: string, error: SiftError, kept: string): SiftError {
  const ms = error.details.ms as number;
  return new SiftError('import-store-busy', `${what} stopped: the browser's storage did not start its next step within ${deadlineSeconds(ms)} s (another task or tab is holding it). ${kept}: resume or discard the import on the home page.`, { datasetId, ms });
}

async function importRows(
  dataset: Dataset,
  files: NamedBlob[],
  signal: AbortSignal | undefined,
  onProgress: (progress: ImportProgress) => void,
  startWithinMs: number,
): Promise<Dataset> {
  const mapping = textMapping(dataset);
  const skip = dataset.committedRows;
  const writer = new ChunkWriter(dataset, Math.floor(skip / dataset.chunkSize), startWithinMs);
  if (skip > 0) writer.seenIds = await committedIds(dataset);
  const bytesTotal = files.reduce((sum, f) => sum + f.size, 0);
  let bytesBefore = 0;
  let row = 0;
  let firstColumns: string[] | null = null;
  let controlStripped = 0;

  for (const file of files) {
    let layout: { text: number; id: number; label: number; keep: number[] } | null = null;
    let stripped = 0;
    const options = { format: mapping.format, delimiter: mapping.delimiter, jsonField: mapping.jsonField, control: mapping.controlChars, signal };
    for await (const batch of readTable(file, options)) {
      stripped = batch.control?.count ?? 0;
      throwIfAborted(signal);
      if (!layout) {
        if (firstColumns && batch.columns.join('\u0000') !== firstColumns.join('\u0000')) {
          throw new SiftError('import-columns-differ', `${file.name} has different columns from ${files[0].name}: files imported together must share one header.`, { file: file.name });
        }
        firstColumns ??= batch.columns;
        const at = positions(batch.columns);
        layout = {
          text: mapping.textColumn === null ? -1 : columnIndex(batch.columns, mapping.textColumn, file.name, at),
          id: mapping.idColumn ? columnIndex(batch.columns, mapping.idColumn, file.name, at) : -1,
          label: mapping.labelColumn ? columnIndex(batch.columns, mapping.labelColumn, file.name, at) : -1,
          keep: mapping.keepColumns.map((c) => columnIndex(batch.columns, c, file.name, at)),
        };
      }
      for (const cells of batch.rows) {
        if (row++ < skip) continue;
        const rawId = layout.id >= 0 ? cells[layout.id].trim() : '';
        writer.ids.push(writer.uniqueId(rawId || String(row)));
        writer.text.push(layout.text >= 0 ? cells[layout.text] : '');
        const kept = writer.keptArrays;
        for (let k = 0; k < layout.keep.length; k++) kept[k].push(cells[layout.keep[k]]);
        let label: number = NO_LABEL;
        if (layout.label >= 0) {
          const raw = cells[layout.label].trim();
          if (raw !== '') {
            const mapped = mapping.labelValues[raw];
            if (mapped === undefined) writer.unmappedLabels.set(raw, (writer.unmappedLabels.get(raw) ?? 0) + 1);
            else label = mapped;
          }
        }
        writer.labels.push(label);
        if (writer.rowsInBuffer === dataset.chunkSize) await writer.flush(row);
      }
      onProgress({ rows: row, bytesDone: bytesBefore + batch.bytesDone, bytesTotal });
    }
    bytesBefore += file.size;
    controlStripped += stripped;
  }
  throwIfAborted(signal);
  await writer.flush(row);
  if (row === 0) throw new SiftError('import-no-rows', `${files.map((f) => f.name).join(', ')}: the header is there but there are no rows to import.`, {});

  const notices = [...dataset.notices];
  if (controlStripped > 0) notices.push(`${controlStripped.toLocaleString('en-US')} control character${controlStripped === 1 ? ' (NUL, …) was' : 's (NUL, …) were'} stripped from the text.`);
  if (writer.duplicateIds > 0) {
    notices.push(`${writer.duplicateIds.toLocaleString('en-US')} duplicate id${writer.duplicateIds === 1 ? ' was' : 's were'} made unique with a ~2, ~3… suffix (first: "${writer.firstDuplicate}").`);
  }
  if (writer.unmappedLabels.size > 0) {
    const total = [...writer.unmappedLabels.values()].reduce((a, b) => a + b, 0);
    const examples = [...writer.unmappedLabels.keys()].slice(0, 5).map((v) => `"${v}"`).join(', ');
    notices.push(`${total.toLocaleString('en-US')} row${total === 1 ? '' : 's'} had a label value that is not mapped to a class (${examples}); they were imported unlabeled.`);
  }
  const ready: Partial<Dataset> = { status: 'ready', itemCount: row, committedRows: row, chunkCount: Math.ceil(row / dataset.chunkSize), notices, updatedAt: Date.now() };
  return commitImportReady(dataset, ready, 'import', { rows: row, files: dataset.files }, startWithinMs);
}
