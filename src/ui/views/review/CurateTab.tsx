import { useEffect, useState } from 'preact/hooks';
import type { DatasetSession } from '../../state/session';
import { curated, loadSelectionNames, saveSelection, selectionNames } from '../../state/curate';
import type { SelectionSpec } from '../../../core/curation/selection';
import type { HeldOutFilter } from '../../../../workers/weak/curate';
import { DiversityPanel } from './DiversityPanel';
import { DedupePanel } from './DedupePanel';

type Balance = 'none' | 'dev' | 'uniform' | 'custom';

/** Whether near-duplicates of dev and canary items were left out, and from which dedupe run. */
export function heldOutNote(heldOut: HeldOutFilter | null): string {
  if (!heldOut) return 'No near-duplicate search has run yet, so pool items that copy dev or canary items could not be left out: run "Find near-duplicates" below, then save again.';
  if (heldOut.items === 0) return `No pool item near-duplicates a dev or canary item (dedupe run ${heldOut.dedupeRunId}).`;
  if (heldOut.kept) return `Kept ${heldOut.items.toLocaleString('en-US')} pool items that near-duplicate dev or canary items (as asked): dev and canary scores may overstate a model trained on this selection.`;
  return `Pool items that near-duplicate dev or canary items are left out (${heldOut.items.toLocaleString('en-US')} by dedupe run ${heldOut.dedupeRunId}), so dev and canary stay unseen by training.`;
}
const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)} %`);

/**
 * Curation: a named selection of pool items to train on, from the newest label model's proposals with
 * per-class confidence thresholds and class balance; saved as weight and label columns. Dev and canary
 * items never enter; dev measures the precision of what is kept.
 */
export function CurateTab({ session }: { session: DatasetSession }) {
  const classes = session.dataset.value.classes;
  const [name, setName] = useState('curated');
  const [thresholds, setThresholds] = useState<number[]>(() => classes.map(() => 0));
  const [balance, setBalance] = useState<Balance>('none');
  const [shares, setShares] = useState<number[]>(() => classes.map(() => 1));
  const [by, setBy] = useState<'downsample' | 'weights'>('weights');
  const result = curated.value?.datasetId === session.id ? curated.value : null;
  const names = selectionNames.value?.datasetId === session.id ? selectionNames.value.names : [];

  useEffect(() => void loadSelectionNames(session), [session.id]);

  const submit = () => {
    const spec: SelectionSpec = { thresholds };
    if (balance !== 'none') spec.balance = { target: balance === 'custom' ? shares : balance, by };
    void saveSelection(session, name, spec);
  };
  const setAt = (list: number[], set: (v: number[]) => void, c: number, value: number) => set(list.map((v, i) => (i === c ? value : v)));

  return (
    <section class="curate" aria-label="Curation">
      <form onSubmit={(e) => { e.preventDefault(); submit(); }}>
        <div class="form-row">
          <label>
            Selection name
            <input value={name} onInput={(e) => setName(e.currentTarget.value)} data-testid="curate-name" />
          </label>
        </div>
        <fieldset class="choices">
          <legend>Minimum confidence of a proposed label (human labels always pass)</legend>
          {classes.map((c, i) => (
            <label key={c.name}>
              {c.name}
              <input type="number" min={0} max={1} step={0.05} value={thresholds[i]} onInput={(e) => setAt(thresholds, setThresholds, i, Number(e.currentTarget.value))} data-testid="curate-threshold" />
            </label>
          ))}
        </fieldset>
        <fieldset class="choices">
          <legend>Class balance</legend>
          <select value={balance} onChange={(e) => setBalance(e.currentTarget.value as Balance)} data-testid="curate-balance" aria-label="Target class balance">
            <option value="none">as proposed</option>
            <option value="dev">as dev</option>
            <option value="uniform">uniform</option>
            <option value="custom">custom shares</option>
          </select>
          {balance === 'custom' && classes.map((c, i) => (
            <label key={c.name}>
              {c.name}
              <input type="number" min={0} step={0.1} value={shares[i]} onInput={(e) => setAt(shares, setShares, i, Number(e.currentTarget.value))} data-testid="curate-share" />
            </label>
          ))}
          {balance !== 'none' && (
            <select value={by} onChange={(e) => setBy(e.currentTarget.value as 'downsample' | 'weights')} data-testid="curate-by" aria-label="Balance by">
              <option value="weights">by weights</option>
              <option value="downsample">by downsampling</option>
            </select>
          )}
        </fieldset>
        <button type="submit" data-testid="curate-save">Save selection</button>
      </form>
      {names.length > 0 && <p data-testid="curate-names">Saved selections: {names.join(', ')}</p>}
      {result && (
        <>
          <p data-testid="curate-summary">
            Selection “{result.name}”: {result.after.reduce((a, b) => a + b, 0).toLocaleString('en-US')} of {result.before.reduce((a, b) => a + b, 0).toLocaleString('en-US')} pool items from the {result.method} run ({result.removed.threshold.toLocaleString('en-US')} under a threshold, {result.removed.duplicate.toLocaleString('en-US')} duplicates, {result.removed.balance.toLocaleString('en-US')} for balance{result.removed.heldOutCopy !== undefined ? `, ${result.removed.heldOutCopy.toLocaleString('en-US')} near-duplicates of dev or canary items` : ''}).
          </p>
          <p class="hint" data-testid="curate-held-out">{heldOutNote(result.heldOut)}</p>
          <table data-testid="curate-table">
            <thead><tr><th>Class</th><th>Before</th><th>After</th><th>Total weight</th><th>Precision on dev</th></tr></thead>
            <tbody>
              {classes.map((c, i) => (
                <tr key={c.name} data-testid="curate-row">
                  <th scope="row">{c.name}</th>
                  <td>{result.before[i].toLocaleString('en-US')}</td>
                  <td>{result.after[i].toLocaleString('en-US')}</td>
                  <td>{result.afterWeight[i].toFixed(1)}</td>
                  <td>{pct(result.devPrecision[i])}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <DiversityPanel session={session} selections={names} />
      <DedupePanel session={session} />
    </section>
  );
}
