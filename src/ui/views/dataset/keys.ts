import { useEffect } from 'preact/hooks';
import type { DatasetSession } from '../../state/session';
import { say } from '../../state/tasks';

function typingInField(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

/**
 * Keyboard-first labeling: a class key labels the current item and moves on; ←/→ or k/j move;
 * `u` undoes your last change (and jumps back to it); `s` skips.
 */
export function useLabelingKeys(session: DatasetSession | null): void {
  useEffect(() => {
    if (!session) return;
    const onKey = async (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || typingInField(event.target)) return;
      const key = event.key;
      if (key === 'ArrowRight' || key === 'ArrowDown' || key === 'j' || key === 's') {
        event.preventDefault();
        session.move(1);
        return;
      }
      if (key === 'ArrowLeft' || key === 'ArrowUp' || key === 'k') {
        event.preventDefault();
        session.move(-1);
        return;
      }
      if (key === 'u') {
        event.preventDefault();
        const item = await session.undo();
        if (item === null) say('info', 'Nothing of yours left to undo.');
        else {
          const position = session.matches.value.indexOf(item);
          if (position >= 0) session.cursor.value = position;
        }
        return;
      }
      const classIndex = session.dataset.value.classes.findIndex((c) => c.key === key);
      if (classIndex >= 0) {
        event.preventDefault();
        const item = session.currentItem.value;
        if (item < 0) return;
        try {
          await session.setLabel(Uint32Array.of(item), classIndex);
          session.move(1);
        } catch (error) {
          say('error', `The label was not saved: ${error instanceof Error ? error.message : error}`);
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [session]);
}
