import type { RefObject } from 'preact';
import { useEffect } from 'preact/hooks';

/**
 * Moves keyboard focus to `ref` (a heading with tabIndex -1) when `ready` first becomes true, so a
 * screen change (import mapping, a dataset opening) does not leave focus on the body of the old one.
 */
export function useFocusOnMount(ref: RefObject<HTMLElement | null>, ready = true): void {
  useEffect(() => {
    if (ready) ref.current?.focus({ preventScroll: true });
  }, [ready]);
}
