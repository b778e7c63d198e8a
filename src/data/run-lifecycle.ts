/**
 * The one run lifecycle every kind of work shares (LF apply, label model, teacher, embedder, student,
 * calibration): begin a `runs` record under the run's Web Lock (superseding older unfinished runs over
 * the same output columns); commit each chunk of outputs together with the checkpoint that says so;
 * finish with the last outputs in the same transaction as the "done" state; fail with the reason. On
 * start, a sweep marks runs whose lock nobody holds as interrupted, so a reload or a killed tab never
 * leaves a run "running" forever: runs with a checkpoint can resume from it, the others run again or
 * are discarded.
 */
import { SiftError } from '../core/errors';
import { isStoreBusy, startBounded, USER_WRITE_DEADLINE_MS } from './bounded-write';
import { audit } from './datasets';
import { db, type ColumnChunk, type Run } from './db';
import { parseRun, type RunStart } from '../core/records';
import { runKindTitles } from '../core/records/run-titles';
import { predColumn, probsColumn } from './sources';

/** Web Lock held while a run executes (the name teacher runs have always used). */
export const runLockName = (runId: string) => `sift-model-run:${runId}`;

/** Kinds that checkpoint per chunk: an interrupted run keeps its outputs so far and resumes from them. */
export const RESUMABLE_KINDS: readonly string[] = ['teacher', 'embed'];

export const isResumable = (run: Run) => RESUMABLE_KINDS.includes(run.kind);

/** The part of a lock manager the lifecycle uses (tests pass their own). */
export type RunLocks = Pick<LockManager, 'request' | 'query'>;

const browserLocks = (): RunLocks | null => (typeof navigator !== 'undefined' && navigator.locks ? navigator.locks : null);

/**
 * Runs `work` holding the run's lock: any tab can then tell a live run from one whose tab died. With
 * `ifFree`, a run whose lock another tab holds is refused instead of waited for. Where Web Locks do not
 * exist (Node: the CLI and unit tests) one process owns the store and nothing is swept.
 */
export function underRunLock<T>(runId: string, work: () => Promise<T>, options: { ifFree?: boolean; locks?: RunLocks | null } = {}): Promise<T> {
  const manager = options.locks === undefined ? browserLocks() : options.locks;
  if (!manager) return work();
  if (!options.ifFree) return manager.request(runLockName(runId), () => work());
  return manager.request(runLockName(runId), { ifAvailable: true }, async (lock) => {
    if (!lock) throw new SiftError('run-running', 'This run is still going on in another tab', { runId });
    return work();
  });
}

/** Output columns a run declares in its params (runs over shared columns supersede each other). */
const outputsOf = (run: RunStart): string[] => (run.kind === 'teacher' || run.kind === 'embed' ? run.params.columns : []);

/** For a run's writes that the store must start in time (a stuck writer elsewhere would make them wait forever). */
export interface StartBound {
  /** What the user started, for the error when the store does not start the write in time ("Applying LF …"). */
  what?: string;
  /** How long the store may take to start the transaction (15 s by default). */
  startWithinMs?: number;
}

export interface BeginOptions extends StartBound {
  /** Initial checkpoint of a resumable run. */
  checkpoint?: Record<string, unknown>;
  /**
   * Work done in the begin transaction (tables: runs, sources, columns, audit), e.g. creating the
   * source a run writes; may return fields merged into the checkpoint.
   */
  prepare?: () => Promise<Record<string, unknown> | void>;
  /** Writes a `start-<kind>-run` audit entry with this detail. */
  audit?: Record<string, unknown>;
}

/**
 * Creates the run record, "running", in a transaction the store must start within `startWithinMs`
 * (15 s by default): the user waits on a run's start, and nothing else bounds it. Earlier unfinished runs of the same kind that write any of the
 * same columns (`params.columns`) are superseded: they may not write again, and are not resumable.
 */
export async function beginRun(run: RunStart, options: BeginOptions = {}): Promise<Run> {
  const d = db();
  const now = Date.now();
  // Checked as it is written too: a kind's params that its readers would refuse never reach the store.
  const record = parseRun({ ...run, status: 'running', createdAt: now, results: {}, ...(options.checkpoint ? { checkpoint: { ...options.checkpoint } } : {}) });
  const columns = outputsOf(run);
  await startBounded(options.what ?? runKindTitles[run.kind], 'rw', [d.runs, d.sources, d.columns, d.audit], async () => {
    if (columns.length) {
      const earlier = await d.runs.where('[datasetId+kind]').equals([run.datasetId, run.kind]).toArray();
      for (const other of earlier)
        if (other.id !== run.id && (other.status === 'running' || other.status === 'cancelled' || other.status === 'interrupted') && !other.results.supersededBy && outputsOf(other).some((c) => columns.includes(c)))
          await d.runs.update(other.id, { status: 'cancelled', results: { ...other.results, supersededBy: run.id }, finishedAt: other.finishedAt ?? now });
    }
    const prepared = await options.prepare?.();
    if (prepared) record.checkpoint = { ...record.checkpoint!, ...prepared };
    await d.runs.put(record);
    if (options.audit) await audit(run.datasetId, `start-${run.kind}-run`, { runId: run.id, ...options.audit });
  }, options.startWithinMs);
  return record;
}

/**
 * A run replaced by a newer one over the same columns (started in another tab, or in this one after a
 * reload) must not write again: its chunks would mix with the newer run's outputs.
 */
async function refuseIfSuperseded(runId: string): Promise<Run> {
  const current = await db().runs.get(runId);
  if (!current) throw new SiftError('run-missing', `Run ${runId} does not exist`, { runId });
  const newer = current.results.supersededBy;
  if (newer) throw new SiftError('run-superseded', `This run stopped: run ${String(newer)} over the same outputs started since (in another tab or window), and its results are kept.`, { runId, supersededBy: newer });
  return current;
}

/**
 * Takes up an interrupted or cancelled resumable run again (call under its lock): it is "running"
 * from its checkpoint on. Refused when it finished, failed, was discarded or superseded.
 */
export async function resumeRun(runId: string, bound: StartBound = {}): Promise<Run> {
  const d = db();
  return startBounded(bound.what ?? 'Resuming the run', 'rw', [d.runs], async () => {
    const run = await d.runs.get(runId);
    if (!run) throw new SiftError('run-missing', `Run ${runId} does not exist`, { runId });
    if (run.status === 'done' || run.status === 'failed') throw new SiftError('run-finished', `Run ${runId} already ${run.status === 'done' ? 'finished' : 'failed'}; start a new one`, { runId });
    if (run.results.supersededBy) throw new SiftError('run-superseded', `Run ${runId} was replaced by run ${String(run.results.supersededBy)} over the same outputs; start a new one`, { runId });
    if (run.results.discarded) throw new SiftError('run-discarded', `Run ${runId} was discarded; start a new one`, { runId });
    if (!isResumable(run)) throw new SiftError('run-not-resumable', `A ${run.kind} run cannot resume half-way; start it again`, { runId });
    const { error: _error, ...results } = run.results;
    const { finishedAt: _finished, ...rest } = run;
    const resumed = parseRun({ ...rest, status: 'running', results });
    await d.runs.put(resumed);
    return resumed;
  }, bound.startWithinMs);
}

/**
 * Writes one chunk's outputs and the checkpoint after it, atomically, in a transaction the store must
 * start in time: a chunk not started fails the run with the chunks before it kept.
 */
export async function commitRunChunk(runId: string, outputs: ColumnChunk[], checkpoint: Record<string, unknown>, bound: StartBound = {}): Promise<void> {
  const d = db();
  await startBounded(bound.what ?? "Saving the run's progress", 'rw', [d.columns, d.runs], async () => {
    await refuseIfSuperseded(runId);
    await d.columns.bulkPut(outputs);
    await d.runs.update(runId, { checkpoint, status: 'running' });
  }, bound.startWithinMs);
}

export interface FinishOptions<T = void> extends StartBound {
  /** Last outputs, written with the "done" state. */
  outputs?: ColumnChunk[];
  /** The inputs as they were finally read, when only known at the end. */
  inputs?: Run['inputs'];
  /** More writes in the same transaction (tables: runs, sources, columns, audit, runWeights, changes), e.g. a source's new version. */
  within?: () => Promise<T>;
  /** Writes a `finish-<kind>-run` audit entry with this detail. */
  audit?: Record<string, unknown>;
}

/**
 * The outputs of a run and its "done" state, in one transaction (no reader sees one without the other)
 * that the store must start in time: the user waits on it, and a run whose finish did not start fails.
 */
export async function finishRun<T = void>(runId: string, results: Record<string, unknown>, options: FinishOptions<T> = {}): Promise<T> {
  const d = db();
  return startBounded(options.what ?? "Saving the run's results", 'rw', [d.runs, d.sources, d.columns, d.audit, d.runWeights, d.changes], async () => {
    const run = await refuseIfSuperseded(runId);
    if (options.outputs?.length) await d.columns.bulkPut(options.outputs);
    await d.runs.update(runId, { status: 'done', results: { ...results }, finishedAt: Date.now(), ...(options.inputs ? { inputs: options.inputs } : {}) });
    const value = (await options.within?.()) as T;
    if (options.audit) await audit(run.datasetId, `finish-${run.kind}-run`, { runId, ...options.audit });
    return value;
  }, options.startWithinMs);
}

/** What a run that stops before finishing must not leave behind: its partial columns, a source it created. */
function leftovers(run: Run): { columns: string[]; source: string | null } {
  if (run.kind === 'label-model') return { columns: [probsColumn(run.id), predColumn(run.id)], source: null };
  if (!isResumable(run)) return { columns: [], source: null };
  if (run.kind !== 'teacher' && run.kind !== 'embed') return { columns: [], source: null };
  const created = run.checkpoint?.createdSource === true && run.params.sourceId !== undefined;
  return { columns: outputsOf(run), source: created ? (run.params.sourceId ?? null) : null };
}

/** Removes a run's partial outputs, unless a newer run over the same columns owns them now. Call in a transaction over runs, sources, columns. */
async function removeLeftovers(run: Run): Promise<void> {
  if (run.results.supersededBy) return;
  const d = db();
  const { columns, source } = leftovers(run);
  for (const name of columns) await d.columns.where('[datasetId+name]').equals([run.datasetId, name]).delete();
  if (source) await d.sources.delete(source);
}

/**
 * A run that stopped: the reason stays in its record. An abort is "cancelled" (a resumable run keeps
 * its outputs so far and resumes later); anything else is "failed", and its partial outputs are
 * removed, so a failure leaves the store as it was before (a source that existed stays, with no votes).
 * A run superseded meanwhile leaves everything to the newer run.
 *
 * A write the store did not start in time (`store/busy`) is treated like a killed tab: a resumable run
 * is "interrupted" and keeps its chunks, to resume or discard. Its record waits behind the same stuck
 * writer, so this resolves at once and the record follows when the store frees (or, the run's lock
 * gone by then, the next sweep finds it interrupted): the user hears of the failure now.
 */
export async function endRunWithError(runId: string, error: unknown, extra: Record<string, unknown> = {}): Promise<void> {
  const cancelled = error instanceof Error && error.name === 'AbortError';
  const busy = isStoreBusy(error);
  const message = error instanceof Error ? error.message : String(error);
  const code = typeof error === 'object' && error && 'code' in error ? String((error as { code: unknown }).code) : undefined;
  const d = db();
  const ended = d.transaction('rw', [d.runs, d.sources, d.columns], async () => {
    const current = await d.runs.get(runId);
    if (!current) return;
    const interrupted = busy && isResumable(current);
    if (!cancelled && !interrupted) await removeLeftovers(current);
    const status = current.results.supersededBy ? 'cancelled' : cancelled ? 'cancelled' : interrupted ? 'interrupted' : 'failed';
    await d.runs.update(runId, { status, finishedAt: Date.now(), results: { ...current.results, ...extra, error: message, ...(code ? { code } : {}) } });
  });
  if (busy) ended.catch(() => undefined);
  else await ended;
}

/**
 * Marks the dataset's runs that are "running" with nobody holding their lock as interrupted. A run that
 * cannot resume loses what it wrote under its own id; a resumable one keeps its chunks and checkpoint.
 * Returns every interrupted run not yet settled, newest first.
 */
export async function sweepInterruptedRuns(datasetId: string, locks: RunLocks | null = browserLocks()): Promise<Run[]> {
  if (!locks) return [];
  const held = new Set(((await locks.query()).held ?? []).map((lock) => lock.name));
  const d = db();
  const swept: string[] = [];
  await d.transaction('rw', [d.runs, d.sources, d.columns, d.audit], async () => {
    const runs = await d.runs.where('datasetId').equals(datasetId).toArray();
    for (const run of runs) {
      if (run.status !== 'running' || held.has(runLockName(run.id))) continue;
      if (!isResumable(run)) await removeLeftovers(run);
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

/**
 * The user let a stopped run go (or ran it again): it stays in the history as discarded, and what it
 * wrote so far is removed. Applies to interrupted runs (swept or not yet), and to resumable runs that
 * were cancelled.
 */
export async function discardInterruptedRun(runId: string, locks: RunLocks | null = browserLocks(), startWithinMs = USER_WRITE_DEADLINE_MS): Promise<void> {
  // A "running" run nobody holds the lock of is interrupted, swept or not (it may be another tab's to sweep).
  const orphan = locks ? !((await locks.query()).held ?? []).some((lock) => lock.name === runLockName(runId)) : false;
  const d = db();
  // The user clicked Discard and waits: a store another tab holds gives a specific error, not silence.
  await startBounded('Discarding the run', 'rw', [d.runs, d.sources, d.columns, d.audit], async () => {
    const run = await d.runs.get(runId);
    if (!run || run.results.discarded || run.results.supersededBy) return;
    const stopped = run.status === 'interrupted' || (run.status === 'running' && orphan) || (run.status === 'cancelled' && isResumable(run));
    if (!stopped) return;
    await removeLeftovers(run);
    await d.runs.update(runId, { status: 'cancelled', finishedAt: run.finishedAt ?? Date.now(), results: { ...run.results, discarded: true } });
    await audit(run.datasetId, 'discard-run', { runId, kind: run.kind });
  }, startWithinMs);
}

/**
 * Resolves once every lock of the dataset's "running" runs is free. A reloaded tab can open before the
 * old page's workers have let go of their locks; sweeping again after this catches those runs too.
 */
export async function whenRunLocksFree(datasetId: string, locks: RunLocks | null = browserLocks()): Promise<void> {
  if (!locks) return;
  const running = (await db().runs.where('datasetId').equals(datasetId).toArray()).filter((r) => r.status === 'running');
  await Promise.all(running.map((run) => locks.request(runLockName(run.id), async () => {})));
}

/**
 * After the page stopped a worker that did not stop by itself (Cancel's hard stop, or a crash), the
 * worker's runs of `kind` could not record their end: once their locks are free, record it for them.
 */
export async function settleStoppedRuns(datasetId: string, kind: string, startedSince: number, reason: string, locks: RunLocks | null = browserLocks(), startWithinMs = USER_WRITE_DEADLINE_MS): Promise<void> {
  if (!locks) return;
  const d = db();
  try {
    // Only runs begun since the stopped call started: a run another tab has going is not waited for.
    const running = await startBounded('Reading the stopped runs', 'r', [d.runs], async () => (await d.runs.where('[datasetId+kind]').equals([datasetId, kind]).toArray()).filter((r) => r.status === 'running' && r.createdAt >= startedSince), startWithinMs);
    await Promise.all(running.map((run) => locks.request(runLockName(run.id), async () => {})));
    const held = new Set(((await locks.query()).held ?? []).map((lock) => lock.name));
    await startBounded('Recording the stopped run', 'rw', [d.runs], async () => {
      for (const run of running) {
        const current = await d.runs.get(run.id);
        if (current?.status !== 'running' || held.has(runLockName(run.id))) continue;
        await d.runs.update(run.id, { status: 'cancelled', finishedAt: Date.now(), results: { ...current.results, error: reason } });
      }
    }, startWithinMs);
  } catch (error) {
    // The Cancel already happened; a store another tab holds only delays the record: the run is left
    // "running" with its lock free, and the next sweep marks it interrupted.
    if (!isStoreBusy(error)) throw error;
  }
}
