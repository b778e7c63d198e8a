import { useState } from 'preact/hooks';
import type { ConflictPolicy } from '../../../core/label-cas';
import type { DatasetSession } from '../../state/session';
import { say } from '../../state/tasks';
import { Dialog } from '../../components/Dialog';

const count = (n: number) => n.toLocaleString('en-US');

/**
 * Confirms a bulk label with the exact number of items that will change. What the user saw is kept from
 * when the dialog opened: items another tab changed since are counted and the user chooses to skip or
 * overwrite them, never silently.
 */
export function BulkLabelDialog({ session, label, onClose }: { session: DatasetSession; label: number; onClose: () => void }) {
  session.labelsVersion.value;
  const [{ items, seen }] = useState(() => {
    const shown = session.matches.value;
    return { items: shown, seen: session.seenLabels(shown) };
  });
  const changes = session.countChanges(items, label);
  const name = label >= 0 ? session.dataset.value.classes[label].name : 'unlabeled';
  const [busy, setBusy] = useState(false);
  const [conflicts, setConflicts] = useState(0);
  const apply = async (policy: ConflictPolicy) => {
    setBusy(true);
    try {
      const outcome = await session.setLabel(items, label, policy, seen);
      if (policy === 'ask' && outcome.conflicts > 0) {
        setConflicts(outcome.conflicts);
        setBusy(false);
        return;
      }
      const skipped = policy === 'skip' && outcome.conflicts > 0 ? ` ${count(outcome.conflicts)} changed in another tab were left as they are.` : '';
      const seq = session.lastUndoable();
      say('info', `${count(outcome.written)} items are now ${name}.${skipped}`, {
        action: {
          label: 'Undo',
          // Valid while this change is still the one `u` would revert, in this open dataset.
          valid: () => {
            session.labelsVersion.value; // re-check whenever labels change
            return !session.closed && seq !== null && session.lastUndoable() === seq;
          },
          run: () =>
            session.undo('ask', seq ?? undefined).then(
              (undone) =>
                undone.conflicts > 0
                  ? say('error', `${count(undone.conflicts)} of these items were changed in another tab since; press u to choose what to undo.`)
                  : undone.written > 0 && say('info', `Undid the label of ${count(undone.written)} items.`),
              (error) => say('error', `The undo was not saved: ${error instanceof Error ? error.message : error}`),
            ),
        },
      });
      onClose();
    } catch (error) {
      say('error', `Bulk label failed, nothing changed: ${error instanceof Error ? error.message : error}`);
      setBusy(false);
    }
  };
  if (conflicts > 0) {
    return (
      <Dialog title="Labels changed in another tab" onClose={onClose}>
        <p data-testid="bulk-conflict" role="alert">
          {count(conflicts)} of these items were labeled differently in another tab since you opened this dialog. Nothing has been written yet.
        </p>
        <div class="actions">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="button" disabled={busy} onClick={() => apply('skip')} data-testid="bulk-skip">
            Skip those {count(conflicts)}
          </button>
          <button type="button" class="primary" disabled={busy} onClick={() => apply('overwrite')} data-testid="bulk-overwrite">
            Overwrite them too
          </button>
        </div>
      </Dialog>
    );
  }
  return (
    <Dialog title="Label all shown items" onClose={onClose}>
      <p data-testid="bulk-summary">
        {changes === 0
          ? `All ${count(items.length)} shown items are already ${name}.`
          : `Set ${count(changes)} of ${count(items.length)} shown items to ${name}${items.length - changes ? ` (${count(items.length - changes)} already are)` : ''}.`}
      </p>
      <div class="actions">
        <button type="button" onClick={onClose}>Cancel</button>
        <button type="button" class="primary" disabled={busy || changes === 0} onClick={() => apply('ask')} data-testid="bulk-apply">
          Label {count(changes)} items
        </button>
      </div>
    </Dialog>
  );
}
