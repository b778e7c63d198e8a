// Synthetic exemplar batches appended to a dataset. A batch's items are ordinary items (browsable,
// exportable, labeled with their class) that the `synthetic` column marks with the batch number; the
// dataset record holds each batch's fidelity report and the user's decision on it.
import { SiftError } from '../core/errors';
import type { StringTable } from '../core/drift/columns';
import { fnv1a } from '../core/hash';
import { checkCriteria, DEFAULT_CRITERIA, trainingWeights, type AcceptanceCriteria, type BatchDecision, type SyntheticBatch } from '../core/synthetic/batch';
import { NO_LABEL, Split } from '../core/types';
import { boundedWrite, USER_WRITE_DEADLINE_MS } from './bounded-write';
import { readColumn } from './columns';
import { audit } from './datasets';
import { db, type Dataset, type ItemChunk, type LabelEvent } from './db';
import { tableColumns, textColumnOf } from './item-table';
import { forgetChunks } from './items';

export const SYNTHETIC_COLUMN = 'synthetic';
/** The `synthetic` column is a Uint8Array: batch numbers 1–255. */
export const MAX_BATCHES = 255;

/** Each item's batch number (0 = a real item). */
export function readSyntheticMarks(dataset: Dataset): Promise<Uint8Array> {
  return readColumn(dataset, SYNTHETIC_COLUMN, Uint8Array);
}

export const criteriaOf = (dataset: Dataset): AcceptanceCriteria => dataset.syntheticCriteria ?? DEFAULT_CRITERIA;

export type NewBatch = Omit<SyntheticBatch, 'number' | 'start' | 'decision'>;

/** An image exemplar's file (PNG bytes) and its list thumbnail (null: small enough to be its own). */
export interface ImageFile {
  bytes: Uint8Array;
  thumb: Uint8Array | null;
}

/** The columns a batch's rows carry: an image dataset's are its item fields (size and type). */
export const batchColumns = (dataset: Dataset): string[] => (dataset.kind === 'image' ? [...dataset.fields] : tableColumns(dataset));

/** A table dataset's item text: its cells, named (what the item list shows and search finds). */
function rowText(names: readonly string[], cells: readonly string[]): string {
  return names.map((n, i) => `${n}=${cells[i]}`).join(', ');
}

function grow<T>(base: T[] | undefined, more: T[]): T[] {
  return base ? [...base, ...more] : more;
}

/**
 * Appends `rows` (a table with exactly the dataset's columns, in tableColumns order) as one synthetic batch
 * of class `batch.classIndex`, in a single transaction: the last, partly filled chunk is rewritten with
 * its new items and further chunks are added, each with its split (train) and `synthetic` columns, plus
 * one label event and the dataset record. A failure (a full disk) leaves nothing of the batch behind.
 * An image dataset's batch brings one file per row in `images`; its rows are the item fields.
 */
export async function appendSyntheticBatch(datasetId: string, batch: NewBatch, rows: StringTable, images?: readonly ImageFile[]): Promise<SyntheticBatch> {
  const d = db();
  const stored = await d.transaction('rw', [d.datasets, d.chunks, d.columns, d.labelEvents, d.audit, d.columnCatalog], async () => {
    const dataset = await d.datasets.get(datasetId);
    if (!dataset || dataset.status !== 'ready') throw new SiftError('synthetic/dataset', 'This dataset no longer exists or is still importing.');
    const columns = batchColumns(dataset);
    if (rows.names.join('\u0000') !== columns.join('\u0000')) throw new SiftError('synthetic/columns', `The exemplars have columns ${rows.names.join(', ')}; the dataset has ${columns.join(', ')}.`);
    const count = rows.columns[0]?.length ?? 0;
    if (count === 0 || count !== batch.count) throw new SiftError('synthetic/count', `A batch needs at least one row and as many rows as it says (${batch.count}); got ${count}.`);
    const isImage = dataset.kind === 'image';
    if (isImage !== (images !== undefined) || (images && images.length !== count)) {
      throw new SiftError('synthetic/images', isImage ? `An image batch needs one image per row (${count}); got ${images?.length ?? 'none'}.` : `"${dataset.name}" holds no images; a batch of it brings rows only.`);
    }
    if (batch.classIndex < 0 || batch.classIndex >= dataset.classes.length) throw new SiftError('synthetic/class', `Class ${batch.classIndex} is not a class of this dataset.`);
    const batches = dataset.syntheticBatches ?? [];
    const number = batches.reduce((m, b) => Math.max(m, b.number), 0) + 1;
    if (number > MAX_BATCHES) throw new SiftError('synthetic/too-many', `This dataset already has ${MAX_BATCHES} synthetic batches; that is as many as it can mark.`);
    const start = dataset.itemCount;
    const textName = textColumnOf(dataset);
    const isText = textName !== null;
    const textColumn = isText ? columns.indexOf(textName) : -1;

    let next = 0;
    let chunkIndex = Math.floor(start / dataset.chunkSize);
    let labels: number[] = [];
    while (next < count) {
      const existing = start > chunkIndex * dataset.chunkSize ? await d.chunks.get([datasetId, chunkIndex]) : undefined;
      if (start > chunkIndex * dataset.chunkSize && !existing) throw new SiftError('synthetic/chunk', `Chunk ${chunkIndex} of "${dataset.name}" is missing; the dataset looks damaged.`);
      const have = existing?.count ?? 0;
      const take = Math.min(count - next, dataset.chunkSize - have);
      const ids: string[] = [];
      const text: string[] = [];
      const fields: Record<string, string[]> = Object.fromEntries(dataset.fields.map((f) => [f, [] as string[]]));
      for (let r = next; r < next + take; r++) {
        const cells = rows.columns.map((c) => c[r]);
        const id = `syn${number}-${r + 1}`;
        ids.push(id);
        // A table dataset's items have no text (the list shows a summary of the fields), as its import stores them;
        // an image's text is its name, as an imported file's is its path.
        text.push(isText ? cells[textColumn] : dataset.kind === 'table' ? '' : isImage ? id : rowText(columns, cells));
        columns.forEach((name, c) => fields[name]?.push(cells[c]));
      }
      // Table rows hash their fields in the dataset's field order, as the import does, so dedupe finds copies.
      const rowHash = (i: number) => fnv1a(dataset.fields.map((f) => fields[f]?.[i] ?? '').join('\u001f'));
      const hashes = dataset.kind === 'table' ? Uint32Array.from(text, (_, i) => rowHash(i)) : Uint32Array.from(text, (t) => fnv1a(t));
      const chunk: ItemChunk = existing
        ? { ...existing, count: have + take, ids: grow(existing.ids, ids), text: grow(existing.text, text), hashes: Uint32Array.from([...existing.hashes, ...hashes]), fields: Object.fromEntries(dataset.fields.map((f) => [f, grow(existing.fields[f], fields[f])])) }
        : { datasetId, index: chunkIndex, start: chunkIndex * dataset.chunkSize, count: take, ids, text, fields, hashes };
      if (images) {
        const added = images.slice(next, next + take);
        chunk.images = grow(existing?.images, added.map((f) => f.bytes));
        chunk.thumbs = grow(existing?.thumbs, added.map((f) => f.thumb));
      }
      await d.chunks.put(chunk);
      const extend = async (name: string, value: number) => {
        const data = new Uint8Array(have + take);
        const old = have ? await d.columns.get([datasetId, name, chunkIndex]) : undefined;
        if (old) data.set((old.data as Uint8Array).subarray(0, have));
        data.fill(value, have);
        await d.columns.put({ datasetId, name, chunk: chunkIndex, data });
      };
      await extend('split', Split.train);
      await extend(SYNTHETIC_COLUMN, number);
      labels = labels.concat(new Array(take).fill(batch.classIndex));
      next += take;
      chunkIndex++;
    }
    const made: SyntheticBatch = { ...batch, number, start, decision: { status: 'pending' } };
    const event: LabelEvent = {
      datasetId,
      kind: 'set',
      by: 'import',
      at: batch.createdAt,
      items: Uint32Array.from({ length: count }, (_, i) => start + i),
      labels: Int16Array.of(batch.classIndex),
      prev: new Int16Array(count).fill(NO_LABEL),
    };
    await d.labelEvents.add(event);
    const itemCount = start + count;
    await d.datasets.update(datasetId, { itemCount, committedRows: itemCount, chunkCount: Math.ceil(itemCount / dataset.chunkSize), syntheticBatches: [...batches, made], updatedAt: Date.now() });
    await audit(datasetId, 'synthetic-batch', { batch: number, method: batch.method, class: dataset.classes[batch.classIndex].name, count, quality: batch.scores.quality, detectionAuc: batch.scores.detectionAuc });
    return made;
  });
  forgetChunks(datasetId);
  return stored;
}

/** Records the user's decision on a batch (accept, override with a reason, reject) with an audit entry. */
export async function decideBatch(datasetId: string, number: number, decision: Exclude<BatchDecision, { status: 'pending' }>, withinMs = USER_WRITE_DEADLINE_MS): Promise<SyntheticBatch> {
  if (decision.status === 'overridden' && !decision.reason.trim()) throw new SiftError('synthetic/override', 'Say why the batch enters training although it fails the criteria.');
  const d = db();
  const what = `${decision.status === 'rejected' ? 'Rejecting' : decision.status === 'overridden' ? 'Overriding' : 'Accepting'} synthetic batch ${number}`;
  return boundedWrite(what, [d.datasets, d.audit], async () => {
    const dataset = await d.datasets.get(datasetId);
    const batches = dataset?.syntheticBatches ?? [];
    const at = batches.findIndex((b) => b.number === number);
    if (!dataset || at < 0) throw new SiftError('synthetic/batch', `Synthetic batch ${number} does not exist.`);
    const updated = { ...batches[at], decision };
    await d.datasets.update(datasetId, { syntheticBatches: batches.map((b, i) => (i === at ? updated : b)), updatedAt: Date.now() });
    await audit(datasetId, `synthetic-${decision.status}`, { batch: number, ...(decision.status === 'rejected' ? {} : { criteria: decision.criteria }), ...(decision.status === 'overridden' ? { reason: decision.reason, failures: decision.failures } : {}) });
    return updated;
  }, withinMs);
}

/** Stores the acceptance criteria, bounded like an LF save: the user waits on the form, so a store held elsewhere must become an error. */
export async function saveSyntheticCriteria(datasetId: string, criteria: AcceptanceCriteria, withinMs = USER_WRITE_DEADLINE_MS): Promise<void> {
  checkCriteria(criteria);
  const d = db();
  await boundedWrite('Saving the acceptance criteria', [d.datasets], () => d.datasets.update(datasetId, { syntheticCriteria: criteria, updatedAt: Date.now() }), withinMs);
}

/** Per-item training weights (core/synthetic trainingWeights), or null when the dataset has no synthetic items. */
export async function syntheticTrainingWeights(dataset: Dataset, labels: Int16Array): Promise<Float32Array | null> {
  if (!dataset.syntheticBatches?.length) return null;
  return trainingWeights(labels, await readSyntheticMarks(dataset), dataset.syntheticBatches);
}
