import * as v from 'valibot';
import { hasColumn } from './columns';
import { audit } from './datasets';
import { startBounded, USER_WRITE_DEADLINE_MS } from './bounded-write';
import { db, type ColumnChunk, type Dataset, type ModelEntry, type Run, type Source, type StudentWeights } from './db';
import { finishRun } from './run-lifecycle';
import { logCalibrationChange } from './history';
import { listRuns } from './runs';
import { calibratedColumn, listSources, predColumn, probsColumn, votesColumn } from './sources';
import { thresholdOf, votesFromCalibrated, type VoteBasis } from './source-votes';
import type { Decision } from '../core/labelmodel/decision';
import { decisionSchema } from '../core/labelmodel/decision-schema';
import { votesFromProbs } from '../core/models/label-map';
import type { StudentRun } from '../core/records';
import { runStepTitle } from '../core/records/run-titles';

/**
 * Storage of everything that has probabilities (label-model runs, teachers, students), their calibrated
 * versions, and student runs. Each write that makes one result visible is one transaction, so a failed
 * or cancelled run leaves nothing half-saved.
 */
export { calibratedColumn };

/** Something with an n×k probability column: a label-model run (key = run id) or a source (key = source id). */
export interface ProbabilityOutput {
  key: string;
  name: string;
  kind: 'label-model' | Source['kind'];
  /** Hard labels column (votes of a source, pred of a label-model run). */
  labelsColumn: string;
  /** The latest calibration of this output, when its calibrated column exists. */
  calibration: { runId: string; method: string; at: number } | null;
}

/** The newest calibration of output `key` whose calibrated column is still stored. */
export async function latestCalibrationOf(datasetId: string, key: string, calibrations?: Run[]): Promise<ProbabilityOutput['calibration']> {
  const run = (calibrations ?? (await listRuns(datasetId, 'calibration'))).find((r) => r.status === 'done' && r.params.key === key);
  if (!run || !(await hasColumn(datasetId, calibratedColumn(key)))) return null;
  return { runId: run.id, method: String(run.params.method), at: run.createdAt };
}

export async function listProbabilityOutputs(datasetId: string): Promise<ProbabilityOutput[]> {
  const calibrations = await listRuns(datasetId, 'calibration');
  const latestCalibration = (key: string) => latestCalibrationOf(datasetId, key, calibrations);
  const out: ProbabilityOutput[] = [];
  for (const run of await listRuns(datasetId, 'label-model')) {
    if (run.status !== 'done' || run.results.columnsDropped || !(await hasColumn(datasetId, probsColumn(run.id)))) continue;
    const when = new Date(run.createdAt).toLocaleString('en-GB', { dateStyle: 'short', timeStyle: 'medium' });
    out.push({ key: run.id, name: `Label model: ${String(run.results.chosen ?? run.params.method)} (${when})`, kind: 'label-model', labelsColumn: predColumn(run.id), calibration: await latestCalibration(run.id) });
  }
  for (const source of await listSources(datasetId)) {
    if (!(await hasColumn(datasetId, probsColumn(source.id)))) continue;
    out.push({ key: source.id, name: source.name, kind: source.kind, labelsColumn: votesColumn(source.id), calibration: await latestCalibration(source.id) });
  }
  return out;
}

/** Splits a dataset-wide n×width array into chunk records of the dataset's chunk size. */
export function chunkRecords(dataset: Dataset, name: string, values: Float32Array | Int8Array, width: number): ColumnChunk[] {
  const records: ColumnChunk[] = [];
  for (let c = 0; c < dataset.chunkCount; c++) {
    const start = c * dataset.chunkSize;
    const end = Math.min(dataset.itemCount, start + dataset.chunkSize);
    if (end <= start) break;
    records.push({ datasetId: dataset.id, name, chunk: c, data: values.slice(start * width, end * width) });
  }
  return records;
}

/**
 * Finishes calibration run `runId`: the calibrated probability column and the run's "done" state,
 * together; a teacher's or student's votes are recomputed from it in the same transaction (its
 * threshold now applies to calibrated confidence; its class is `voteDecision`'s, argmax when null).
 * Returns where the source's votes now come from, or null when the output is not such a source.
 */
export async function saveCalibration(
  dataset: Dataset,
  key: string,
  probs: Float32Array,
  runId: string,
  results: Record<string, unknown>,
  inputs: Run['inputs'],
  voteDecision: Decision | null = null,
): Promise<VoteBasis | null> {
  const d = db();
  return finishRun(runId, results, {
    what: runStepTitle('calibration', 'finish'),
    inputs,
    within: async () => {
      await d.columns.where('[datasetId+name]').equals([dataset.id, calibratedColumn(key)]).delete();
      await d.columns.bulkPut(chunkRecords(dataset, calibratedColumn(key), probs, dataset.classes.length));
      const run = (await d.runs.get(runId))!;
      const method = run.kind === 'calibration' ? run.params.method : 'unknown';
      await audit(dataset.id, 'calibrate', { runId, key, method });
      const previous = (await listRuns(dataset.id, 'calibration')).find((r) => r.id !== runId && r.status === 'done' && r.params.key === key);
      await logCalibrationChange(dataset.id, key, String(results.name ?? key), previous ? { kind: 'calibration', method: previous.params.method, runId: previous.id } : null, { kind: 'calibration', method, runId });
      const source = await d.sources.get(key);
      if (!source || (source.kind !== 'teacher' && source.kind !== 'student')) return null;
      const basis = votesFromCalibrated(source, runId);
      if (basis.from === 'calibrated') {
        const votes = new Int8Array(dataset.itemCount);
        votesFromProbs(probs, dataset.classes.length, thresholdOf(source), votes, voteDecision);
        await d.columns.bulkPut(chunkRecords(dataset, votesColumn(key), votes, 1));
      }
      await d.sources.update(key, { definition: { ...source.definition, votesFrom: basis }, updatedAt: Date.now(), ...(basis.from === 'calibrated' ? { votesAt: Date.now() } : {}) });
      await audit(dataset.id, 'votes-from', { sourceId: key, votesFrom: basis });
      return basis;
    },
  });
}

export interface StudentRecords {
  source: Source;
  /** The training run (begun on the lifecycle; its results and inputs are set here), then one run per pseudo-labeling round. */
  runs: [Pick<Run, 'id' | 'results' | 'inputs'>, ...Run[]];
  probs: Float32Array;
  /** The trained model, stored with the models (by run id), not in the run's results. */
  weights: Pick<StudentWeights, 'modelJson' | 'weights'>;
}

/**
 * Finishes a student run: the student becomes a source (votes = its labels, the decision stored in the
 * run's results on its probabilities; argmax without one), with its round runs, in the transaction that
 * marks the run done.
 */
export async function saveStudent(dataset: Dataset, records: StudentRecords): Promise<void> {
  const k = dataset.classes.length;
  const { source, runs: [main, ...rounds], probs, weights } = records;
  const votes = new Int8Array(dataset.itemCount);
  const decision = main.results.decision;
  votesFromProbs(probs, k, null, votes, v.is(decisionSchema, decision) ? decision : null);
  const d = db();
  await finishRun(main.id, main.results, {
    what: runStepTitle('student', 'finish'),
    inputs: main.inputs,
    outputs: [...chunkRecords(dataset, probsColumn(source.id), probs, k), ...chunkRecords(dataset, votesColumn(source.id), votes, 1)],
    within: async () => {
      await d.runs.bulkPut(rounds);
      await d.runWeights.put({ runId: main.id, datasetId: dataset.id, ...weights });
      await d.sources.put(source);
      await audit(dataset.id, 'train-student', { runId: main.id, sourceId: source.id, name: source.name });
    },
  });
}

/**
 * Stores an exported student with its run's link and audit entry. The user waits on the export, so the
 * store must start the write within `startWithinMs` or it fails by name, writing nothing.
 */
export async function saveModel(entry: ModelEntry, datasetId: string, runId: string, startWithinMs = USER_WRITE_DEADLINE_MS): Promise<void> {
  const d = db();
  await startBounded(`Saving the exported model "${entry.name}"`, 'rw', [d.models, d.runs, d.audit], async () => {
    await d.models.put(entry);
    const run = await d.runs.get(runId);
    if (run) await d.runs.update(runId, { results: { ...run.results, exportedModelId: entry.id } });
    await audit(datasetId, 'export-student', { runId, modelId: entry.id });
  }, startWithinMs);
}

export async function listStudentRuns(datasetId: string): Promise<StudentRun[]> {
  return (await listRuns(datasetId, 'student')).filter((r) => r.status === 'done');
}

/** A student's trained model (TF.js topology and weights), read only when it is exported or run again. */
export async function loadStudentWeights(runId: string): Promise<StudentWeights | undefined> {
  return db().runWeights.get(runId);
}
