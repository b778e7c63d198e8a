import { elementScroll, measureElement, observeElementOffset, observeElementRect, Virtualizer } from '@tanstack/virtual-core';
import { useLayoutEffect, useReducer, useRef, useState } from 'preact/hooks';
import type { ColumnProfile } from '../../../core/table/profile';
import { Details, pct } from './ProfileDetails';

/** A first guess at a card's height; each card is measured once drawn, since categories make some taller. */
const CARD_ESTIMATE = 84;

/**
 * The profile of a wide table as a virtual list of column cards: only the cards in view (plus a few) exist
 * in the DOM, so 20,000 columns scroll like 20.
 */
export function ProfileList({ profiles }: { profiles: ColumnProfile[] }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [, rerender] = useReducer((x: number) => x + 1, 0);
  const [virtualizer] = useState(
    () =>
      new Virtualizer<HTMLDivElement, HTMLDivElement>({
        count: profiles.length,
        getScrollElement: () => scrollRef.current,
        estimateSize: () => CARD_ESTIMATE,
        getItemKey: (index) => index,
        measureElement,
        scrollToFn: elementScroll,
        observeElementRect,
        observeElementOffset,
        onChange: () => rerender(0),
        overscan: 6,
      }),
  );
  // Keys follow the names shown, so a search re-measures the cards it brings into view.
  virtualizer.setOptions({ ...virtualizer.options, count: profiles.length, getItemKey: (index) => profiles[index]?.name ?? index });

  useLayoutEffect(() => virtualizer._didMount(), []);
  useLayoutEffect(() => virtualizer._willUpdate());
  useLayoutEffect(() => virtualizer.scrollToOffset(0), [profiles]);

  const items = virtualizer.getVirtualItems();
  return (
    <div ref={scrollRef} class="profile-list" role="region" aria-label={`Profiles of ${profiles.length.toLocaleString('en-US')} columns`} tabIndex={0} data-testid="profile-list">
      <div role="list" style={{ height: `${virtualizer.getTotalSize()}px`, position: 'relative' }}>
        {items.map((item) => {
          const p = profiles[item.index];
          return (
            <div
              key={item.key}
              ref={(el) => {
                if (el) virtualizer.measureElement(el);
              }}
              data-index={item.index}
              role="listitem"
              class="profile-card"
              style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${item.start}px)` }}
              data-testid="profile-row"
              data-column={p.name}
            >
              <div class="profile-card-head">
                <strong>{p.name}</strong> <span data-testid="profile-type">{p.type}</span>
                <span class="hint"> · missing {pct(p.missing, p.rows)}{p.invalid > 0 ? ` · invalid ${pct(p.invalid, p.rows)}` : ''}</span>
              </div>
              <Details p={p} />
            </div>
          );
        })}
      </div>
    </div>
  );
}
