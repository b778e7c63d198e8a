import { signal } from '@preact/signals';
import type { GateCriteria } from '../../core/snapshot/gate';
import type { GateRecord, Snapshot } from '../../data/db';
import { getGate, saveGateCriteria } from '../../data/gate';
import { loadLabelState } from '../../data/labels';
import { diffSnapshots, listSnapshots, rollbackTo, takeSnapshot, watchSnapshots, type SnapshotDiff } from '../../data/snapshots';
import { readSplits } from '../../data/splits';
import type { DatasetSession } from './session';
import { runTask, say } from './tasks';
import { loadWeakState } from './weak';

/** What the Snapshots tab shows; every write goes through src/data. */
export const snapshots = signal<Snapshot[]>([]);
export const snapshotDiff = signal<SnapshotDiff | null>(null);
export const gate = signal<GateRecord | null>(null);

export async function refreshSnapshots(session: DatasetSession): Promise<void> {
  const [list, g] = await Promise.all([listSnapshots(session.id), getGate(session.id)]);
  snapshots.value = list;
  gate.value = g;
}

/** Keeps `snapshots` and `gate` live while the tab is open; returns the unsubscribe function. */
export function followSnapshots(session: DatasetSession): () => void {
  return watchSnapshots(
    session.id,
    (list, g) => {
      snapshots.value = list;
      gate.value = g;
    },
    (error) => say('error', `Could not read the snapshots: ${error instanceof Error ? error.message : error}`),
  );
}

export async function snapshotNow(session: DatasetSession, name: string): Promise<void> {
  const taken = await runTask('Taking a snapshot', () => takeSnapshot(session.id, { name, by: 'you', reason: 'by hand' }));
  if (taken) say('info', `Snapshot "${taken.name}" taken.`);
  await refreshSnapshots(session);
}

export async function compareSnapshots(session: DatasetSession, a: string, b: string): Promise<void> {
  const diff = await runTask('Comparing snapshots', () => diffSnapshots(session.id, a, b));
  if (diff) snapshotDiff.value = diff;
}

/** Rolls back, then re-reads everything the open dataset holds in memory. */
export async function rollback(session: DatasetSession, target: Snapshot): Promise<void> {
  const result = await runTask(`Rolling back to "${target.name}"`, () => rollbackTo(session.id, target.id));
  if (!result) return;
  const dataset = session.dataset.value;
  const { state, events } = await loadLabelState(session.id, dataset.itemCount);
  session.labels = state;
  session.events = events;
  session.splits = await readSplits(dataset);
  session.labelsVersion.value++;
  session.splitsVersion.value++;
  await loadWeakState(session);
  await session.runQuery(session.query.value);
  snapshotDiff.value = null;
  await refreshSnapshots(session);
  say('info', `Rolled back to "${target.name}": ${result.labelsRestored.toLocaleString('en-US')} labels restored. "${result.before.name}" holds the state before, to undo this.`);
}

export async function saveGate(session: DatasetSession, criteria: GateCriteria): Promise<boolean> {
  try {
    gate.value = await saveGateCriteria(session.id, criteria);
    say('info', 'Canary gate saved.');
    return true;
  } catch (error) {
    say('error', error instanceof Error ? error.message : String(error));
    return false;
  }
}
