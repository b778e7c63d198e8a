// Generating a synthetic batch and comparing item sets: what the table worker runs. Reads the dataset
// through src/data, computes with core (SMOTE or the copula, the fidelity report), writes one batch.
import { fitIndices } from '../core/canary';
import { columnKind, type StringTable } from '../core/drift/columns';
import { SiftError } from '../core/errors';
import { prepareTables, type PreparedTables } from '../core/fidelity/prepare';
import { fidelityOfPrepared, fidelityReport, type FidelityReport } from '../core/fidelity/report';
import type { SyntheticBatch, SyntheticMethod } from '../core/synthetic/batch';
import { gaussianCopula } from '../core/synthetic/copula';
import { smote } from '../core/synthetic/smote';
import { Split, type SplitName } from '../core/types';
import { db, type Dataset } from './db';
import { readItemTable, tableColumns } from './item-table';
import { loadLabelState } from './labels';
import { readSplits } from './splits';
import { appendSyntheticBatch, readSyntheticMarks } from './synthetic';
import { augmentTexts } from './synthetic-text';
import { augmentImages, chooseImageVectors, type ImageCodec } from './synthetic-image';
import { IMAGE_AUGMENT_DEFAULTS, type ImageAugmentOptions } from '../core/synthetic/augment-image';
import { readImportBatches } from './import-append';
import { imageSetsFidelity } from './image-fidelity';
import type { VectorFidelity } from '../core/fidelity/vectors';

export interface GenerateRequest {
  datasetId: string;
  classIndex: number;
  count: number;
  method: SyntheticMethod;
  seed: number;
  /** Image augmentation only (absent: IMAGE_AUGMENT_DEFAULTS). */
  transforms?: ImageAugmentOptions;
}

/** Phases reported to the page while a batch is made. */
export type GeneratePhase = 'reading' | 'generating' | 'scoring' | 'writing';

async function openDataset(datasetId: string): Promise<Dataset> {
  const dataset = await db().datasets.get(datasetId);
  if (!dataset || dataset.status !== 'ready') throw new SiftError('synthetic/dataset', 'This dataset no longer exists or is still importing.');
  return dataset;
}

/** A column name for the class that no column of the table already has. */
function labelName(columns: readonly string[]): string {
  let name = 'label';
  while (columns.includes(name)) name += '_';
  return name;
}

const withoutColumn = (table: StringTable, name: string): StringTable => {
  const at = table.names.indexOf(name);
  return { names: table.names.filter((_, i) => i !== at), columns: table.columns.filter((_, i) => i !== at) };
};

/** `codec` decodes and encodes images: only an image dataset's batch needs it (the worker has one). */
export async function generateBatch(request: GenerateRequest, onPhase: (phase: GeneratePhase) => void = () => {}, codec?: ImageCodec): Promise<SyntheticBatch> {
  const { datasetId, classIndex, count, method, seed } = request;
  if (!Number.isInteger(count) || count < 1 || count > 100_000) throw new SiftError('synthetic/count', `How many exemplars: a whole number from 1 to 100,000; got ${count}.`);
  onPhase('reading');
  const dataset = await openDataset(datasetId);
  const cls = dataset.classes[classIndex];
  if (!cls) throw new SiftError('synthetic/class', `Class ${classIndex} is not a class of this dataset.`);
  const [{ state }, splits, marks] = await Promise.all([loadLabelState(datasetId, dataset.itemCount), readSplits(dataset), readSyntheticMarks(dataset)]);
  // Seeds are real, labeled train items of the class: dev and canary never shape training data.
  const rows = fitIndices(splits, 'training', 'train').filter((i) => marks[i] === 0 && state.label[i] === classIndex);
  if (rows.length < 2) throw new SiftError('synthetic/too-few', `Class "${cls.name}" has ${rows.length} labeled real item${rows.length === 1 ? '' : 's'} in train; exemplars need at least two to interpolate between.`);
  if (dataset.kind === 'image') {
    if (method !== 'augment') throw new SiftError('synthetic/image-method', `"${dataset.name}" holds images: exemplars come from image augmentation, not ${method}.`);
    if (!codec) throw new SiftError('synthetic/no-codec', 'Image exemplars are made where images can be decoded and encoded (the app’s worker).');
    onPhase('generating');
    const transforms = request.transforms ?? IMAGE_AUGMENT_DEFAULTS;
    const made = await augmentImages(dataset, rows, count, seed, transforms, codec, await chooseImageVectors(dataset));
    onPhase('writing');
    const scores = { quality: made.report.column_shapes, detectionAuc: made.report.detection?.auc ?? null };
    return appendSyntheticBatch(datasetId, { createdAt: Date.now(), method, seed, classIndex, count, realRows: rows.length, transforms, scores, report: made.report }, made.rows, made.images);
  }
  const columns = tableColumns(dataset);
  if (method === 'augment') {
    if (dataset.kind !== 'text') throw new SiftError('synthetic/augment-table', `Augmentation makes text exemplars; "${dataset.name}" is a table: use SMOTE or the Gaussian copula.`);
    const texts = await readItemTable(dataset, rows, columns);
    onPhase('generating');
    const { synthetic, report } = augmentTexts(texts, count, seed);
    onPhase('writing');
    const scores = { quality: report.column_shapes, detectionAuc: report.detection?.auc ?? null };
    return appendSyntheticBatch(datasetId, { createdAt: Date.now(), method, seed, classIndex, count, realRows: rows.length, scores, report }, synthetic);
  }
  const label = labelName(columns);
  const real = await readItemTable(dataset, rows, columns, { [label]: () => cls.name });
  if (!real.columns.slice(0, columns.length).some((c) => columnKind(c) === 'numeric')) {
    throw new SiftError('synthetic/no-numbers', `"${dataset.name}" has no numeric column (columns: ${columns.join(', ')}); interpolation and the copula need numbers to make new rows, otherwise they would only copy existing ones.`);
  }
  onPhase('generating');
  const counts = { [cls.name]: count };
  const made = method === 'smote' ? smote(real, { label, counts, seed }).table : gaussianCopula(real, { label, counts, seed }).table;
  const synthetic = withoutColumn(made, label);
  onPhase('scoring');
  const report = fidelityReport(withoutColumn(real, label), synthetic);
  onPhase('writing');
  return appendSyntheticBatch(datasetId, { createdAt: Date.now(), method, seed, classIndex, count, realRows: rows.length, scores: { quality: report.quality, detectionAuc: report.detection?.auc ?? null }, report }, synthetic);
}

/** An item set to compare: real items of one split, all real items, all synthetic ones, one synthetic batch, or the real items of one import. */
export type ItemSet = { kind: 'split'; split: SplitName } | { kind: 'real' } | { kind: 'synthetic' } | { kind: 'batch'; number: number } | { kind: 'import'; batch: number };

export interface SetQuery {
  set: ItemSet;
  /** Only items currently labeled with this class (null: every item of the set). */
  classIndex: number | null;
}

export interface SetsReport {
  /** Image sets are compared on vectors (see image-fidelity), other sets column by column. */
  report: FidelityReport | VectorFidelity;
  rows: { a: number; b: number };
}

function members(query: SetQuery, splits: Uint8Array, marks: Uint8Array, labels: Int16Array, imports: ArrayLike<number> | null): Uint32Array {
  const { set, classIndex } = query;
  const keep = (i: number) => {
    if (classIndex !== null && labels[i] !== classIndex) return false;
    switch (set.kind) {
      case 'split':
        return marks[i] === 0 && splits[i] === Split[set.split];
      case 'real':
        return marks[i] === 0;
      case 'synthetic':
        return marks[i] !== 0;
      case 'batch':
        return marks[i] === set.number;
      case 'import':
        return imports !== null && imports[i] === set.batch;
    }
  };
  const out: number[] = [];
  for (let i = 0; i < splits.length; i++) if (keep(i)) out.push(i);
  return Uint32Array.from(out);
}

/**
 * The fidelity report of set `b` against set `a` (a plays "real", b "synthetic"). Image sets need a
 * codec (the worker's) to decode the images whose vectors are not stored.
 */
export async function fidelityOfSets(datasetId: string, a: SetQuery, b: SetQuery, codec?: ImageCodec, signal?: AbortSignal): Promise<SetsReport> {
  const dataset = await openDataset(datasetId);
  const [{ state }, splits, marks] = await Promise.all([loadLabelState(datasetId, dataset.itemCount), readSplits(dataset), readSyntheticMarks(dataset)]);
  const imports = a.set.kind === 'import' || b.set.kind === 'import' ? await readImportBatches(dataset) : null;
  const rowsA = members(a, splits, marks, state.label, imports);
  const rowsB = members(b, splits, marks, state.label, imports);
  if (rowsA.length === 0 || rowsB.length === 0) throw new SiftError('fidelity/empty', `The ${rowsA.length === 0 ? 'first' : 'second'} set has no items; choose another set or class.`);
  if (dataset.kind === 'image') {
    if (!codec) throw new SiftError('synthetic/no-codec', 'Image sets are compared where images can be decoded (the app’s worker).');
    return { report: await imageSetsFidelity(dataset, rowsA, rowsB, codec, signal), rows: { a: rowsA.length, b: rowsB.length } };
  }
  const columns = tableColumns(dataset);
  // The class is a column of its own unless both sides are one class already.
  const extra: Record<string, (i: number) => string> = a.classIndex !== null && b.classIndex !== null ? {} : { [labelName(columns)]: (i) => dataset.classes[state.label[i]]?.name ?? '' };
  // Typed in a function of its own, so that the two string tables can be collected before the report runs.
  const prepared = await preparedSets(dataset, rowsA, rowsB, columns, extra);
  return { report: fidelityOfPrepared(prepared), rows: { a: rowsA.length, b: rowsB.length } };
}

async function preparedSets(dataset: Dataset, rowsA: Uint32Array, rowsB: Uint32Array, columns: string[], extra: Record<string, (i: number) => string>): Promise<PreparedTables> {
  return prepareTables(await readItemTable(dataset, rowsA, columns, extra), await readItemTable(dataset, rowsB, columns, extra));
}
