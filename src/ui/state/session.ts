import { computed, signal } from '@preact/signals';
import type { ConflictPolicy } from '../../core/label-cas';
import type { LabelState } from '../../core/labels';
import { matchAll, matchesEverything, type ItemQuery } from '../../core/query';
import { NO_LABEL } from '../../core/types';
import type { Dataset, LabelEvent, Source } from '../../data/db';
import { getDataset } from '../../data/datasets';
import { absorb, followLabels, loadLabelState, replicaOf, undoneSeqs, undoLabels, writeLabels, type LabelReplica } from '../../data/labels';
import { readSplits, writeSplits } from '../../data/splits';
import { readSyntheticMarks } from '../../data/synthetic';
import { queryWorker } from '../../../workers/clients';
import type { ItemPrediction, LabelModelSummary } from '../../../workers/weak/label-model';
import { say } from './tasks';

/**
 * Bumped when the open dataset's items change under its session (a synthetic batch appended): the
 * dataset view then opens a fresh session, since labels, splits and matches are sized to the items.
 */
export const itemsChanged = signal(0);

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
  /** `labels` and `events` as the copy of the shared label log that writes are planned against. */
  private replica!: LabelReplica;
  /** Set events made in this tab, oldest first: what undo reverts. */
  private readonly own: number[] = [];
  /** Events up to this seq were in the log when the dataset opened (undo may reach them after a reload). */
  private openedAt = 0;
  private unfollow: (() => void) | null = null;
  splits: Uint8Array = new Uint8Array();
  /** Each item's synthetic batch number (0 = real): such items stay out of dev and canary draws. */
  synthetic: Uint8Array = new Uint8Array();
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
    session.replica = replicaOf(id, state, events);
    session.openedAt = session.replica.lastSeq;
    session.splits = await readSplits(dataset);
    session.synthetic = await readSyntheticMarks(dataset);
    session.matches.value = allItems(dataset.itemCount);
    // Labels written in other tabs show up here without a reload (from the first event after the load).
    session.unfollow = followLabels(
      session.replica,
      (fresh) => absorb(session.replica, fresh) > 0 && session.labelsVersion.value++,
      (error) => say('error', `Labels from other tabs are no longer followed: ${error instanceof Error ? error.message : error}`),
    );
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

  /**
   * Labels `items`. `seen` is what the user saw on them when deciding (by default the labels this tab
   * shows now); items another tab changed since conflict, and `policy` says what to do with them:
   * 'ask' writes nothing and returns how many conflict, 'skip' leaves them, 'overwrite' labels them too.
   */
  setLabel(items: Uint32Array, label: number, policy: ConflictPolicy = 'ask', seen: Int16Array = this.seenLabels(items)): Promise<LabelWriteOutcome> {
    return this.inOrder(async () => {
      const result = await writeLabels(this.replica, items, seen, label, 'you', policy);
      if (result.event?.seq !== undefined) this.own.push(result.event.seq);
      if (result.event || result.absorbed) this.labelsVersion.value++;
      return { written: result.event?.items.length ?? 0, conflicts: result.conflicts };
    });
  }

  /** The seq of the change `u` would revert now, or null. */
  lastUndoable(): number | null {
    return this.undoTarget(this.replica)?.seq ?? null;
  }

  /** Your latest change made in this tab (or, when none, before the dataset was opened) that nobody undid. */
  private undoTarget(replica: LabelReplica): LabelEvent | null {
    const undone = undoneSeqs(replica.events);
    const mine = [...this.own].reverse().find((seq) => !undone.has(seq));
    if (mine !== undefined) return replica.events.find((e) => e.seq === mine) ?? null;
    return [...replica.events].reverse().find((e) => e.kind === 'set' && e.by === 'you' && e.seq! <= this.openedAt && !undone.has(e.seq!)) ?? null;
  }

  /** The labels this tab shows on `items` now. */
  seenLabels(items: Uint32Array): Int16Array {
    return Int16Array.from(items, (item) => this.labels.label[item]);
  }

  /**
   * Reverts your most recent change made in this tab (or, when this tab made none, made before the
   * dataset was opened) that nobody has undone, only where its labels are still current: items changed
   * since (in another tab) conflict and are handled per `policy` as in setLabel.
   */
  undo(policy: ConflictPolicy = 'ask', onlySeq?: number): Promise<UndoOutcome> {
    return this.inOrder(async () => {
      // An Undo offered for one change (a toast) must never revert a later one.
      const pick = (replica: LabelReplica): LabelEvent | null => {
        const target = this.undoTarget(replica);
        return onlySeq !== undefined && target?.seq !== onlySeq ? null : target;
      };
      const result = await undoLabels(this.replica, pick, policy);
      if (result.event || result.absorbed) this.labelsVersion.value++;
      const target = result.target;
      if (!target) return { found: false, item: null, written: 0, conflicts: 0 };
      return { found: true, item: target.items.length === 1 ? target.items[0] : null, written: result.event?.items.length ?? 0, conflicts: result.conflicts };
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
    this.unfollow?.();
    this.unfollow = null;
    this.closed = true;
    queryWorker.call('forget', { datasetId: this.id }).catch((error) => say('error', String(error)));
  }
}

export interface LabelWriteOutcome {
  /** Items whose label was written. */
  written: number;
  /** Items another tab changed since they were seen (not written when the policy was 'ask'). */
  conflicts: number;
}

export interface UndoOutcome extends LabelWriteOutcome {
  /** False when there was nothing of yours left to undo. */
  found: boolean;
  /** The item a single-item undo reverted (to show it), else null. */
  item: number | null;
}

function allItems(n: number): Uint32Array {
  const all = new Uint32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  return all;
}
