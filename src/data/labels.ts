import { applyChange, replay, type LabelChange, type LabelState } from '../core/labels';
import { audit } from './datasets';
import { db, type LabelEvent } from './db';
import { autoSnapshot } from './snapshots';

export async function loadLabelEvents(datasetId: string): Promise<LabelEvent[]> {
  return db().labelEvents.where('[datasetId+seq]').between([datasetId, -Infinity], [datasetId, Infinity]).toArray();
}

export async function loadLabelState(datasetId: string, itemCount: number): Promise<{ state: LabelState; events: LabelEvent[] }> {
  const events = await loadLabelEvents(datasetId);
  return { state: replay(itemCount, events), events };
}

/** Persists one change and applies it to the in-memory state only once it is durable. */
export async function commitChange(datasetId: string, state: LabelState, change: LabelChange): Promise<LabelEvent> {
  // A bulk change (or its undo) is one keystroke away from losing many labels: keep the state before it.
  if (change.items.length > 1) await autoSnapshot(datasetId, change.kind === 'undo' ? 'before undoing a bulk label' : 'before bulk label');
  const event: LabelEvent = { ...change, datasetId };
  event.seq = await db().labelEvents.add(event);
  applyChange(state, change);
  if (change.items.length > 1) await audit(datasetId, change.kind === 'undo' ? 'undo-bulk-label' : 'bulk-label', { items: change.items.length, label: change.labels[0] });
  return event;
}
