import { elementScroll, observeElementOffset, observeElementRect, Virtualizer } from '@tanstack/virtual-core';
import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useReducer, useRef, useState } from 'preact/hooks';

/**
 * A fixed-row-height virtual list: only the visible rows (plus overscan) exist in the DOM, so 1M rows
 * scroll like 100. Rows are 28 px so 1M rows (28M px) stay under Chromium's ~33.5M px element limit.
 */
export const ROW_HEIGHT = 28;

export function VirtualList(props: {
  count: number;
  /** Row to keep in view (the current item). */
  activeIndex: number;
  renderRow: (index: number) => ComponentChildren;
  onRange?: (start: number, end: number) => void;
  label: string;
  /** The id of the active row's option element, for screen readers following the keyboard. */
  activeId?: string;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [, rerender] = useReducer((x: number) => x + 1, 0);
  const [virtualizer] = useState(
    () =>
      new Virtualizer<HTMLDivElement, HTMLDivElement>({
        count: props.count,
        getScrollElement: () => scrollRef.current,
        estimateSize: () => ROW_HEIGHT,
        scrollToFn: elementScroll,
        observeElementRect,
        observeElementOffset,
        onChange: () => rerender(0),
        overscan: 12,
      }),
  );
  virtualizer.setOptions({ ...virtualizer.options, count: props.count });

  useLayoutEffect(() => virtualizer._didMount(), []);
  useLayoutEffect(() => virtualizer._willUpdate());
  useEffect(() => {
    if (props.activeIndex >= 0 && props.activeIndex < props.count) virtualizer.scrollToIndex(props.activeIndex, { align: 'auto' });
  }, [props.activeIndex, props.count]);

  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? -1;
  useEffect(() => props.onRange?.(first, last + 1), [first, last]);

  return (
    <div ref={scrollRef} class="vlist" role="listbox" aria-label={props.label} tabIndex={0} aria-activedescendant={props.activeId}>
      <div style={{ height: `${virtualizer.getTotalSize()}px`, position: 'relative' }}>
        {items.map((item) => (
          <div key={item.key} class="vrow" style={{ position: 'absolute', top: 0, left: 0, right: 0, height: `${ROW_HEIGHT}px`, transform: `translateY(${item.start}px)` }}>
            {props.renderRow(item.index)}
          </div>
        ))}
      </div>
    </div>
  );
}
