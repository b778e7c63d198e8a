/**
 * The one run lifecycle every kind of work shares (generalised from teacher runs): begin a `runs`
 * record and hold the run's Web Lock while it works; finish with the outputs in the same transaction
 * as the "done" state; fail with a reason; and, on start, a sweep that marks runs whose lock nobody
 * holds as interrupted, so a reload or a killed tab never leaves a run "running" forever. Teacher and
 * embedder runs keep their chunk checkpoints and resume (model-runs.ts); the kinds swept here cannot
 * resume half-way and are offered "run again" or "discard".
 */
import { audit } from './datasets';
import { db, type ColumnChunk, type Run } from './db';
import { predColumn, probsColumn } from './sources';

/** Web Lock held while a run executes; teacher runs have always used this name. */
export const runLockName = (runId: string) => `sift-model-run:${runId}`;

/** Kinds whose interrupted runs the sweep settles (teacher and embed runs resume from their checkpoint). */
export const SWEPT_KINDS = ['apply-lfs', 'label-model', 'student', 'calibration'] as const;

const locks = (): LockManager | null => (typeof navigator !== 'undefined' && navigator.locks ? navigator.locks : null);

/**
 * Runs `work` holding the run's lock: any tab can then tell a live run from one whose tab died. Where
 * Web Locks do not exist (Node: the CLI and unit tests) one process owns the store and nothing is swept.
 */
export function underRunLock<T>(runId: string, work: () => Promise<T>): Promise<T> {
  const manager = locks();
  return manager ? manager.request(runLockName(runId), () => work()) : work();
}

export async function beginRun(run: Pick<Run, 'id' | 'datasetId' | 'kind' | 'params' | 'inputs'>): Promise<Run> {
  const record: Run = { ...run, status: 'running', createdAt: Date.now(), results: {} };
  await db().runs.put(record);
  return record;
}

/** A run that stopped: the reason stays in its record (an abort is "cancelled", anything else "failed"). */
export async function endRunWithError(runId: string, error: unknown, extra: Record<string, unknown> = {}): Promise<void> {
  const cancelled = error instanceof Error && error.name === 'AbortError';
  const message = error instanceof Error ? error.message : String(error);
  const code = typeof error === 'object' && error && 'code' in error ? String((error as { code: unknown }).code) : undefined;
  const d = db();
  await d.transaction('rw', [d.runs], async () => {
    const current = await d.runs.get(runId);
    if (current) await d.runs.update(runId, { status: cancelled ? 'cancelled' : 'failed', finishedAt: Date.now(), results: { ...current.results, ...extra, error: message, ...(code ? { code } : {}) } });
  });
}

/** The outputs of a run and its "done" state, in one transaction: no reader sees one without the other. */
export async function finishRunWithOutputs(runId: string, results: Record<string, unknown>, outputs: ColumnChunk[]): Promise<void> {
  const d = db();
  await d.transaction('rw', [d.runs, d.columns], async () => {
    await d.columns.bulkPut(outputs);
    await d.runs.update(runId, { status: 'done', results, finishedAt: Date.now() });
  });
}

/** Columns a run of this kind writes under its own id (removed when it is interrupted or discarded). */
function ownColumns(run: Run): string[] {
  return run.kind === 'label-model' ? [probsColumn(run.id), predColumn(run.id)] : [];
}

/**
 * Marks the dataset's runs that are "running" with nobody holding their lock as interrupted, removing
 * what they wrote under their own id. Returns every interrupted run not yet settled, newest first.
 */
export async function sweepInterruptedRuns(datasetId: string): Promise<Run[]> {
  const manager = locks();
  if (!manager) return [];
  const held = new Set(((await manager.query()).held ?? []).map((lock) => lock.name));
  const d = db();
  const swept: string[] = [];
  await d.transaction('rw', [d.runs, d.columns, d.audit], async () => {
    const runs = await d.runs.where('datasetId').equals(datasetId).toArray();
    for (const run of runs) {
      if (run.status !== 'running' || !(SWEPT_KINDS as readonly string[]).includes(run.kind) || held.has(runLockName(run.id))) continue;
      for (const name of ownColumns(run)) await d.columns.where('[datasetId+name]').equals([datasetId, name]).delete();
      await d.runs.update(run.id, { status: 'interrupted', finishedAt: Date.now(), results: { ...run.results, error: 'Interrupted: the tab was closed, reloaded or crashed while this ran.' } });
      swept.push(run.id);
    }
    if (swept.length) await audit(datasetId, 'runs-interrupted', { runIds: swept });
  });
  return listInterruptedRuns(datasetId);
}

export async function listInterruptedRuns(datasetId: string): Promise<Run[]> {
  const runs = await db().runs.where('datasetId').equals(datasetId).toArray();
  return runs.filter((r) => r.status === 'interrupted').sort((a, b) => b.createdAt - a.createdAt);
}

/** The user saw an interrupted run and let it go (or ran it again): it stays in the history as discarded. */
export async function discardInterruptedRun(runId: string): Promise<void> {
  const d = db();
  await d.transaction('rw', [d.runs, d.audit], async () => {
    const run = await d.runs.get(runId);
    if (!run || run.status !== 'interrupted') return;
    await d.runs.update(runId, { status: 'cancelled', results: { ...run.results, discarded: true } });
    await audit(run.datasetId, 'discard-run', { runId, kind: run.kind });
  });
}

/**
 * Resolves once every lock of the dataset's "running" runs is free. A reloaded tab can open before the
 * old page's workers have let go of their locks; sweeping again after this catches those runs too.
 */
export async function whenRunLocksFree(datasetId: string): Promise<void> {
  const manager = locks();
  if (!manager) return;
  const running = (await db().runs.where('datasetId').equals(datasetId).toArray()).filter((r) => r.status === 'running' && (SWEPT_KINDS as readonly string[]).includes(r.kind));
  await Promise.all(running.map((run) => manager.request(runLockName(run.id), async () => {})));
}

/**
 * After the page stopped a worker that did not stop by itself (Cancel's hard stop, or a crash), the
 * worker's runs of `kind` could not record their end: once their locks are free, record it for them.
 */
export async function settleStoppedRuns(datasetId: string, kind: string, startedSince: number, reason: string): Promise<void> {
  const manager = locks();
  if (!manager) return;
  const d = db();
  // Only runs begun since the stopped call started: a run another tab has going is not waited for.
  const running = (await d.runs.where('[datasetId+kind]').equals([datasetId, kind]).toArray()).filter((r) => r.status === 'running' && r.createdAt >= startedSince);
  await Promise.all(running.map((run) => manager.request(runLockName(run.id), async () => {})));
  const held = new Set(((await manager.query()).held ?? []).map((lock) => lock.name));
  await d.transaction('rw', [d.runs], async () => {
    for (const run of running) {
      const current = await d.runs.get(run.id);
      if (current?.status !== 'running' || held.has(runLockName(run.id))) continue;
      await d.runs.update(run.id, { status: 'cancelled', finishedAt: Date.now(), results: { ...current.results, error: reason } });
    }
  });
}
