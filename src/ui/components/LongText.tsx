import { useEffect, useState } from 'preact/hooks';
import { pieces } from '../../core/text-pieces';

/** Characters shown before "Show all": enough to read an item, cheap to lay out. */
export const SHOWN_CHARS = 10_000;
/** Characters added per frame once "Show all" is pressed, each piece its own block so layout stays local. */
const PIECE_CHARS = 64 * 1024;

/**
 * Text that may be megabytes long: the start is shown at once; "Show all" adds the rest a piece per
 * frame, so a 5 MB field never lays out in one long task that freezes the page.
 */
export function LongText(props: { text: string; class?: string; testId?: string }) {
  const { text } = props;
  const [shown, setShown] = useState<string[] | null>(null);
  const [expanding, setExpanding] = useState(false);
  useEffect(() => {
    setShown(null);
    setExpanding(false);
  }, [text]);
  useEffect(() => {
    if (!expanding) return;
    const all = pieces(text, PIECE_CHARS);
    let count = 0;
    let frame = 0;
    const step = () => {
      count = Math.min(all.length, count + 1);
      setShown(all.slice(0, count));
      if (count < all.length) frame = requestAnimationFrame(step);
    };
    frame = requestAnimationFrame(step);
    return () => cancelAnimationFrame(frame);
  }, [expanding, text]);

  if (text.length <= SHOWN_CHARS) return <div class={props.class} data-testid={props.testId}>{text}</div>;
  const complete = shown !== null && shown.reduce((n, p) => n + p.length, 0) === text.length;
  return (
    <div class={props.class}>
      <div data-testid={props.testId} data-complete={complete ? 'true' : 'false'}>
        {shown ? shown.map((piece, i) => <div key={i}>{piece}</div>) : `${text.slice(0, SHOWN_CHARS)}…`}
      </div>
      {!expanding && (
        <button type="button" class="link" onClick={() => setExpanding(true)} data-testid="show-all">
          Show all ({text.length.toLocaleString('en-US')} characters; {(text.length - SHOWN_CHARS).toLocaleString('en-US')} more)
        </button>
      )}
      {expanding && !complete && <span class="hint"> showing {(shown?.reduce((n, p) => n + p.length, 0) ?? 0).toLocaleString('en-US')} characters…</span>}
    </div>
  );
}
