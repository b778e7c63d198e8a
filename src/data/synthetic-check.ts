// Train-on-synthetic / test-on-real, and whether the accepted batches help: students trained on row
// sets read from the dataset, all scored on the labeled real canary items (for evaluation only — these
// numbers are shown, never used to accept a batch or pick a setting).
import { evaluationIndices, fitIndices } from '../core/canary';
import { SiftError } from '../core/errors';
import { entersTraining, trainingWeights } from '../core/synthetic/batch';
import { encodeRows, trainAndScore, type StudentScore } from '../core/synthetic/student-check';
import { encodeVectors } from '../core/synthetic/vector-rows';
import type { SparseRows } from '../core/stats/logistic';
import { db, type Dataset } from './db';
import { readItemTable, tableColumns } from './item-table';
import { loadLabelState } from './labels';
import { readSplits } from './splits';
import { readSyntheticMarks } from './synthetic';
import { imageRowsVectors } from './image-vectors';
import { chooseImageVectors, type ImageCodec } from './synthetic-image';

/** What the students of a check are and what they see, as the report states it. */
export const TABLE_STUDENT = 'a one-vs-rest logistic regression on standardised numbers and one-hot categories';
/**
 * Images: the same regression on the vectors the batch's fidelity report uses, not the Students tab's
 * image student: a CNN trains for minutes in a worker, and a check run per batch should take seconds.
 */
export const imageStudent = (vectors: string) => `a one-vs-rest logistic regression on standardised ${vectors} (the vectors of the fidelity report), not the Students tab's CNN`;

export interface TstrReport {
  /** The student model and its inputs (see TABLE_STUDENT, imageStudent). */
  student: string;
  batch: number;
  classIndex: number;
  canaryRows: number;
  /** Trained on the real train rows of every class. */
  real: StudentScore;
  /** The same, with the batch's class taught by its exemplars instead of its real rows. */
  synthetic: StudentScore;
}

export interface HelpReport {
  student: string;
  /** Batches in training (accepted or overridden); empty = nothing to compare. */
  batches: number[];
  canaryRows: number;
  without: StudentScore;
  /** Real train rows plus the accepted exemplars, weighted so each class keeps its real total. */
  with: StudentScore | null;
}

interface Loaded {
  dataset: Dataset;
  labels: Int16Array;
  marks: Uint8Array;
  realTrain: Uint32Array;
  canary: Uint32Array;
}

async function load(datasetId: string): Promise<Loaded> {
  const dataset = await db().datasets.get(datasetId);
  if (!dataset || dataset.status !== 'ready') throw new SiftError('synthetic/dataset', 'This dataset no longer exists or is still importing.');
  const [{ state }, splits, marks] = await Promise.all([loadLabelState(datasetId, dataset.itemCount), readSplits(dataset), readSyntheticMarks(dataset)]);
  const labels = state.label;
  const realTrain = fitIndices(splits, 'training', 'train').filter((i) => marks[i] === 0 && labels[i] >= 0);
  const canary = evaluationIndices(splits).filter((i) => marks[i] === 0 && labels[i] >= 0);
  if (canary.length === 0) throw new SiftError('student-check/no-canary', 'No labeled canary items to score the students on: draw a canary set (Splits…) and label it.');
  return { dataset, labels, marks, realTrain, canary };
}

/**
 * Reads the union of `rowSets` once (as a table, or as image vectors) and returns features whose
 * scaling (and categories) come from the real train rows only, with a map from dataset rows to local ones.
 */
async function features(loaded: Loaded, rowSets: Uint32Array[], codec?: ImageCodec, signal?: AbortSignal) {
  const all = Uint32Array.from(new Set(rowSets.flatMap((s) => Array.from(s)))).sort();
  const local = new Map(Array.from(all, (row, i) => [row, i]));
  const toLocal = (rows: Uint32Array) => Uint32Array.from(rows, (r) => local.get(r)!);
  const labels = Int16Array.from(all, (r) => loaded.labels[r]);
  let x: SparseRows;
  let student: string;
  if (loaded.dataset.kind === 'image') {
    if (!codec) throw new SiftError('synthetic/no-codec', 'Image students are checked where images can be decoded (the app’s worker).');
    const vectors = await chooseImageVectors(loaded.dataset);
    const read = await imageRowsVectors(loaded.dataset, all, vectors, codec, signal);
    x = encodeVectors(read.values, read.dim, toLocal(loaded.realTrain));
    student = imageStudent(vectors.name);
  } else {
    x = encodeRows(await readItemTable(loaded.dataset, all, tableColumns(loaded.dataset)), toLocal(loaded.realTrain));
    student = TABLE_STUDENT;
  }
  return { x, labels, all, toLocal, student };
}

/** `codec` decodes images whose vectors are not stored: an image dataset needs it (the worker has one). */
export async function trainOnSynthetic(datasetId: string, batchNumber: number, codec?: ImageCodec, signal?: AbortSignal): Promise<TstrReport> {
  const loaded = await load(datasetId);
  const batch = loaded.dataset.syntheticBatches?.find((b) => b.number === batchNumber);
  if (!batch) throw new SiftError('synthetic/batch', `Synthetic batch ${batchNumber} does not exist.`);
  const exemplars = Uint32Array.from({ length: batch.count }, (_, i) => batch.start + i).filter((i) => loaded.marks[i] === batchNumber && loaded.labels[i] >= 0);
  const { x, labels, toLocal, student } = await features(loaded, [loaded.realTrain, exemplars, loaded.canary], codec, signal);
  const k = loaded.dataset.classes.length;
  const others = loaded.realTrain.filter((i) => loaded.labels[i] !== batch.classIndex);
  const canary = toLocal(loaded.canary);
  return {
    student,
    batch: batchNumber,
    classIndex: batch.classIndex,
    canaryRows: canary.length,
    real: trainAndScore(x, labels, k, toLocal(loaded.realTrain), canary),
    synthetic: trainAndScore(x, labels, k, toLocal(Uint32Array.from([...others, ...exemplars])), canary),
  };
}

export async function acceptedBatchesHelp(datasetId: string, codec?: ImageCodec, signal?: AbortSignal): Promise<HelpReport> {
  const loaded = await load(datasetId);
  const batches = (loaded.dataset.syntheticBatches ?? []).filter(entersTraining);
  const accepted = new Set(batches.map((b) => b.number));
  const exemplars = Uint32Array.from(loaded.marks.keys()).filter((i) => accepted.has(loaded.marks[i]) && loaded.labels[i] >= 0);
  const { x, labels, all, toLocal, student } = await features(loaded, [loaded.realTrain, exemplars, loaded.canary], codec, signal);
  const k = loaded.dataset.classes.length;
  const canary = toLocal(loaded.canary);
  const without = trainAndScore(x, labels, k, toLocal(loaded.realTrain), canary);
  if (!batches.length) return { student, batches: [], canaryRows: canary.length, without, with: null };
  const weightsAll = trainingWeights(loaded.labels, loaded.marks, loaded.dataset.syntheticBatches ?? []);
  const weights = Float64Array.from(all, (r) => weightsAll[r]);
  const withBatches = trainAndScore(x, labels, k, toLocal(Uint32Array.from([...loaded.realTrain, ...exemplars])), canary, weights);
  return { student, batches: batches.map((b) => b.number), canaryRows: canary.length, without, with: withBatches };
}
