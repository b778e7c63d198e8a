/**
 * Records of model runs over a dataset (a teacher's inference, an embedder's vectors): the `runs`
 * record with its per-chunk checkpoint, the teacher's `sources` record, and the output columns. Each
 * finished chunk and the checkpoint that says so are written in one transaction, so after a reload a
 * run resumes from exactly the first chunk it had not finished.
 */
import { SiftError } from '../core/errors';
import { audit } from './datasets';
import { db, type Run, type Source } from './db';
import type { ModelRef } from './models';
import { calibratedColumn, deleteSource, probsColumn, votesColumn } from './sources';

export const TEACHER_RUN = 'teacher';
export const EMBED_RUN = 'embed';

export const teacherProbsColumn = probsColumn;
export const teacherVotesColumn = votesColumn;
export const vectorsColumn = (embedderId: string) => `vec:${embedderId}`;

/** One source per dataset and teacher model: a re-run replaces its outputs. */
export const teacherSourceId = (datasetId: string, modelKey: string) => `teacher:${modelKey}@${datasetId}`;

export function newModelRunId(kind: string): string {
  return `run-${kind}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

/** What a model run needs to be started or resumed identically. Stored as `Run.params`. */
export interface ModelRunParams {
  [key: string]: unknown;
  model: ModelRef;
  /** Stable key of the model in column and source names (its registry id). */
  modelKey: string;
  modelName: string;
  /** SHA-256 of the model files (hex): the source's version, and a resumed run must see the same. */
  modelHash: string;
  runtime: 'onnx' | 'tfjs' | 'builtin';
  task: 'classify' | 'embed';
  deviceChoice: 'auto' | 'webgpu' | 'wasm';
  batchSize: number;
  /** classify: teacher label → dataset class (-1: none), the dataset's class count, the vote threshold. */
  labelMap?: number[];
  teacherLabels?: string[];
  classCount?: number;
  threshold?: number | null;
  sourceId?: string;
  /** Output columns this run writes. */
  columns: string[];
}

export interface ModelRunCheckpoint {
  [key: string]: unknown;
  /** First chunk not yet written. */
  nextChunk: number;
  itemsDone: number;
  device: string;
  reason: string;
  /** Chunk the run (re)started from in this session, for the items/s shown. */
  sessionStart?: number;
  /** Whether this source record was created by this run (so a failed run can remove it). */
  createdSource?: boolean;
}

export async function getRun(id: string): Promise<Run | undefined> {
  return db().runs.get(id);
}

/** A dataset's model runs of one kind, newest first. */
export async function listModelRuns(datasetId: string, kind: string): Promise<Run[]> {
  const runs = await db().runs.where('[datasetId+kind]').equals([datasetId, kind]).toArray();
  return runs.sort((a, b) => b.createdAt - a.createdAt);
}

/**
 * Creates the run record and, for a teacher, its source (or marks an existing one as being recomputed:
 * version null until the run finishes, so nothing uses half-written votes). Earlier unfinished runs
 * writing the same columns are superseded.
 */
export async function beginModelRun(run: { id: string; datasetId: string; kind: string; params: ModelRunParams }, source: Omit<Source, 'version' | 'createdAt' | 'updatedAt' | 'enabled'> | null): Promise<Run> {
  const d = db();
  const now = Date.now();
  const record: Run = { id: run.id, datasetId: run.datasetId, kind: run.kind, status: 'running', createdAt: now, params: run.params, inputs: [], results: {} };
  await d.transaction('rw', [d.runs, d.sources, d.columns, d.audit], async () => {
    const earlier = await d.runs.where('[datasetId+kind]').equals([run.datasetId, run.kind]).toArray();
    for (const other of earlier)
      if ((other.status === 'running' || other.status === 'cancelled') && (other.params as ModelRunParams).columns?.some((c) => run.params.columns.includes(c)))
        await d.runs.update(other.id, { status: 'cancelled', results: { ...other.results, supersededBy: run.id }, finishedAt: now });
    let createdSource = false;
    if (source) {
      const existing = await d.sources.get(source.id);
      if (existing) {
        // New probabilities are not calibrated yet: votes go back to raw ones until the next calibration.
        await d.columns.where('[datasetId+name]').equals([run.datasetId, calibratedColumn(source.id)]).delete();
        await d.sources.update(source.id, { ...source, version: null, updatedAt: now });
      }
      else {
        await d.sources.put({ ...source, version: null, createdAt: now, updatedAt: now, enabled: true });
        createdSource = true;
      }
    }
    record.checkpoint = { nextChunk: 0, itemsDone: 0, device: '', reason: '', createdSource } satisfies ModelRunCheckpoint;
    await d.runs.put(record);
    await audit(run.datasetId, `start-${run.kind}-run`, { runId: run.id, model: run.params.modelKey, modelHash: run.params.modelHash });
  });
  return record;
}

/**
 * A run replaced by a newer one over the same columns (started in another tab, or in this one after a
 * reload) must not write again: its chunks would mix with the newer run's outputs.
 */
async function refuseIfSuperseded(runId: string): Promise<void> {
  const current = await db().runs.get(runId);
  const newer = current?.results?.supersededBy;
  if (newer) throw new SiftError('run-superseded', `This run stopped: run ${String(newer)} over the same outputs started since (in another tab or window), and its results are kept.`, { runId, supersededBy: newer });
}

/** Writes one chunk's outputs and the checkpoint after it, atomically. */
export async function commitRunChunk(runId: string, datasetId: string, chunk: number, outputs: { name: string; data: Float32Array | Int8Array }[], checkpoint: ModelRunCheckpoint): Promise<void> {
  const d = db();
  await d.transaction('rw', [d.columns, d.runs], async () => {
    await refuseIfSuperseded(runId);
    for (const output of outputs) await d.columns.put({ datasetId, name: output.name, chunk, data: output.data });
    await d.runs.update(runId, { checkpoint, status: 'running' });
  });
}

/** Sets a run's status; `results` are merged into what the run already records (a supersededBy stays). */
export async function setRunStatus(runId: string, status: Run['status'], results: Record<string, unknown>): Promise<void> {
  const d = db();
  await d.transaction('rw', [d.runs], async () => {
    const current = await d.runs.get(runId);
    await d.runs.update(runId, { status, results: { ...current?.results, ...results }, ...(status === 'running' ? {} : { finishedAt: Date.now() }) });
  });
}

/** Finishes a run: its results, and for a teacher the source's version (the model hash) and settings. */
export async function finishModelRun(run: Run, results: Record<string, unknown>, source: { id: string; version: string; definition: unknown } | null): Promise<void> {
  const d = db();
  await d.transaction('rw', [d.runs, d.sources, d.audit], async () => {
    await refuseIfSuperseded(run.id);
    await d.runs.update(run.id, { status: 'done', results, finishedAt: Date.now() });
    if (source) await d.sources.update(source.id, { version: source.version, definition: source.definition, updatedAt: Date.now(), votesAt: Date.now() });
    await audit(run.datasetId, `finish-${run.kind}-run`, { runId: run.id, ...results });
  });
}

/**
 * A run that failed (not cancelled): its partial outputs are removed, and the source too if this run
 * created it, so a failure leaves the store as it was before (a pre-existing source stays, marked as
 * having no votes).
 */
export async function failModelRun(run: Run, error: { code?: string; message: string }): Promise<void> {
  const d = db();
  const params = run.params as ModelRunParams;
  const checkpoint = (await d.runs.get(run.id))?.checkpoint as ModelRunCheckpoint | undefined;
  await d.transaction('rw', [d.runs, d.sources, d.columns, d.audit], async () => {
    for (const name of params.columns) await d.columns.where('[datasetId+name]').equals([run.datasetId, name]).delete();
    if (params.sourceId && checkpoint?.createdSource) await d.sources.delete(params.sourceId);
    await d.runs.update(run.id, { status: 'failed', results: { error: error.message, code: error.code }, finishedAt: Date.now() });
  });
}

/** Teacher sources of a dataset. */
export async function listTeacherSources(datasetId: string): Promise<Source[]> {
  const sources = await db().sources.where('datasetId').equals(datasetId).toArray();
  return sources.filter((s) => s.kind === 'teacher').sort((a, b) => a.createdAt - b.createdAt);
}

/** Replaces a teacher's votes (e.g. after a threshold change), computed from its stored probabilities. */
export async function rewriteVotes(datasetId: string, sourceId: string, chunks: { chunk: number; votes: Int8Array }[], definition: unknown): Promise<void> {
  const d = db();
  await d.transaction('rw', [d.columns, d.sources, d.audit], async () => {
    for (const { chunk, votes } of chunks) await d.columns.put({ datasetId, name: teacherVotesColumn(sourceId), chunk, data: votes });
    await d.sources.update(sourceId, { definition, updatedAt: Date.now(), votesAt: Date.now() });
    await audit(datasetId, 'teacher-threshold', { sourceId, definition });
  });
}

/** Removes a teacher source and its outputs (the one deletion path every source kind shares). */
export const deleteTeacherSource = deleteSource;

/** Web Lock held by the worker while a run executes: a 'running' run whose lock is free was interrupted. */
export { runLockName as modelRunLockName } from './run-lifecycle';
