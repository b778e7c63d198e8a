import { liveQuery } from 'dexie';
import { planSet, planUndo, type ConflictPolicy, type LabelPlan } from '../core/label-cas';
import { applyChange, replay, type AuthorName, type LabelChange, type LabelState } from '../core/labels';
import { db, type LabelEvent } from './db';
import { autoSnapshot } from './snapshots';
import { startBounded, USER_WRITE_DEADLINE_MS } from './bounded-write';

export async function loadLabelEvents(datasetId: string): Promise<LabelEvent[]> {
  return db().labelEvents.where('[datasetId+seq]').between([datasetId, -Infinity], [datasetId, Infinity]).toArray();
}

export async function loadLabelState(datasetId: string, itemCount: number): Promise<{ state: LabelState; events: LabelEvent[] }> {
  const events = await loadLabelEvents(datasetId);
  return { state: replay(itemCount, events), events };
}

/**
 * A tab's copy of a dataset's labels: the state replayed from the log up to `lastSeq`. Other tabs append
 * to the same log, so the copy is brought up to date (`absorb`) before any write is planned against it.
 */
export interface LabelReplica {
  datasetId: string;
  state: LabelState;
  events: LabelEvent[];
  lastSeq: number;
}

/** Applies the events the replica has not seen yet, in log order; returns how many were new. */
export function absorb(replica: LabelReplica, events: readonly LabelEvent[]): number {
  let added = 0;
  for (const event of events) {
    if (event.seq === undefined || event.seq <= replica.lastSeq) continue;
    applyChange(replica.state, event);
    replica.events.push(event);
    replica.lastSeq = event.seq;
    added++;
  }
  return added;
}

export function replicaOf(datasetId: string, state: LabelState, events: LabelEvent[]): LabelReplica {
  return { datasetId, state, events, lastSeq: events.reduce((max, e) => Math.max(max, e.seq ?? 0), 0) };
}

function newerEvents(replica: LabelReplica): Promise<LabelEvent[]> {
  return db().labelEvents.where('[datasetId+seq]').between([replica.datasetId, replica.lastSeq], [replica.datasetId, Infinity], false, true).toArray();
}

export interface LabelWriteResult {
  /** The event written, or null when nothing was (no change, or conflicts left for the user). */
  event: LabelEvent | null;
  /** Items that conflict (changed by another tab since the user saw them); none were written with 'ask'. */
  conflicts: number;
  /** Events from other tabs that arrived with this write. */
  absorbed: number;
}

/**
 * A compare-and-set on the label log: in one transaction, reads what other tabs wrote since the replica
 * last looked, plans the change against those stored labels, and appends it. IndexedDB runs read-write
 * transactions over the same store one at a time, across tabs, so no write can slip in between.
 */
async function commitPlanned(replica: LabelReplica, plan: () => LabelPlan, auditAction: (change: LabelChange) => string | null, what: string, startWithinMs: number): Promise<LabelWriteResult> {
  const d = db();
  // Started within a deadline, like an LF save: behind a writer stuck elsewhere a label key would
  // otherwise wait in silence (and every later one behind it).
  const result = await startBounded(what, 'rw', [d.labelEvents, d.audit], async (): Promise<LabelWriteResult> => {
    const absorbed = absorb(replica, await newerEvents(replica));
    const { change, conflicts } = plan();
    if (!change) return { event: null, conflicts: conflicts.length, absorbed };
    const event: LabelEvent = { ...change, datasetId: replica.datasetId };
    event.seq = await d.labelEvents.add(event);
    const action = auditAction(change);
    if (action) await d.audit.add({ datasetId: replica.datasetId, action, detail: { items: change.items.length, label: change.labels[0], conflicts: conflicts.length }, at: change.at });
    return { event, conflicts: conflicts.length, absorbed };
  }, startWithinMs);
  // Applied once durable: a transaction that fails to commit leaves the replica as the store is.
  if (result.event) absorb(replica, [result.event]);
  return result;
}

/** Sets `label` on `items`; `seen[i]` is the label the user saw on `items[i]` when deciding. */
export async function writeLabels(replica: LabelReplica, items: Uint32Array, seen: Int16Array, label: number, by: AuthorName, policy: ConflictPolicy, startWithinMs = USER_WRITE_DEADLINE_MS): Promise<LabelWriteResult> {
  // A bulk change is one keystroke away from losing many labels: keep the state before it.
  if (items.length > 1) await autoSnapshot(replica.datasetId, 'before bulk label');
  const at = Date.now();
  return commitPlanned(replica, () => planSet(replica.state, items, seen, label, by, at, policy), (change) => (change.items.length > 1 ? 'bulk-label' : null), 'Labeling', startWithinMs);
}

export interface UndoResult extends LabelWriteResult {
  /** The change being undone, or null when `pick` found none. */
  target: LabelEvent | null;
}

/**
 * Reverts the change `pick` chooses from the up-to-date log (null: nothing to undo), where it is
 * still current (see planUndo). Picked inside the transaction, so a change another tab undid meanwhile
 * is not undone twice.
 */
export async function undoLabels(replica: LabelReplica, pick: (replica: LabelReplica) => LabelEvent | null, policy: ConflictPolicy, startWithinMs = USER_WRITE_DEADLINE_MS): Promise<UndoResult> {
  const likely = pick(replica);
  if (likely && likely.items.length > 1) await autoSnapshot(replica.datasetId, 'before undoing a bulk label');
  const at = Date.now();
  let target: LabelEvent | null = null;
  const result = await commitPlanned(
    replica,
    () => {
      target = pick(replica);
      return target ? planUndo(replica.state, target, at, policy) : { change: null, conflicts: new Uint32Array() };
    },
    (change) => (change.items.length > 1 ? 'undo-bulk-label' : null),
    'Undoing',
    startWithinMs,
  );
  return { ...result, target };
}

/** Seqs of the set events that an undo in the log reverts. */
export function undoneSeqs(events: readonly LabelEvent[]): Set<number> {
  const undone = new Set<number>();
  for (const event of events) if (event.kind === 'undo' && event.undoes !== undefined) undone.add(event.undoes);
  return undone;
}

/**
 * Follows the label log as other tabs and workers append to it (Dexie's liveQuery reaches across tabs),
 * calling `onEvents` with what the replica has not absorbed yet. Returns the unsubscribe function.
 */
export function followLabels(replica: LabelReplica, onEvents: (events: LabelEvent[]) => void, onError: (error: unknown) => void): () => void {
  const subscription = liveQuery(() => newerEvents(replica)).subscribe({
    next: (events) => events.length > 0 && onEvents(events),
    error: onError,
  });
  return () => subscription.unsubscribe();
}
