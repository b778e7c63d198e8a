import { signal } from '@preact/signals';
import { readItems, type ItemRow } from '../../data/items';
import { flagForReview } from '../../data/review-flags';
import type { ReviewPick, ReviewQueue, ReviewRequest } from '../../../workers/weak/review';
import { weakWorker } from '../../../workers/clients';
import type { DatasetSession } from './session';
import { runTask, say } from './tasks';
import { usableSources } from './weak';

export type ReviewStrategy = ReviewRequest['strategy'];
export type { ReviewPick };

export interface ReviewState {
  /** The dataset the queue ranks: another dataset's header must not count it. */
  datasetId: string;
  queue: ReviewQueue;
  /** Position in the queue of the item shown now. */
  at: number;
  answered: number;
  skipped: number;
  flagged: number;
}

/** The open review session of this page (one queue at a time, like the labeling cursor). */
export const review = signal<ReviewState | null>(null);

export async function buildQueue(session: DatasetSession, strategy: ReviewStrategy, batch: number, includeSplits: ('dev' | 'canary')[], embedderId?: string): Promise<void> {
  const queue = await runTask('Ranking the review queue', (signal) =>
    weakWorker.call(
      'review',
      { datasetId: session.id, strategy, batch, embedderId, labels: session.labels.label.slice(), splits: session.splits.slice(), includeSplits, sourceIds: usableSources(session.sources.value).map((s) => s.id) },
      { signal },
    ),
  );
  if (queue) review.value = { datasetId: session.id, queue, at: 0, answered: 0, skipped: 0, flagged: 0 };
}

function advance(state: ReviewState, change: Partial<ReviewState>): void {
  review.value = { ...state, ...change, at: state.at + 1 };
}

/** The user's answer on the shown item: a human label like any other ("you", timestamped, undoable). */
export async function answer(session: DatasetSession, label: number): Promise<void> {
  const state = review.value;
  const pick = state?.queue.picks[state.at];
  if (!state || !pick) return;
  advance(state, { answered: state.answered + 1 });
  try {
    // Like a class key in the list: the user answers what this tab shows now.
    await session.setLabel(Uint32Array.of(pick.item), label, 'overwrite');
  } catch (error) {
    comeBack(state, 'answered');
    say('error', `The answer was not saved: ${error instanceof Error ? error.message : error}`);
  }
}

/**
 * Like labelAndAdvance in the list: the queue moves on at once (keyboard-first) and comes back to the
 * pick whose write failed, which no longer counts, so the counts say what is stored.
 */
function comeBack(before: ReviewState, count: 'answered' | 'flagged'): void {
  const now = review.value;
  if (now?.queue !== before.queue) return;
  review.value = { ...now, at: before.at, [count]: now[count] - 1 };
}

export function skip(): void {
  const state = review.value;
  if (state && state.at < state.queue.picks.length) advance(state, { skipped: state.skipped + 1 });
}

/** Flags the shown item for a closer look later: kept in the dataset's audit log with the queue's reason. */
export async function flag(session: DatasetSession): Promise<void> {
  const state = review.value;
  const pick = state?.queue.picks[state.at];
  if (!state || !pick) return;
  advance(state, { flagged: state.flagged + 1 });
  try {
    await flagForReview(session.id, { item: pick.item, runId: state.queue.runId, suggested: pick.suggested, confidence: pick.confidence });
  } catch (error) {
    comeBack(state, 'flagged');
    say('error', `The flag was not saved: ${error instanceof Error ? error.message : error}`);
  }
}

export function closeReview(): void {
  review.value = null;
}

/** The shown items' rows (text, fields, id), read from the store for the queue's current batch. */
export function reviewItems(session: DatasetSession, picks: readonly ReviewPick[]): Promise<ItemRow[]> {
  return readItems(session.id, session.dataset.value.chunkSize, picks.map((p) => p.item));
}
