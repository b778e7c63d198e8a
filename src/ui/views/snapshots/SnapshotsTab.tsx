import { useEffect, useState } from 'preact/hooks';
import type { Snapshot } from '../../../data/db';
import { Dialog } from '../../components/Dialog';
import type { DatasetSession } from '../../state/session';
import { compareSnapshots, followSnapshots, gate, rollback, saveGate, snapshotDiff, snapshotNow, snapshots } from '../../state/snapshots';
import { describeChanges, formatBytes, pct, when } from './describe';
import { DiffView } from './DiffView';
import { GateForm } from './GateForm';

/** Snapshots of the label state: take, list, compare two, roll back to one; and the canary gate. */
export function SnapshotsTab({ session }: { session: DatasetSession }) {
  const classes = session.dataset.value.classes.map((c) => c.name);
  const [name, setName] = useState('');
  const [a, setA] = useState('');
  const [b, setB] = useState('');
  const [confirm, setConfirm] = useState<Snapshot | null>(null);
  useEffect(() => {
    snapshotDiff.value = null;
    return followSnapshots(session);
  }, [session.id]);
  const list = snapshots.value;
  // Default comparison: the second newest against the newest.
  const pickA = a || list[1]?.id || '';
  const pickB = b || list[0]?.id || '';
  const take = async (e: Event) => {
    e.preventDefault();
    await snapshotNow(session, name);
    setName('');
  };
  const options = list.map((s) => <option key={s.id} value={s.id}>{`${s.name} (${when(s.createdAt)})`}</option>);
  return (
    <section class="snapshots" aria-label="Snapshots">
      <h2>Snapshots</h2>
      <p class="hint">
        A snapshot freezes the human labels, the sources with their versions and votes, the splits and the label model's output. Sift takes one before every bulk
        label, split re-draw, source deletion, rollback and export. Unchanged data is stored once, however many snapshots name it.
      </p>
      <form class="actions left" onSubmit={take}>
        <input type="text" placeholder="Name (optional)" value={name} onInput={(e) => setName(e.currentTarget.value)} data-testid="snapshot-name" aria-label="Snapshot name" />
        <button type="submit" class="primary" data-testid="snapshot-take">Take snapshot</button>
      </form>
      {list.length === 0 ? (
        <p class="hint" data-testid="no-snapshots">No snapshots yet.</p>
      ) : (
        <table class="metrics snapshot-list" data-testid="snapshot-list">
          <thead><tr><th>Name</th><th>By</th><th>When</th><th>What changed</th><th>Canary accuracy</th><th>Macro-F1</th><th>Added</th><th /></tr></thead>
          <tbody>
            {list.map((s) => (
              <tr key={s.id} data-testid="snapshot-row">
                <th scope="row">{s.name}</th>
                <td>{s.by === 'you' ? 'you' : `Sift, ${s.reason}`}</td>
                <td>{when(s.createdAt)}</td>
                <td class="wrap">{describeChanges(s)}</td>
                <td>{pct(s.canary?.accuracy)}</td>
                <td>{pct(s.canary?.macroF1)}</td>
                <td title={`references ${formatBytes(s.bytes.referenced)}`}>{formatBytes(s.bytes.added)}</td>
                <td><button type="button" onClick={() => setConfirm(s)} data-testid="snapshot-rollback">Roll back…</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list.length > 1 && (
        <div class="actions left">
          <label>A <select value={pickA} onChange={(e) => setA(e.currentTarget.value)} data-testid="diff-a">{options}</select></label>
          <label>B <select value={pickB} onChange={(e) => setB(e.currentTarget.value)} data-testid="diff-b">{options}</select></label>
          <button type="button" onClick={() => compareSnapshots(session, pickA, pickB)} data-testid="diff-run">Compare</button>
        </div>
      )}
      {snapshotDiff.value && <DiffView diff={snapshotDiff.value} classes={classes} />}
      <GateForm gate={gate.value} classes={classes} onSave={(criteria) => saveGate(session, criteria)} />
      {confirm && (
        <Dialog title={`Roll back to "${confirm.name}"?`} onClose={() => setConfirm(null)}>
          <p>
            Human labels, sources, splits and the label model's output return to how they were on {when(confirm.createdAt)}. Sift takes a snapshot of the current
            state first, so rolling back to that snapshot undoes this.
          </p>
          <div class="actions">
            <button type="button" onClick={() => setConfirm(null)}>Cancel</button>
            <button
              type="button"
              class="primary"
              data-testid="rollback-confirm"
              onClick={async () => {
                const target = confirm;
                setConfirm(null);
                await rollback(session, target);
              }}
            >
              Roll back
            </button>
          </div>
        </Dialog>
      )}
    </section>
  );
}
