import { useState } from 'preact/hooks';
import type { ConflictPolicy } from '../../../core/label-cas';
import type { DatasetSession } from '../../state/session';
import { say } from '../../state/tasks';
import { Dialog } from '../../components/Dialog';

const count = (n: number) => n.toLocaleString('en-US');

/** Undo met items another tab relabeled after your change: revert the rest only, or those too. */
export function UndoConflictDialog({ session, conflicts, onClose }: { session: DatasetSession; conflicts: number; onClose: () => void }) {
  const [busy, setBusy] = useState(false);
  const undo = async (policy: ConflictPolicy) => {
    setBusy(true);
    try {
      const outcome = await session.undo(policy);
      const left = policy === 'skip' && outcome.conflicts > 0 ? `; ${count(outcome.conflicts)} changed in another tab were left as they are` : '';
      say('info', `Undone on ${count(outcome.written)} items${left}.`);
      onClose();
    } catch (error) {
      say('error', `The undo was not saved: ${error instanceof Error ? error.message : error}`);
      setBusy(false);
    }
  };
  return (
    <Dialog title="Labels changed in another tab" onClose={onClose}>
      <p data-testid="undo-conflict" role="alert">
        {count(conflicts)} items of your last change were labeled again in another tab since. Undoing would put back their old labels over that work. Nothing has been undone yet.
      </p>
      <div class="actions">
        <button type="button" onClick={onClose}>Cancel</button>
        <button type="button" class="primary" disabled={busy} onClick={() => undo('skip')} data-testid="undo-skip">
          Undo the rest, keep those {count(conflicts)}
        </button>
        <button type="button" disabled={busy} onClick={() => undo('overwrite')} data-testid="undo-overwrite">
          Undo all, overwriting them
        </button>
      </div>
    </Dialog>
  );
}
