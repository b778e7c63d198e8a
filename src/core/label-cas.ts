import { labelAt, type AuthorName, type LabelChange, type LabelState } from './labels';

/**
 * Label writes as compare-and-set. Several tabs (and workers) write the same label log, so a write is
 * planned inside its storage transaction against the labels the store holds at that moment, and
 * compared with what the user saw when deciding. An item another writer changed since is a conflict:
 * the caller asks the user, then plans again skipping or overwriting those items.
 */
export type ConflictPolicy = 'ask' | 'skip' | 'overwrite';

export interface LabelPlan {
  /** What to write; null when nothing is written (nothing changes, or conflicts wait for the user). */
  change: LabelChange | null;
  /** Items whose stored label is no longer what the user saw (or what the change being undone set). */
  conflicts: Uint32Array;
}

/** `items` ascending without duplicates, each with its `seen` label. */
function sortedPairs(items: Uint32Array, seen: Int16Array): { items: Uint32Array; seen: Int16Array } {
  const order = Array.from(items.keys()).sort((a, b) => items[a] - items[b]);
  const outItems = new Uint32Array(order.length);
  const outSeen = new Int16Array(order.length);
  let count = 0;
  for (const at of order) {
    if (count > 0 && outItems[count - 1] === items[at]) continue;
    outItems[count] = items[at];
    outSeen[count++] = seen[at];
  }
  return { items: outItems.slice(0, count), seen: outSeen.slice(0, count) };
}

/**
 * Sets `label` on `items`, where `seen[i]` is the label the user saw on `items[i]`. An item whose
 * stored label differs from what was seen conflicts, unless another writer already gave it `label`.
 * The previous labels recorded in the change are the stored ones.
 */
export function planSet(state: LabelState, items: Uint32Array, seen: Int16Array, label: number, by: AuthorName, at: number, policy: ConflictPolicy): LabelPlan {
  if (seen.length !== items.length) throw new Error(`planSet: ${items.length} items but ${seen.length} seen labels`);
  const sorted = sortedPairs(items, seen);
  const conflicts: number[] = [];
  const changed: number[] = [];
  for (let i = 0; i < sorted.items.length; i++) {
    const item = sorted.items[i];
    const stored = state.label[item];
    const conflict = stored !== sorted.seen[i] && stored !== label;
    if (conflict) conflicts.push(item);
    if (stored !== label && (!conflict || policy === 'overwrite')) changed.push(item);
  }
  if (conflicts.length > 0 && policy === 'ask') return { change: null, conflicts: Uint32Array.from(conflicts) };
  if (changed.length === 0) return { change: null, conflicts: Uint32Array.from(conflicts) };
  const changedItems = Uint32Array.from(changed);
  const prev = new Int16Array(changedItems.length);
  for (let i = 0; i < prev.length; i++) prev[i] = state.label[changedItems[i]];
  return { change: { kind: 'set', by, at, items: changedItems, labels: Int16Array.of(label), prev }, conflicts: Uint32Array.from(conflicts) };
}

/**
 * Reverts `target` where it is still current: an item whose stored label is no longer what `target`
 * set was changed by someone since, and conflicts. Items already back at their old label need nothing.
 * With `skip`, or when nothing is left to revert, the undo is still recorded (with no items) so the
 * same change is not offered for undo again.
 */
export function planUndo(state: LabelState, target: LabelChange, at: number, policy: ConflictPolicy): LabelPlan {
  const conflicts: number[] = [];
  const items: number[] = [];
  const labels: number[] = [];
  for (let i = 0; i < target.items.length; i++) {
    const item = target.items[i];
    const stored = state.label[item];
    const old = target.prev[i];
    if (stored === old) continue;
    const conflict = stored !== labelAt(target, i);
    if (conflict) conflicts.push(item);
    if (!conflict || policy === 'overwrite') {
      items.push(item);
      labels.push(old);
    }
  }
  if (conflicts.length > 0 && policy === 'ask') return { change: null, conflicts: Uint32Array.from(conflicts) };
  const changedItems = Uint32Array.from(items);
  const prev = new Int16Array(changedItems.length);
  for (let i = 0; i < prev.length; i++) prev[i] = state.label[changedItems[i]];
  // One label per item even for a single item: labelAt reads a length-1 array as "this label for all".
  return { change: { kind: 'undo', by: target.by, at, items: changedItems, labels: Int16Array.from(labels), prev, undoes: target.seq }, conflicts: Uint32Array.from(conflicts) };
}
