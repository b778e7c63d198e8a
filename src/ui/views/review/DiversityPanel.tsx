import { useState } from 'preact/hooks';
import { useLive } from '../../hooks/live';
import { diverse, pickDiverse } from '../../state/diversity';
import { storedEmbeddings } from '../../state/selections';
import type { DatasetSession } from '../../state/session';

const count = (x: number) => x.toLocaleString('en-US');

/**
 * Diverse subset: k-center greedy on an embedder's stored vectors picks N pool items (or N members of a
 * saved selection) that cover the pool, saved as a selection of their own. Dev and canary never enter.
 */
export function DiversityPanel({ session, selections }: { session: DatasetSession; selections: string[] }) {
  const classes = session.dataset.value.classes;
  const embeddings = useLive(() => storedEmbeddings(session.id), [session.id], [] as string[]);
  const [name, setName] = useState('diverse');
  const [size, setSize] = useState(100);
  const [embedder, setEmbedder] = useState('');
  const [within, setWithin] = useState('');
  const [secondThread, setSecondThread] = useState(false);
  const chosen = embeddings.includes(embedder) ? embedder : (embeddings[0] ?? '');
  const result = diverse.value?.datasetId === session.id ? diverse.value : null;

  const submit = () => void pickDiverse(session, { name, size, embedderId: chosen, within: selections.includes(within) ? within : null, secondThread });

  return (
    <section class="diversity" aria-labelledby="diversity-title">
      <h3 id="diversity-title">Diverse subset</h3>
      <p class="hint">Picks items far apart from each other (k-center greedy on stored vectors), so the subset covers the pool rather than its densest part. Pool items that near-duplicate dev or canary items (by the newest near-duplicate search) are never picked.</p>
      {embeddings.length === 0 ? (
        <p data-testid="diversity-no-vectors">
          This dataset has no stored vectors yet. Run an embedder in the Teachers tab first: the built-in hashed n-gram embedder for text, image pixels for
          images, or an embedding model of your own.
        </p>
      ) : (
        <form onSubmit={(e) => { e.preventDefault(); submit(); }}>
          <div class="form-row">
            <label>
              Subset name
              <input value={name} onInput={(e) => setName(e.currentTarget.value)} data-testid="diversity-name" />
            </label>
            <label>
              Items to pick
              <input type="number" min={1} step={1} value={size} onInput={(e) => setSize(Number(e.currentTarget.value))} data-testid="diversity-size" />
            </label>
            <label>
              Vectors
              <select value={chosen} onChange={(e) => setEmbedder(e.currentTarget.value)} data-testid="diversity-embedder">
                {embeddings.map((id) => <option key={id} value={id}>{id}</option>)}
              </select>
            </label>
            <label>
              Pick among
              <select value={selections.includes(within) ? within : ''} onChange={(e) => setWithin(e.currentTarget.value)} data-testid="diversity-within">
                <option value="">the whole pool</option>
                {selections.map((s) => <option key={s} value={s}>selection “{s}”</option>)}
              </select>
            </label>
            <label title="Each thread repeats the pass over earlier picks: in the benchmark two threads finished in about 0.8× the time of one and used about 1.2× the CPU, taking the core the page and other workers share.">
              <input type="checkbox" checked={secondThread} onChange={(e) => setSecondThread(e.currentTarget.checked)} data-testid="diversity-second-thread" />
              Use a second thread (sooner, more CPU in all)
            </label>
          </div>
          <button type="submit" data-testid="diversity-save">Pick and save</button>
        </form>
      )}
      {result && (
        <>
          <p data-testid="diversity-summary">
            Selection “{result.name}”: {count(result.picked)} of {count(result.candidates)} candidates{result.sampled < result.candidates ? ` (measured on a sample of ${count(result.sampled)})` : ''}; every measured candidate lies within{' '}
            <span data-testid="diversity-radius">{result.radius.toPrecision(3)}</span> of a pick. Picked on{' '}
            <span data-testid="diversity-threads">{result.threads === 1 ? '1 thread' : `${result.threads} threads`}</span>. Labels: {result.labelsFrom}.
          </p>
          <p class="hint" data-testid="diversity-held-out">
            {result.heldOut
              ? `${count(result.heldOutLeft)} candidate${result.heldOutLeft === 1 ? '' : 's'} left out as near-duplicates of dev or canary items (dedupe run ${result.heldOut.dedupeRunId}).`
              : 'No near-duplicate search has run yet, so pool items that copy dev or canary items could not be left out: run "Find near-duplicates" below, then pick again.'}
          </p>
          <table data-testid="diversity-table">
            <thead><tr><th>Class</th><th>Candidates</th><th>Picked</th><th>Total weight</th></tr></thead>
            <tbody>
              {[...classes.map((c) => c.name), 'no label'].map((label, i) => (
                <tr key={label} data-testid="diversity-row">
                  <th scope="row">{label}</th>
                  <td>{count(result.before[i])}</td>
                  <td>{count(result.after[i])}</td>
                  <td>{result.afterWeight[i].toFixed(1)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
