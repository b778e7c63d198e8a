import { useEffect, useState } from 'preact/hooks';
import type { DatasetSession } from '../../state/session';
import { clusterItems, dedupe, dedupeHeldOutCopies, findDuplicates, loadDedupe, memberLabel, reviewableDisagreeing, reviewDisagreeing, saveDedupeSelection } from '../../state/dedupe';
import { Split, splitNames } from '../../../core/types';
import type { ItemRow } from '../../../data/items';
import { displayText } from '../../item-text';
import { tasks } from '../../state/tasks';

const SHOWN = 100;
const count = (x: number) => x.toLocaleString('en-US');

/** "2 × 14, 3 × 2": how many clusters have each size. */
function sizeCounts(clusters: readonly number[][]): string {
  const bySize = new Map<number, number>();
  for (const c of clusters) bySize.set(c.length, (bySize.get(c.length) ?? 0) + 1);
  return [...bySize.entries()].sort((a, b) => a[0] - b[0]).map(([size, n]) => `${size} × ${count(n)}`).join(', ');
}

/** "dev, canary": the held-out splits a cluster's members come from ("" when all are pool items). */
function heldOutSplits(cluster: readonly number[], splits: Uint8Array): string {
  const found = new Set(cluster.map((i) => splits[i]).filter((s) => s !== Split.train));
  return [Split.dev, Split.canary].filter((s) => found.has(s)).map((s) => splitNames[s]).join(', ');
}

/**
 * Near-duplicates: clusters of items that are copies or nearly so (text: Jaccard of character
 * 5-grams; images and tables: cosine similarity of stored vectors), each keeping one item; clusters
 * open to show their members, those with different labels go to Review, and the kept items can
 * become a named selection.
 */
export function DedupePanel({ session }: { session: DatasetSession }) {
  const dataset = session.dataset.value;
  const text = dataset.kind === 'text';
  const [threshold, setThreshold] = useState(text ? 0.8 : 0.95);
  const [open, setOpen] = useState<number | null>(null);
  const [members, setMembers] = useState<ItemRow[]>([]);
  const [name, setName] = useState('deduplicated');
  const [keepHeldOut, setKeepHeldOut] = useState(false);
  const result = dedupe.value?.datasetId === session.id ? dedupe.value : null;
  const busy = tasks.value.some((t) => t.title === 'Finding near-duplicates');
  const className = (c: number) => dataset.classes[c]?.name ?? String(c);

  // Labels given since (here or in Review) change what each cluster keeps and which disagree.
  useEffect(() => void loadDedupe(session), [session.id, session.labelsVersion.value]);
  useEffect(() => setOpen(null), [result?.runId]);
  useEffect(() => {
    if (open === null || !result?.clusters[open]) return setMembers([]);
    void clusterItems(session, result.clusters[open]).then(setMembers);
  }, [open, result?.runId]);

  const dropped = result ? result.clusters.reduce((a, c) => a + c.length - 1, 0) : 0;
  session.splitsVersion.value;
  const reviewable = result ? reviewableDisagreeing(session, result) : { clusters: [], items: 0 };
  const heldOut = result ? dedupeHeldOutCopies(session, result) : null;
  const heldOutItems = new Set(heldOut?.items);
  const noReview =
    result && reviewable.clusters.length === 0
      ? result.disagreeing.length === 0
        ? 'No cluster has members with different labels.'
        : `The ${count(result.disagreeing.length)} cluster${result.disagreeing.length === 1 ? ' whose labels differ holds' : 's whose labels differ hold'} only dev and canary items, which are never reviewed from here.`
      : null;
  const how = result?.method === 'text' ? 'Jaccard of character 5-grams' : result?.method === 'vectors' ? `cosine similarity of ${result.vectors}` : 'exact copies only (no stored vectors: embed the items to find near-duplicates)';

  return (
    <section class="dedupe" aria-label="Near-duplicates">
      <h3>Near-duplicates</h3>
      <form class="form-row" onSubmit={(e) => { e.preventDefault(); void findDuplicates(session, threshold); }}>
        <label>
          {text ? 'Minimum Jaccard similarity' : 'Minimum cosine similarity'}
          <input type="number" min={0.01} max={1} step={0.01} value={threshold} onInput={(e) => setThreshold(Number(e.currentTarget.value))} data-testid="dedupe-threshold" />
        </label>
        <button type="submit" disabled={busy} data-testid="dedupe-run">Find near-duplicates</button>
      </form>
      {result && (
        <>
          <p data-testid="dedupe-summary">
            {count(result.clusters.length)} clusters of near-duplicates among {count(result.items)} items ({how} ≥ {result.threshold}; exact copies by content): keeping one per cluster drops {count(dropped)} items.
            {result.clusters.length > 0 && ` Sizes: ${sizeCounts(result.clusters)}.`}
          </p>
          <div class="form-row">
            <button type="button" disabled={reviewable.clusters.length === 0} aria-describedby={noReview ? 'dedupe-review-reason' : undefined} onClick={() => reviewDisagreeing(session, className)} data-testid="dedupe-review">
              Review disagreeing clusters ({count(reviewable.clusters.length)})
            </button>
            {noReview && <span class="hint" id="dedupe-review-reason" data-testid="dedupe-review-reason">{noReview}</span>}
          </div>
          {heldOut && (
            <p data-testid="dedupe-held-out">
              {heldOut.items.length === 0
                ? 'No pool item is a near-duplicate of a dev or canary item.'
                : `${count(heldOut.items.length)} pool item${heldOut.items.length === 1 ? ' is a near-duplicate' : 's are near-duplicates'} of dev or canary items (${count(heldOut.dev)} of dev, ${count(heldOut.canary)} of canary): every selection used for training (Curate, Diverse subset, the kept items here) leaves them out, so that dev and canary stay unseen.`}
            </p>
          )}
          <div class="form-row">
            <label>
              Selection name
              <input value={name} onInput={(e) => setName(e.currentTarget.value)} data-testid="dedupe-selection-name" />
            </label>
            <label title="Training on a copy of a dev or canary item teaches the model that item's answer, so dev and canary scores would overstate it.">
              <input type="checkbox" checked={keepHeldOut} onChange={(e) => setKeepHeldOut(e.currentTarget.checked)} data-testid="dedupe-keep-held-out" />
              Keep near-duplicates of dev and canary items (they leak held-out items into training)
            </label>
            <button type="button" onClick={() => void saveDedupeSelection(session, name, keepHeldOut)} data-testid="dedupe-save">Save kept items as a selection</button>
          </div>
          {result.clusters.length > 0 && (
            <table class="dedupe-clusters" data-testid="dedupe-clusters">
              <thead><tr><th>Cluster</th><th>Size</th><th>Labels</th><th>Kept item</th><th>Held-out members</th></tr></thead>
              <tbody>
                {result.clusters.slice(0, SHOWN).map((cluster, c) => {
                  const labels = [...new Set(cluster.map((i) => memberLabel(session, result, i).label).filter((l) => l >= 0))].map(className);
                  return (
                    <tr key={c} data-testid="dedupe-cluster" class={result.disagreeing.includes(c) ? 'disagreeing' : ''}>
                      <td><button type="button" class="link" onClick={() => setOpen(open === c ? null : c)} aria-expanded={open === c} data-testid="dedupe-open">Cluster {c + 1}</button></td>
                      <td>{cluster.length}</td>
                      <td>{labels.join(', ') || '–'}</td>
                      <td>item {result.keep[c]}</td>
                      <td data-testid="dedupe-cluster-held-out">{heldOutSplits(cluster, session.splits)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
          {result.clusters.length > SHOWN && <p class="hint">Showing the first {SHOWN} of {count(result.clusters.length)} clusters.</p>}
          {open !== null && members.length > 0 && (
            <table class="dedupe-members" data-testid="dedupe-members">
              <caption>Cluster {open + 1}</caption>
              <thead><tr><th>Item</th><th>Split</th><th>Text</th><th>Label</th><th>Kept</th></tr></thead>
              <tbody>
                {members.map((row) => {
                  const { label, human } = memberLabel(session, result, row.index);
                  return (
                    <tr key={row.index} data-testid="dedupe-member">
                      <td>{row.id}</td>
                      <td>{splitNames[session.splits[row.index]] ?? ''}</td>
                      <td class="issue-text">{displayText(dataset, row).slice(0, 200)}</td>
                      <td data-testid="dedupe-member-label">{label >= 0 ? `${className(label)} (${human ? 'you' : 'label model'})` : '–'}</td>
                      <td data-testid="dedupe-member-kept">{row.index === result.keep[open] ? 'kept' : ''}{heldOutItems.has(row.index) ? `${row.index === result.keep[open] ? '; ' : ''}near-duplicate of a dev/canary item` : ''}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
