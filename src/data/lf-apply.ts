import { startBounded, USER_WRITE_DEADLINE_MS } from './bounded-write';
import { audit, getDataset } from './datasets';
import { db, type Dataset, type Source } from './db';
import { getSources } from './source-lookup';
import { votesColumn } from './sources';

/**
 * The two writes of an LF apply. While it runs the LFs' `version` is null ("votes incomplete"); the
 * version that made the votes is set only with the run's "done", so a cancelled or failed apply is
 * never mistaken for a complete one. Each must be started by the store within `startWithinMs`, like an
 * import's chunks: a stuck writer elsewhere fails the apply (`what` says which) instead of stalling it.
 */

/** The dataset and the sources an apply reads first, in one transaction the store must start in time. */
export function readApplyInputs(datasetId: string, sourceIds: readonly string[], startWithinMs = USER_WRITE_DEADLINE_MS): Promise<readonly [Dataset | undefined, (Source | undefined)[]]> {
  const d = db();
  return startBounded('Applying LFs', 'r', [d.datasets, d.sources], async () => [await getDataset(datasetId), await getSources(sourceIds)] as const, startWithinMs);
}

/**
 * Stores one chunk's votes (a column per LF id) in one transaction. On the first chunk, `startOf` names
 * the LFs whose versions go null in that same transaction, so no stored vote ever outlives its version mark.
 */
export async function writeLfVoteChunk(
  datasetId: string,
  chunk: number,
  votes: ReadonlyMap<string, Int8Array>,
  startOf: readonly string[] = [],
  what = 'Applying LFs',
  startWithinMs = USER_WRITE_DEADLINE_MS,
): Promise<void> {
  const d = db();
  await startBounded(what, 'rw', [d.columns, d.sources], async () => {
    for (const id of startOf) await d.sources.update(id, { version: null });
    await d.columns.bulkPut([...votes].map(([id, data]) => ({ datasetId, name: votesColumn(id), chunk, data })));
  }, startWithinMs);
}

/** Marks the votes usable (each LF's version), audits the apply and ends its run as done, all in one transaction. */
export async function finishLfApply(
  datasetId: string,
  runId: string,
  applied: readonly { sourceId: string; version: string }[],
  results: { items: number; votes: Record<string, number>; ms: number },
  what = 'Applying LFs',
  startWithinMs = USER_WRITE_DEADLINE_MS,
): Promise<void> {
  const d = db();
  await startBounded(what, 'rw', [d.sources, d.audit, d.runs], async () => {
    for (const { sourceId, version } of applied) await d.sources.update(sourceId, { version });
    await audit(datasetId, 'apply-lfs', { runId, sources: applied.map(({ sourceId, version }) => ({ sourceId, version })) });
    await d.runs.update(runId, { status: 'done', finishedAt: Date.now(), results });
  }, startWithinMs);
}
