/**
 * Records of model runs over a dataset (a teacher's inference, an embedder's vectors): the `runs`
 * record with its per-chunk checkpoint, the teacher's `sources` record, and the output columns. They run
 * on the shared lifecycle (run-lifecycle.ts): each finished chunk and the checkpoint that says so commit
 * together, so after a reload a run resumes from exactly the first chunk it had not finished.
 */
import { audit } from './datasets';
import { startBounded, USER_WRITE_DEADLINE_MS } from './bounded-write';
import { db, type Run, type Source } from './db';
import { beginRun, finishRun } from './run-lifecycle';
import { runStepTitle } from '../core/records/run-titles';
import { logThresholdChange } from './history';
import type { ChangeEntry } from '../core/history/types';
import type { ModelRun, ModelRunCheckpoint, ModelRunParams, ModelRunResults, SourceOf, TeacherDefinition } from '../core/records';
import { calibratedColumn, deleteSource, probsColumn, votesColumn } from './sources';

export const TEACHER_RUN = 'teacher' as const;
export const EMBED_RUN = 'embed' as const;

export const teacherProbsColumn = probsColumn;
export const teacherVotesColumn = votesColumn;
export const vectorsColumn = (embedderId: string) => `vec:${embedderId}`;

/** One source per dataset and teacher model: a re-run replaces its outputs. */
export const teacherSourceId = (datasetId: string, modelKey: string) => `teacher:${modelKey}@${datasetId}`;

export function newModelRunId(kind: string): string {
  return `run-${kind}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

/** What a model run needs to be started or resumed identically (`Run.params`), and its per-chunk checkpoint. */
export type { ModelRunCheckpoint, ModelRunParams } from '../core/records';

export async function getRun(id: string): Promise<Run | undefined> {
  return db().runs.get(id);
}

/** A dataset's model runs of one kind, newest first. */
export async function listModelRuns(datasetId: string, kind: typeof TEACHER_RUN | typeof EMBED_RUN): Promise<ModelRun[]> {
  const runs = await db().runs.where('[datasetId+kind]').equals([datasetId, kind]).toArray();
  return runs.filter((run): run is ModelRun => run.kind === kind).sort((a, b) => b.createdAt - a.createdAt);
}

/**
 * Begins a model run on the shared lifecycle, and for a teacher its source (or marks an existing one
 * as being recomputed: version null until the run finishes, so nothing uses half-written votes).
 * Earlier unfinished runs writing the same columns are superseded.
 */
export async function beginModelRun(
  run: { id: string; datasetId: string; kind: 'teacher' | 'embed'; params: ModelRunParams },
  source: { id: string; datasetId: string; kind: 'teacher'; name: string; definition: TeacherDefinition } | null,
): Promise<Run> {
  const d = db();
  const checkpoint: ModelRunCheckpoint = { nextChunk: 0, itemsDone: 0, device: '', reason: '', createdSource: false };
  return beginRun(
    { ...run, inputs: [] },
    {
      checkpoint,
      audit: { model: run.params.modelKey, modelHash: run.params.modelHash },
      prepare: async () => {
        if (!source) return;
        const now = Date.now();
        const existing = await d.sources.get(source.id);
        if (!existing) {
          await d.sources.put({ ...source, version: null, createdAt: now, updatedAt: now, enabled: true });
          return { createdSource: true };
        }
        // New probabilities are not calibrated yet: votes go back to raw ones until the next calibration.
        await d.columns.where('[datasetId+name]').equals([run.datasetId, calibratedColumn(source.id)]).delete();
        await d.sources.update(source.id, { ...source, version: null, updatedAt: now });
      },
    },
  );
}

/** Finishes a model run: its results, and for a teacher the source's version (the model hash) and settings. */
export async function finishModelRun(run: Run, results: ModelRunResults, source: { id: string; version: string; definition: TeacherDefinition } | null): Promise<void> {
  await finishRun(run.id, results, {
    what: runStepTitle(run.kind, 'finish'),
    audit: results,
    within: async () => {
      if (source) await db().sources.update(source.id, { version: source.version, definition: source.definition, updatedAt: Date.now(), votesAt: Date.now() });
    },
  });
}

/** Teacher sources of a dataset. */
export async function listTeacherSources(datasetId: string): Promise<SourceOf<'teacher'>[]> {
  const sources = await db().sources.where('datasetId').equals(datasetId).toArray();
  return sources.filter((s): s is SourceOf<'teacher'> => s.kind === 'teacher').sort((a, b) => a.createdAt - b.createdAt);
}

/**
 * Replaces a teacher's votes (e.g. after a threshold change), computed from its stored probabilities. The
 * user waits on the new threshold, so the store must start the write within `startWithinMs` or it fails
 * by name, changing nothing.
 */
export async function rewriteVotes(
  datasetId: string,
  sourceId: string,
  chunks: { chunk: number; votes: Int8Array }[],
  definition: TeacherDefinition,
  restoredFrom?: ChangeEntry['restoredFrom'],
  startWithinMs = USER_WRITE_DEADLINE_MS,
): Promise<void> {
  const d = db();
  await startBounded("Changing the teacher's threshold", 'rw', [d.columns, d.sources, d.audit, d.changes], async () => {
    const before = await d.sources.get(sourceId);
    const was = before?.kind === 'teacher' ? (before.definition.threshold ?? null) : null;
    if (before && (restoredFrom || was !== (definition.threshold ?? null))) await logThresholdChange(datasetId, sourceId, before.name, was, definition.threshold ?? null, restoredFrom);
    for (const { chunk, votes } of chunks) await d.columns.put({ datasetId, name: teacherVotesColumn(sourceId), chunk, data: votes });
    await d.sources.update(sourceId, { definition, updatedAt: Date.now(), votesAt: Date.now() });
    await audit(datasetId, 'teacher-threshold', { sourceId, definition });
  }, startWithinMs);
}

/** Removes a teacher source and its outputs (the one deletion path every source kind shares). */
export const deleteTeacherSource = deleteSource;

/** Web Lock held by the worker while a run executes: a 'running' run whose lock is free was interrupted. */
export { runLockName as modelRunLockName } from './run-lifecycle';
