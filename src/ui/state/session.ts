import { computed, signal } from '@preact/signals';
import { makeSetChange, makeUndoChange, type LabelState } from '../../core/labels';
import { matchAll, matchesEverything, type ItemQuery } from '../../core/query';
import { NO_LABEL } from '../../core/types';
import type { Dataset, LabelEvent, Source } from '../../data/db';
import { getDataset } from '../../data/datasets';
import { commitChange, loadLabelState } from '../../data/labels';
import { readSplits, writeSplits } from '../../data/splits';
import { queryWorker } from '../../../workers/clients';
import type { ItemPrediction, LabelModelSummary } from '../../../workers/weak/label-model';
import { say } from './tasks';

/**
 * Everything the dataset view shows, loaded once per open dataset. Bulk state (labels, splits) lives
 * in typed arrays mutated in place; the `version` signals tell views when to re-read them.
 */
export class DatasetSession {
  readonly dataset = signal<Dataset>(null as unknown as Dataset);
  readonly labelsVersion = signal(0);
  readonly splitsVersion = signal(0);
  readonly query = signal<ItemQuery>(matchAll);
  /** Item indices that match the query (all items when the query matches everything). */
  readonly matches = signal<Uint32Array>(new Uint32Array());
  readonly filtering = signal(false);
  readonly queryError = signal<string | null>(null);
  /** Position of the current item within `matches`. */
  readonly cursor = signal(0);
  readonly labeledCount = computed(() => {
    this.labelsVersion.value;
    let count = 0;
    for (const l of this.labels.label) if (l !== NO_LABEL) count++;
    return count;
  });
  /** Label sources (LFs, imported votes…) in vote-matrix column order. */
  readonly sources = signal<Source[]>([]);
  /** The latest label-model run's hard label and confidence per item, and its summary. */
  readonly prediction = signal<ItemPrediction | null>(null);
  readonly labelModel = signal<LabelModelSummary | null>(null);
  readonly currentItem = computed(() => {
    const m = this.matches.value;
    return m.length ? m[Math.min(this.cursor.value, m.length - 1)] : -1;
  });

  labels!: LabelState;
  events: LabelEvent[] = [];
  splits: Uint8Array = new Uint8Array();
  private filterSeq = 0;
  /** Set when the dataset view closes: actions offered for it (Undo) are no longer valid. */
  closed = false;
  /** Label writes in the order they were asked for: each computes its change from the state the previous one left. */
  private labelWrites: Promise<unknown> = Promise.resolve();

  static async open(id: string): Promise<DatasetSession | null> {
    const dataset = await getDataset(id);
    if (!dataset || dataset.status !== 'ready') return null;
    const session = new DatasetSession();
    session.dataset.value = dataset;
    const { state, events } = await loadLabelState(id, dataset.itemCount);
    session.labels = state;
    session.events = events;
    session.splits = await readSplits(dataset);
    session.matches.value = allItems(dataset.itemCount);
    return session;
  }

  get id(): string {
    return this.dataset.value.id;
  }

  async runQuery(query: ItemQuery): Promise<void> {
    this.query.value = query;
    const seq = ++this.filterSeq;
    if (matchesEverything(query)) {
      this.queryError.value = null;
      this.matches.value = allItems(this.dataset.value.itemCount);
      this.cursor.value = 0;
      return;
    }
    this.filtering.value = true;
    try {
      const result = await queryWorker.call('filter', {
        datasetId: this.id,
        query,
        labels: this.labels.label.slice(),
        splits: this.splits.slice(),
        predictions: (query.predicted ?? 'any') !== 'any' || query.confidence ? this.prediction.value : null,
      });
      if (seq !== this.filterSeq) return;
      this.queryError.value = null;
      this.matches.value = result;
      this.cursor.value = 0;
    } catch (error) {
      if (seq === this.filterSeq) this.queryError.value = error instanceof Error ? error.message : String(error);
    } finally {
      if (seq === this.filterSeq) this.filtering.value = false;
    }
  }

  /** Labels items (the current one by default) and remembers the change for undo. */
  setLabel(items: Uint32Array, label: number): Promise<number> {
    return this.inOrder(async () => {
      const change = makeSetChange(this.labels, items, label, 'you', Date.now());
      if (!change) return 0;
      const event = await commitChange(this.id, this.labels, change);
      this.events.push(event);
      this.labelsVersion.value++;
      return change.items.length;
    });
  }

  /** The seq of the change `u` would revert now (your latest one not yet reverted), or null. */
  lastUndoable(): number | null {
    return this.lastChangeOfYours()?.seq ?? null;
  }

  private lastChangeOfYours(): LabelEvent | undefined {
    const undone = new Set(this.events.filter((e) => e.kind === 'undo').map((e) => e.undoes));
    return [...this.events].reverse().find((e) => e.kind === 'set' && e.by === 'you' && !undone.has(e.seq));
  }

  /**
   * Reverts the most recent change of yours that is not yet reverted (only if it is change `seq`, when
   * given: an Undo offered for one change must never revert a later one). Returns the change it
   * reverted, or null when there was none to revert.
   */
  undo(seq?: number): Promise<LabelEvent | null> {
    return this.inOrder(async () => {
      const last = this.lastChangeOfYours();
      if (!last || (seq !== undefined && last.seq !== seq)) return null;
      const event = await commitChange(this.id, this.labels, makeUndoChange(last, Date.now()));
      this.events.push(event);
      this.labelsVersion.value++;
      return last;
    });
  }

  private inOrder<T>(write: () => Promise<T>): Promise<T> {
    const result = this.labelWrites.then(write);
    this.labelWrites = result.catch(() => undefined);
    return result;
  }

  /** How many of `items` would change if labeled `label`. */
  countChanges(items: Uint32Array, label: number): number {
    let changes = 0;
    for (const i of items) if (this.labels.label[i] !== label) changes++;
    return changes;
  }

  async saveSplits(splits: Uint8Array, reason: Record<string, unknown>): Promise<void> {
    await writeSplits(this.dataset.value, splits, reason);
    this.splits = splits;
    this.splitsVersion.value++;
    if (this.query.value.split !== 'any') await this.runQuery(this.query.value);
  }

  move(delta: number): void {
    const n = this.matches.value.length;
    if (n === 0) return;
    this.cursor.value = Math.max(0, Math.min(n - 1, this.cursor.value + delta));
  }

  close(): void {
    this.closed = true;
    queryWorker.call('forget', { datasetId: this.id }).catch((error) => say('error', String(error)));
  }
}

function allItems(n: number): Uint32Array {
  const all = new Uint32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  return all;
}
