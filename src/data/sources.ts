import { interleaveColumns } from '../core/weak/votes';
import { definitionVersion } from '../core/weak/source-state';
import { NO_LABEL } from '../core/types';
import type { PlannedLf } from '../core/lf/library';
import { readColumn } from './columns';
import { audit } from './datasets';
import { db, type Dataset, type Source } from './db';
import { autoSnapshot } from './snapshots';
import { logLfChange } from './history';
import { boundedWrite, USER_WRITE_DEADLINE_MS } from './bounded-write';

/** Column names: a source's votes, probabilities (n×k) of a source or label-model run, their calibrated version, hard labels. */
export const votesColumn = (sourceId: string) => `votes:${sourceId}`;
export const probsColumn = (runId: string) => `probs:${runId}`;
export const calibratedColumn = (key: string) => `calprobs:${key}`;
export const predColumn = (runId: string) => `pred:${runId}`;

export function newSourceId(): string {
  return `src-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** The sources of a dataset in the order they were created (the order of the vote matrix columns). */
export async function listSources(datasetId: string): Promise<Source[]> {
  const sources = await db().sources.where('datasetId').equals(datasetId).toArray();
  return sources.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
}

/**
 * Saves a source's definition. Its stored votes are left alone: their `version` says which definition
 * made them, so an edit shows them as stale until the LF is applied again. The audit log keeps every
 * version of the definition.
 */
export async function saveSource(source: Source, deadlineMs = USER_WRITE_DEADLINE_MS): Promise<void> {
  const d = db();
  await boundedWrite(`Saving "${source.name}"`, [d.sources, d.audit, d.changes], async () => {
    const before = await d.sources.get(source.id);
    const stored = { ...source, updatedAt: Date.now() };
    await d.sources.put(stored);
    await logLfChange(before, stored);
    await audit(source.datasetId, before ? 'edit-source' : 'create-source', { sourceId: source.id, version: definitionVersion(source), definition: source.definition });
  }, deadlineMs);
}

/** Turns a source on or off; `name` is for the error when the store does not answer in time. */
export async function setSourceEnabled(sourceId: string, enabled: boolean, name = sourceId, deadlineMs = USER_WRITE_DEADLINE_MS): Promise<void> {
  const d = db();
  await boundedWrite(`${enabled ? 'Enabling' : 'Disabling'} "${name}"`, [d.sources], async () => {
    await d.sources.update(sourceId, { enabled, updatedAt: Date.now() });
  }, deadlineMs);
}

/**
 * Removes a source with everything it produced: votes and, for models, probabilities. The removal is
 * bounded like a save (deleting a handful of column chunks takes milliseconds); the snapshot before
 * it only by when it starts, since hashing a large dataset's columns may legitimately take longer.
 */
export async function deleteSource(source: Source, deadlineMs = USER_WRITE_DEADLINE_MS): Promise<void> {
  const what = `Deleting "${source.name}"`;
  await autoSnapshot(source.datasetId, `before deleting source "${source.name}"`, { busyWhat: what, startWithinMs: deadlineMs });
  const d = db();
  await boundedWrite(what, [d.sources, d.columns, d.audit, d.changes], async () => {
    await logLfChange(await d.sources.get(source.id), undefined);
    for (const name of [votesColumn(source.id), probsColumn(source.id), calibratedColumn(source.id)]) await d.columns.where('[datasetId+name]').equals([source.datasetId, name]).delete();
    await d.sources.delete(source.id);
    await audit(source.datasetId, 'delete-source', { sourceId: source.id, name: source.name });
  }, deadlineMs);
}

/** One source's votes for every item (-1 where it has none). */
export function readVotes(dataset: Dataset, sourceId: string): Promise<Int8Array> {
  return readColumn(dataset, votesColumn(sourceId), Int8Array, 1, NO_LABEL);
}

/** Votes of `sourceIds` as a row-major n×m matrix, columns in the given order. */
export async function readVoteMatrix(dataset: Dataset, sourceIds: readonly string[]): Promise<Int8Array> {
  const columns = await Promise.all(sourceIds.map((id) => readVotes(dataset, id)));
  return interleaveColumns(columns, dataset.itemCount);
}

/** Every source's vote on one item, read from that item's chunk only. */
export async function readItemVotes(dataset: Dataset, sources: readonly Source[], index: number): Promise<Int8Array> {
  const chunk = Math.floor(index / dataset.chunkSize);
  const offset = index - chunk * dataset.chunkSize;
  const records = await db().columns.bulkGet(sources.map((s) => [dataset.id, votesColumn(s.id), chunk] as [string, string, number]));
  return Int8Array.from(records, (record) => (record ? (record.data as Int8Array)[offset] : NO_LABEL));
}

/** One item's probabilities (k values) from a label-model run, or null when the run's columns are gone. */
export async function readItemProbs(dataset: Dataset, runId: string, index: number): Promise<Float32Array | null> {
  const k = dataset.classes.length;
  const chunk = Math.floor(index / dataset.chunkSize);
  const offset = index - chunk * dataset.chunkSize;
  const record = await db().columns.get([dataset.id, probsColumn(runId), chunk]);
  return record ? (record.data as Float32Array).slice(offset * k, offset * k + k) : null;
}

/**
 * Adds LFs from a library file in one transaction: all of them or, if any write fails, none. The
 * plan was checked against this dataset's classes and fields by planImport.
 */
export async function addLibrarySources(datasetId: string, plan: readonly PlannedLf[], origin: string): Promise<Source[]> {
  const d = db();
  let now = Date.now();
  const taken = new Set((await listSources(datasetId)).map((s) => s.name));
  const sources: Source[] = plan.map((lf) => {
    // A name already used for a different LF gets a suffix: the sources table and the analysis tell LFs apart by name.
    let name = lf.name;
    for (let n = 2; taken.has(name); n++) name = `${lf.name} (${n})`;
    taken.add(name);
    const id = newSourceId();
    // Distinct times keep the file's order, which becomes the order of the vote columns.
    now += 1;
    const common = { id, datasetId, name, version: null, createdAt: now, updatedAt: now, enabled: true };
    return lf.kind === 'lf' ? { ...common, kind: 'lf', definition: { ...lf.definition, id, name } } : { ...common, kind: 'js-lf', definition: { ...lf.definition, id, name } };
  });
  await d.transaction('rw', [d.sources, d.audit, d.changes], async () => {
    await d.sources.bulkAdd(sources);
    for (const source of sources) await logLfChange(undefined, source);
    await audit(datasetId, 'import-lfs', { origin, sources: sources.map((s) => ({ sourceId: s.id, name: s.name, version: definitionVersion(s) })) });
  });
  return sources;
}
