import { NO_LABEL } from './types';

/** Who set an item's current label, as stored per item in `LabelState.author`. */
export const Author = { none: 0, import: 1, you: 2, review: 3 } as const;
export type AuthorName = Exclude<keyof typeof Author, 'none'>;
export const authorNames = ['', 'import', 'you', 'review'] as const;

/** The minimal view of a label event that replay needs (the stored record has more). */
export interface LabelChange {
  seq?: number;
  kind: 'set' | 'undo';
  by: AuthorName;
  at: number;
  items: Uint32Array;
  labels: Int16Array;
  prev: Int16Array;
  undoes?: number;
}

/** Current human labels of a dataset, one slot per item. */
export interface LabelState {
  label: Int16Array;
  author: Uint8Array;
  at: Float64Array;
}

export function emptyLabelState(n: number): LabelState {
  return { label: new Int16Array(n).fill(NO_LABEL), author: new Uint8Array(n), at: new Float64Array(n) };
}

export function labelAt(change: LabelChange, i: number): number {
  return change.labels.length === 1 ? change.labels[0] : change.labels[i];
}

/** Applies one change in place; events must be applied in seq order. */
export function applyChange(state: LabelState, change: LabelChange): void {
  const authorCode = Author[change.by];
  const { items } = change;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const label = labelAt(change, i);
    state.label[item] = label;
    state.author[item] = label === NO_LABEL ? Author.none : authorCode;
    state.at[item] = label === NO_LABEL ? 0 : change.at;
  }
}

export function replay(n: number, changes: Iterable<LabelChange>): LabelState {
  const state = emptyLabelState(n);
  for (const change of changes) applyChange(state, change);
  return state;
}

/** Position of `item` in a change's sorted item list, or -1. */
export function indexInChange(change: LabelChange, item: number): number {
  const { items } = change;
  let lo = 0;
  let hi = items.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const value = items[mid];
    if (value === item) return mid;
    if (value < item) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

export interface HistoryEntry {
  label: number;
  previous: number;
  by: AuthorName;
  at: number;
  kind: 'set' | 'undo';
}

/** Every change to one item, oldest first. */
export function historyOf(changes: Iterable<LabelChange>, item: number): HistoryEntry[] {
  const out: HistoryEntry[] = [];
  for (const change of changes) {
    const i = indexInChange(change, item);
    if (i < 0) continue;
    out.push({ label: labelAt(change, i), previous: change.prev[i], by: change.by, at: change.at, kind: change.kind });
  }
  return out;
}
