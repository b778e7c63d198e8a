import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';

/** A modal built on <dialog>: focus trapping and Escape come from the browser. */
export function Dialog(props: { title: string; onClose: () => void; children: ComponentChildren }) {
  const ref = useRef<HTMLDialogElement>(null);
  // A layout effect: the dialog is modal (and its autofocus field focused) before the next key press
  // is handled, so no key typed right after opening it reaches the page behind.
  useLayoutEffect(() => {
    const dialog = ref.current!;
    // A dialog removed from the page (closed by unmounting) does not hand focus back: do it here.
    const opener = document.activeElement as HTMLElement | null;
    if (!dialog.open) dialog.showModal();
    return () => {
      dialog.close();
      const back = opener?.isConnected && opener !== document.body ? opener : document.querySelector<HTMLElement>('main h1[tabindex]');
      back?.focus({ preventScroll: true });
    };
  }, []);
  return (
    <dialog ref={ref} class="dialog" aria-label={props.title} onCancel={(e) => (e.preventDefault(), props.onClose())}>
      <h2>{props.title}</h2>
      {props.children}
    </dialog>
  );
}
