import { useState } from 'preact/hooks';
import type { DatasetSession } from '../../state/session';
import { say } from '../../state/tasks';
import { Dialog } from '../../components/Dialog';

/** Confirms a bulk label with the exact number of items that will change. */
export function BulkLabelDialog({ session, label, onClose }: { session: DatasetSession; label: number; onClose: () => void }) {
  const items = session.matches.value;
  const changes = session.countChanges(items, label);
  const name = label >= 0 ? session.dataset.value.classes[label].name : 'unlabeled';
  const [busy, setBusy] = useState(false);
  const apply = async () => {
    setBusy(true);
    try {
      const changed = await session.setLabel(items, label);
      const seq = session.lastUndoable();
      say('info', `${changed.toLocaleString('en-US')} items are now ${name}.`, {
        action: {
          label: 'Undo',
          // Valid while this change is still the one `u` would revert, in this open dataset.
          valid: () => {
            session.labelsVersion.value; // re-check whenever labels change
            return !session.closed && seq !== null && session.lastUndoable() === seq;
          },
          run: () =>
            session.undo(seq ?? undefined).then(
              (undone) => undone && say('info', `Undid the label of ${undone.items.length.toLocaleString('en-US')} items.`),
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
  return (
    <Dialog title="Label all shown items" onClose={onClose}>
      <p data-testid="bulk-summary">
        {changes === 0
          ? `All ${items.length.toLocaleString('en-US')} shown items are already ${name}.`
          : `Set ${changes.toLocaleString('en-US')} of ${items.length.toLocaleString('en-US')} shown items to ${name}${items.length - changes ? ` (${(items.length - changes).toLocaleString('en-US')} already are)` : ''}.`}
      </p>
      <div class="actions">
        <button type="button" onClick={onClose}>Cancel</button>
        <button type="button" class="primary" disabled={busy || changes === 0} onClick={apply} data-testid="bulk-apply">
          Label {changes.toLocaleString('en-US')} items
        </button>
      </div>
    </Dialog>
  );
}
