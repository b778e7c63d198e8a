import { useEffect } from 'preact/hooks';
import type { DatasetSession } from '../../state/session';
import { say } from '../../state/tasks';
import { gridColumns, gridZoom, ZOOM_STEPS } from '../../state/grid';

function typingInField(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

/**
 * Keyboard-first labeling: a class key labels the current item and moves on; ←/→ or k/j move;
 * `u` undoes your last change (and jumps back to it); `s` skips; `l` picks a class by name (`onPick`),
 * for classes past the tenth, which have no key.
 */
export function useLabelingKeys(
  session: DatasetSession | null,
  onUndoConflict: (conflicts: number) => void,
  picker?: { open: () => void; close: () => void },
): void {
  useEffect(() => {
    if (!session) return;
    // Keys act in the order they were pressed, even while a label is still being written: a fast
    // "2 2 k" labels two items and steps back, never labels one item twice.
    let previous: Promise<void> = Promise.resolve();
    // Between `l` and the picker taking focus, keys still reach this handler: a fast "l 1" must not
    // label the item with class 1, and a fast "l Esc" must not leave the picker open.
    let pickerOpening = false;
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || typingInField(event.target)) return;
      if (pickerOpening) {
        event.preventDefault();
        if (event.key === 'Escape') {
          pickerOpening = false;
          previous = previous.then(async () => picker?.close());
        }
        return;
      }
      const action = actionFor(event);
      if (!action) return;
      event.preventDefault();
      previous = previous.then(action);
    };
    const actionFor = (event: KeyboardEvent): (() => Promise<void>) | null => {
      const key = event.key;
      // In the image grid ↑/↓ move a whole grid row; everywhere else every move key steps one item.
      const row = Math.max(1, gridColumns.value);
      if (key === 'ArrowDown') return async () => session.move(row);
      if (key === 'ArrowUp') return async () => session.move(-row);
      if (key === 'ArrowRight' || key === 'j' || key === 's') return async () => session.move(1);
      if (key === 'ArrowLeft' || key === 'k') return async () => session.move(-1);
      if (gridColumns.value > 0 && (key === '+' || key === '=' || key === '-'))
        return async () => void (gridZoom.value = Math.max(0, Math.min(ZOOM_STEPS.length - 1, gridZoom.value + (key === '-' ? -1 : 1))));
      if (key === 'u')
        return async () => {
          try {
            const outcome = await session.undo('ask');
            if (!outcome.found) say('info', 'Nothing of yours left to undo.');
            else if (outcome.conflicts > 0) onUndoConflict(outcome.conflicts);
            else if (outcome.written === 0) say('info', 'Your last change was already reverted (in another tab); nothing left to undo there.');
            else if (outcome.item !== null) moveTo(outcome.item);
            else say('info', `Undid the label of ${outcome.written.toLocaleString('en-US')} items.`);
          } catch (error) {
            say('error', `The undo was not saved: ${error instanceof Error ? error.message : error}`);
          }
        };
      if (key === 'l' && picker) {
        pickerOpening = true;
        return async () => picker.open();
      }
      const classIndex = session.dataset.value.classes.findIndex((c) => c.key === key);
      if (classIndex < 0) return null;
      return () => labelAndAdvance(session, classIndex);
    };
    const moveTo = (item: number) => moveToItem(session, item);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [session, onUndoConflict, picker]);
}

/** Labels the current item and moves on at once (before the write finishes); comes back if it fails. */
export async function labelAndAdvance(session: DatasetSession, classIndex: number): Promise<void> {
  const item = session.currentItem.value;
  if (item < 0) return;
  session.move(1);
  try {
    // The item is on screen, kept current across tabs: the key press is the decision on it.
    await session.setLabel(Uint32Array.of(item), classIndex, 'overwrite');
  } catch (error) {
    moveToItem(session, item);
    say('error', `The label was not saved: ${error instanceof Error ? error.message : error}`);
  }
}

function moveToItem(session: DatasetSession, item: number): void {
  const position = session.matches.value.indexOf(item);
  if (position >= 0) session.cursor.value = position;
}
