import { signal } from '@preact/signals';
import { readItems, type ItemRow } from '../../data/items';
import { latestHeldOutCopies, type HeldOutCopiesOf } from '../../data/held-out-copies';
import { Split } from '../../core/types';
import { heldOutCopies, reviewableClusters, type HeldOutCopies } from '../../core/curation/leakage';
import type { DedupeSummary } from '../../../workers/weak/dedupe';
import { weakWorker } from '../../../workers/clients';
import { saveSelection } from './curate';
import { review } from './review';
import { go } from './route';
import type { DatasetSession } from './session';
import { runTask } from './tasks';

/** The near-duplicate clusters this page shows (the newest dedupe run's, or the one just found). */
export const dedupe = signal<(DedupeSummary & { datasetId: string }) | null>(null);

/** The newest dedupe run's clusters, with what each keeps and which disagree under the labels as they are now. */
export async function loadDedupe(session: DatasetSession): Promise<void> {
  const latest = await weakWorker.call('latestDedupe', { datasetId: session.id, labels: session.labels.label.slice() });
  if (latest) dedupe.value = { ...latest, datasetId: session.id };
}

export async function findDuplicates(session: DatasetSession, threshold: number): Promise<void> {
  const result = await runTask('Finding near-duplicates', (signal) => weakWorker.call('dedupe', { datasetId: session.id, labels: session.labels.label.slice(), threshold }, { signal }));
  if (result) dedupe.value = { ...result, datasetId: session.id };
}

/** An item's label as the cluster view shows it: a person's, else the label model's. */
export function memberLabel(session: DatasetSession, result: DedupeSummary, item: number): { label: number; human: boolean } {
  const human = session.labels.label[item];
  return human >= 0 ? { label: human, human: true } : { label: result.predicted[item] ?? -1, human: false };
}

/** Opens the Review tab on the pool members of the clusters whose labels differ (dev and canary are never reviewed from here). */
export function reviewDisagreeing(session: DatasetSession, className: (c: number) => string): void {
  const result = dedupe.value;
  if (!result || result.datasetId !== session.id) return;
  const reviewable = reviewableClusters(result.clusters, result.disagreeing, session.splits).clusters;
  if (reviewable.length === 0) return;
  const picks = reviewable.flatMap((c) => {
    const cluster = result.clusters[c];
    const votes = new Map<number, number>();
    for (const i of cluster) {
      const { label } = memberLabel(session, result, i);
      if (label >= 0) votes.set(label, (votes.get(label) ?? 0) + 1);
    }
    const labels = [...votes.keys()].sort((a, b) => a - b).map(className);
    // Suggest the label most members carry (the kept item's on a tie).
    const kept = memberLabel(session, result, result.keep[c]).label;
    const suggested = [...votes.entries()].reduce((best, [l, count]) => (count > (votes.get(best) ?? 0) ? l : best), kept >= 0 ? kept : [...votes.keys()][0]);
    return cluster.filter((item) => session.splits[item] === Split.train).map((item) => {
      return {
        item,
        suggested,
        confidence: 0,
        margin: 0,
        entropy: 0,
        dissent: 0,
        voters: 0,
        reason: `near-duplicates with different labels: one of ${cluster.length} items labelled ${labels.join(' and ')}`,
      };
    });
  });
  review.value = { datasetId: session.id, queue: { runId: result.runId, rankedOn: 'near-duplicate clusters with different labels', picks, eligible: picks.length }, at: 0, answered: 0, skipped: 0, flagged: 0 };
  go({ name: 'dataset', id: session.id, tab: 'review' });
}

/**
 * A named selection of the pool without the dropped duplicates: one item per cluster (dev and canary
 * never enter), and without near-duplicates of dev or canary items unless the user keeps them.
 */
export function saveDedupeSelection(session: DatasetSession, name: string, keepHeldOutCopies = false): Promise<void> {
  const result = dedupe.value;
  if (!result || result.datasetId !== session.id) return Promise.resolve();
  return saveSelection(session, name, { duplicates: result.clusters, ...(keepHeldOutCopies ? { keepHeldOutCopies } : {}) });
}

/** Disagreeing clusters with pool members to review, under the splits as they are now. */
export function reviewableDisagreeing(session: DatasetSession, result: DedupeSummary): { clusters: number[]; items: number } {
  return reviewableClusters(result.clusters, result.disagreeing, session.splits);
}

/** Pool items that near-duplicate dev or canary items, under the splits as they are now. */
export function dedupeHeldOutCopies(session: DatasetSession, result: DedupeSummary): HeldOutCopies {
  return heldOutCopies(result.clusters, session.splits);
}

export function clusterItems(session: DatasetSession, items: readonly number[]): Promise<ItemRow[]> {
  return readItems(session.id, session.dataset.value.chunkSize, items);
}

/** Pool items near-duplicating dev or canary items by the newest stored dedupe run (for pages that have not loaded one). */
export function storedHeldOutCopies(session: DatasetSession): Promise<HeldOutCopiesOf | null> {
  return latestHeldOutCopies(session.id, session.splits);
}
