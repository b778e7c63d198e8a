import { SiftError, throwIfAborted } from '../core/errors';
import type { NamedBlob } from '../core/formats/read';
import { parseWrenchDataset, wrenchSplits, type WrenchFiles, type WrenchSplit } from '../core/formats/wrench';
import { fnv1a } from '../core/hash';
import { wrenchLfNames } from '../core/weak/source-state';
import { NO_LABEL, Split, type ClassDef } from '../core/types';
import { defaultClasses } from '../core/palette';
import { CHUNK_SIZE } from './import';
import { db, type ColumnChunk, type Dataset, type ItemChunk, type LabelEvent, type Source } from './db';
import { votesColumn } from './sources';

/**
 * Imports a WRENCH folder (label.json, train.json, valid.json, test.json): train items become the
 * unlabeled pool, valid the dev set and test the canary set (their gold labels become human labels by
 * "import"; train gold is not imported, the pool is unlabeled), and each weak_labels column becomes an
 * imported source with its votes. Everything is parsed and checked first, then written in one
 * transaction: a bad file leaves nothing behind, and the dataset is never seen half-written.
 */
export interface WrenchImportRequest {
  datasetId: string;
  name: string;
  /** The folder's files (paths or plain names; other files are ignored). */
  files: NamedBlob[];
}

export const WRENCH_ID_FIELD = 'wrench_id';
const splitCode = { train: Split.train, valid: Split.dev, test: Split.canary } as const;

function baseName(file: NamedBlob): string {
  const path = (file as File & { webkitRelativePath?: string }).webkitRelativePath || file.name;
  return path.slice(path.lastIndexOf('/') + 1);
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function textsOf(split: WrenchSplit): string[] {
  const column = split.data.text;
  if (!column) throw new SiftError('wrench/no-text', `${split.name}.json: items have no data.text; Sift needs a text per item.`, { file: `${split.name}.json` });
  return column.map((value, i) => {
    if (typeof value !== 'string') {
      throw new SiftError('wrench/no-text', `${split.name}.json, item "${split.ids[i]}": data.text is ${value === null ? 'missing' : typeof value}, not a string.`, { file: `${split.name}.json`, id: split.ids[i] });
    }
    return value;
  });
}

function votesDigest(votes: Int8Array, m: number, j: number): string {
  let hash = 0x811c9dc5;
  for (let at = j; at < votes.length; at += m) hash = Math.imul(hash ^ (votes[at] & 0xff), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, '0');
}

export async function importWrench(request: WrenchImportRequest, signal?: AbortSignal, onProgress?: (message: string) => void): Promise<Dataset> {
  const byName = new Map(request.files.map((file) => [baseName(file), file]));
  const texts: WrenchFiles = {};
  for (const name of ['label.json', 'train.json', 'valid.json', 'test.json'] as const) {
    const file = byName.get(name);
    if (file) texts[name] = await file.text();
  }
  throwIfAborted(signal);
  onProgress?.('Checking the files');
  const wrench = parseWrenchDataset(texts);
  const readme = byName.get('readme.txt');
  const names = (readme && wrenchLfNames(await readme.text(), wrench.m)) ?? Array.from({ length: wrench.m }, (_, j) => `weak_labels[${j}]`);
  const parts = wrenchSplits.map((name) => wrench.splits[name]);
  const partTexts = parts.map(textsOf);
  const fieldNames = [...new Set(parts.flatMap((p) => Object.keys(p.data)))].filter((f) => f !== 'text');
  const fields = [WRENCH_ID_FIELD, ...fieldNames];
  const n = parts.reduce((sum, p) => sum + p.n, 0);
  const m = wrench.m;

  // Items in file order: train, valid, test. Ids restart in every file, so the split prefixes them.
  const ids = new Array<string>(n);
  const text = new Array<string>(n);
  const fieldValues: Record<string, string[]> = Object.fromEntries(fields.map((f) => [f, new Array<string>(n)]));
  const splits = new Uint8Array(n);
  const gold = new Int16Array(n).fill(NO_LABEL);
  const votes = new Int8Array(n * m);
  let at = 0;
  parts.forEach((part, p) => {
    for (let i = 0; i < part.n; i++, at++) {
      ids[at] = `${part.name}/${part.ids[i]}`;
      text[at] = partTexts[p][i];
      fieldValues[WRENCH_ID_FIELD][at] = part.ids[i];
      for (const f of fieldNames) fieldValues[f][at] = cell(part.data[f]?.[i]);
      splits[at] = splitCode[part.name];
      if (part.name !== 'train') gold[at] = part.gold[i];
    }
    votes.set(part.votes, (at - part.n) * m);
  });
  throwIfAborted(signal);

  const now = Date.now();
  const chunkCount = Math.ceil(n / CHUNK_SIZE);
  const classes: ClassDef[] = defaultClasses(wrench.classes);
  const trainLabelled = wrench.splits.train.gold.some((g) => g >= 0);
  const dataset: Dataset = {
    id: request.datasetId,
    name: request.name,
    kind: 'text',
    status: 'ready',
    createdAt: now,
    updatedAt: now,
    itemCount: n,
    chunkSize: CHUNK_SIZE,
    chunkCount,
    classes,
    fields,
    files: request.files.filter((f) => ['label.json', 'train.json', 'valid.json', 'test.json', 'readme.txt'].includes(baseName(f))).map((f) => ({ name: baseName(f), size: f.size, lastModified: (f as File).lastModified ?? 0 })),
    mapping: { format: 'json', textColumn: 'data.text', idColumn: null, labelColumn: 'label', labelValues: {}, keepColumns: fields },
    committedRows: n,
    notices: [
      `WRENCH import: ${wrench.splits.train.n.toLocaleString('en-US')} train items in the unlabeled pool, ${wrench.splits.valid.n.toLocaleString('en-US')} valid items as dev, ${wrench.splits.test.n.toLocaleString('en-US')} test items as canary; ${m} imported source${m === 1 ? '' : 's'}.` +
        (trainLabelled ? ' The gold labels of train.json were not imported (the pool is unlabeled).' : ''),
    ],
    tieKeyField: WRENCH_ID_FIELD,
  };
  const sources: Source[] = names.map((name, j) => ({
    id: `${request.datasetId}-wrench-${j}`,
    datasetId: request.datasetId,
    kind: 'imported',
    name,
    version: `imported-${votesDigest(votes, m, j)}`,
    definition: { format: 'wrench', column: j },
    createdAt: now + j,
    updatedAt: now,
    enabled: true,
  }));

  const chunks: ItemChunk[] = [];
  const columns: ColumnChunk[] = [];
  const events: LabelEvent[] = [];
  for (let c = 0; c < chunkCount; c++) {
    const start = c * CHUNK_SIZE;
    const end = Math.min(n, start + CHUNK_SIZE);
    const hashes = new Uint32Array(end - start);
    for (let i = start; i < end; i++) hashes[i - start] = fnv1a(text[i]);
    chunks.push({
      datasetId: dataset.id,
      index: c,
      start,
      count: end - start,
      ids: ids.slice(start, end),
      text: text.slice(start, end),
      fields: Object.fromEntries(fields.map((f) => [f, fieldValues[f].slice(start, end)])),
      hashes,
    });
    columns.push({ datasetId: dataset.id, name: 'split', chunk: c, data: splits.slice(start, end) });
    for (let j = 0; j < m; j++) {
      const column = new Int8Array(end - start);
      for (let i = start; i < end; i++) column[i - start] = votes[i * m + j];
      columns.push({ datasetId: dataset.id, name: votesColumn(sources[j].id), chunk: c, data: column });
    }
    const labelled: number[] = [];
    for (let i = start; i < end; i++) if (gold[i] !== NO_LABEL) labelled.push(i);
    if (labelled.length > 0) {
      events.push({
        datasetId: dataset.id,
        kind: 'set',
        by: 'import',
        at: now,
        items: Uint32Array.from(labelled),
        labels: Int16Array.from(labelled, (i) => gold[i]),
        prev: new Int16Array(labelled.length).fill(NO_LABEL),
        importChunk: c,
      });
    }
  }
  throwIfAborted(signal);
  onProgress?.('Writing');
  const d = db();
  await d.transaction('rw', [d.datasets, d.chunks, d.columns, d.labelEvents, d.sources, d.audit], async () => {
    await d.datasets.add(dataset);
    await d.chunks.bulkAdd(chunks);
    await d.columns.bulkAdd(columns);
    if (events.length > 0) await d.labelEvents.bulkAdd(events);
    await d.sources.bulkAdd(sources);
    await d.audit.add({ datasetId: dataset.id, at: now, action: 'import-wrench', detail: { items: n, sources: m, classes: wrench.classes, files: dataset.files } });
  });
  return dataset;
}
