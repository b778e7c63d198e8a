import { useEffect, useState } from 'preact/hooks';
import type { DatasetSession } from '../../state/session';
import { clusterItems, dedupe, findDuplicates, loadDedupe, memberLabel, reviewDisagreeing, saveDedupeSelection } from '../../state/dedupe';
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
            <button type="button" disabled={result.disagreeing.length === 0} onClick={() => reviewDisagreeing(session, className)} data-testid="dedupe-review">
              Review disagreeing clusters ({count(result.disagreeing.length)})
            </button>
            <label>
              Selection name
              <input value={name} onInput={(e) => setName(e.currentTarget.value)} data-testid="dedupe-selection-name" />
            </label>
            <button type="button" onClick={() => void saveDedupeSelection(session, name)} data-testid="dedupe-save">Save kept items as a selection</button>
          </div>
          {result.clusters.length > 0 && (
            <table class="dedupe-clusters" data-testid="dedupe-clusters">
              <thead><tr><th>Cluster</th><th>Size</th><th>Labels</th><th>Kept item</th></tr></thead>
              <tbody>
                {result.clusters.slice(0, SHOWN).map((cluster, c) => {
                  const labels = [...new Set(cluster.map((i) => memberLabel(session, result, i).label).filter((l) => l >= 0))].map(className);
                  return (
                    <tr key={c} data-testid="dedupe-cluster" class={result.disagreeing.includes(c) ? 'disagreeing' : ''}>
                      <td><button type="button" class="link" onClick={() => setOpen(open === c ? null : c)} aria-expanded={open === c} data-testid="dedupe-open">Cluster {c + 1}</button></td>
                      <td>{cluster.length}</td>
                      <td>{labels.join(', ') || '–'}</td>
                      <td>item {result.keep[c]}</td>
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
              <thead><tr><th>Item</th><th>Text</th><th>Label</th><th>Kept</th></tr></thead>
              <tbody>
                {members.map((row) => {
                  const { label, human } = memberLabel(session, result, row.index);
                  return (
                    <tr key={row.index} data-testid="dedupe-member">
                      <td>{row.id}</td>
                      <td class="issue-text">{displayText(dataset, row).slice(0, 200)}</td>
                      <td data-testid="dedupe-member-label">{label >= 0 ? `${className(label)} (${human ? 'you' : 'label model'})` : '–'}</td>
                      <td>{row.index === result.keep[open] ? 'kept' : ''}</td>
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
