import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/** A modal built on <dialog>: focus trapping and Escape come from the browser. */
export function Dialog(props: { title: string; onClose: () => void; children: ComponentChildren }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current!;
    if (!dialog.open) dialog.showModal();
    return () => dialog.close();
  }, []);
  return (
    <dialog ref={ref} class="dialog" aria-label={props.title} onCancel={(e) => (e.preventDefault(), props.onClose())}>
      <h2>{props.title}</h2>
      {props.children}
    </dialog>
  );
}
