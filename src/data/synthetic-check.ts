// Train-on-synthetic / test-on-real, and whether the accepted batches help: students trained on row
// sets read from the dataset, all scored on the labeled real canary items (for evaluation only — these
// numbers are shown, never used to accept a batch or pick a setting).
import { evaluationIndices, fitIndices } from '../core/canary';
import { SiftError } from '../core/errors';
import { entersTraining, trainingWeights } from '../core/synthetic/batch';
import { encodeRows, trainAndScore, type StudentScore } from '../core/synthetic/student-check';
import { db, type Dataset } from './db';
import { readItemTable, tableColumns } from './item-table';
import { loadLabelState } from './labels';
import { readSplits } from './splits';
import { readSyntheticMarks } from './synthetic';

export interface TstrReport {
  batch: number;
  classIndex: number;
  canaryRows: number;
  /** Trained on the real train rows of every class. */
  real: StudentScore;
  /** The same, with the batch's class taught by its exemplars instead of its real rows. */
  synthetic: StudentScore;
}

export interface HelpReport {
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

/** Reads `rows` (any order) as a table once; returns features fitted on `fitRows` and a map to local rows. */
async function features(loaded: Loaded, rowSets: Uint32Array[]) {
  const all = Uint32Array.from(new Set(rowSets.flatMap((s) => Array.from(s)))).sort();
  const local = new Map(Array.from(all, (row, i) => [row, i]));
  const table = await readItemTable(loaded.dataset, all, tableColumns(loaded.dataset));
  const toLocal = (rows: Uint32Array) => Uint32Array.from(rows, (r) => local.get(r)!);
  // Scaling and categories come from the real train rows only.
  const x = encodeRows(table, toLocal(loaded.realTrain));
  const labels = Int16Array.from(all, (r) => loaded.labels[r]);
  return { x, labels, all, toLocal };
}

export async function trainOnSynthetic(datasetId: string, batchNumber: number): Promise<TstrReport> {
  const loaded = await load(datasetId);
  const batch = loaded.dataset.syntheticBatches?.find((b) => b.number === batchNumber);
  if (!batch) throw new SiftError('synthetic/batch', `Synthetic batch ${batchNumber} does not exist.`);
  const exemplars = Uint32Array.from({ length: batch.count }, (_, i) => batch.start + i).filter((i) => loaded.marks[i] === batchNumber && loaded.labels[i] >= 0);
  const { x, labels, toLocal } = await features(loaded, [loaded.realTrain, exemplars, loaded.canary]);
  const k = loaded.dataset.classes.length;
  const others = loaded.realTrain.filter((i) => loaded.labels[i] !== batch.classIndex);
  const canary = toLocal(loaded.canary);
  return {
    batch: batchNumber,
    classIndex: batch.classIndex,
    canaryRows: canary.length,
    real: trainAndScore(x, labels, k, toLocal(loaded.realTrain), canary),
    synthetic: trainAndScore(x, labels, k, toLocal(Uint32Array.from([...others, ...exemplars])), canary),
  };
}

export async function acceptedBatchesHelp(datasetId: string): Promise<HelpReport> {
  const loaded = await load(datasetId);
  const batches = (loaded.dataset.syntheticBatches ?? []).filter(entersTraining);
  const accepted = new Set(batches.map((b) => b.number));
  const exemplars = Uint32Array.from(loaded.marks.keys()).filter((i) => accepted.has(loaded.marks[i]) && loaded.labels[i] >= 0);
  const { x, labels, all, toLocal } = await features(loaded, [loaded.realTrain, exemplars, loaded.canary]);
  const k = loaded.dataset.classes.length;
  const canary = toLocal(loaded.canary);
  const without = trainAndScore(x, labels, k, toLocal(loaded.realTrain), canary);
  if (!batches.length) return { batches: [], canaryRows: canary.length, without, with: null };
  const weightsAll = trainingWeights(loaded.labels, loaded.marks, loaded.dataset.syntheticBatches ?? []);
  const weights = Float64Array.from(all, (r) => weightsAll[r]);
  const withBatches = trainAndScore(x, labels, k, toLocal(Uint32Array.from([...loaded.realTrain, ...exemplars])), canary, weights);
  return { batches: batches.map((b) => b.number), canaryRows: canary.length, without, with: withBatches };
}
