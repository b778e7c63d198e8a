import { columnRevisions } from './columns';
import { startBounded, USER_WRITE_DEADLINE_MS } from './bounded-write';
import { db, type Run, type Source } from './db';
import type { RunKind, RunOf } from '../core/records';
import { predColumn, probsColumn, votesColumn } from './sources';

export function newRunId(kind: string): string {
  return `run-${kind}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

/** A dataset's runs of one kind, newest first. */
export async function listRuns<K extends RunKind>(datasetId: string, kind: K): Promise<RunOf<K>[]> {
  const runs = await db().runs.where('[datasetId+kind]').equals([datasetId, kind]).toArray();
  return runs.filter((run): run is RunOf<K> => run.kind === kind).sort((a, b) => b.createdAt - a.createdAt);
}

export async function latestRun<K extends RunKind>(datasetId: string, kind: K): Promise<RunOf<K> | undefined> {
  return (await listRuns(datasetId, kind)).find((run) => run.status === 'done');
}

/**
 * Whether a run read other votes than the sources hold now: another set of sources, another version, or
 * a vote column written since (by revision; runs recorded before revisions fall back to `votesAt`).
 */
export async function runInputsOutdated(run: Run, sources: readonly Source[]): Promise<boolean> {
  const byId = new Map(run.inputs.map((input) => [input.sourceId, input]));
  if (byId.size !== sources.length || sources.some((s) => byId.get(s.id)?.version !== s.version)) return true;
  const revisions = await columnRevisions(run.datasetId, sources.map((s) => votesColumn(s.id)));
  return sources.some((s, j) => {
    const recorded = byId.get(s.id)!.revision;
    return recorded === undefined ? (s.votesAt ?? 0) > run.createdAt : recorded !== revisions[j];
  });
}

/**
 * Deletes a label-model run's probability and label columns and marks its record `columnsDropped`, in one
 * transaction, so a run is never marked as keeping columns it lost (or the reverse). Its record stays for lineage.
 * A store that does not start it within `startWithinMs` makes it fail by name (store/busy), dropping nothing.
 */
export async function dropLabelModelOutputs(datasetId: string, run: RunOf<'label-model'>, startWithinMs = USER_WRITE_DEADLINE_MS): Promise<void> {
  const d = db();
  await startBounded(`Dropping the columns of label-model run ${run.id}`, 'rw', [d.columns, d.runs], async () => {
    await d.columns.where('[datasetId+name]').equals([datasetId, probsColumn(run.id)]).delete();
    await d.columns.where('[datasetId+name]').equals([datasetId, predColumn(run.id)]).delete();
    await d.runs.update(run.id, { results: { ...run.results, columnsDropped: true } });
  }, startWithinMs);
}
