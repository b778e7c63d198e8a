import { elementScroll, observeElementOffset, observeElementRect, Virtualizer } from '@tanstack/virtual-core';
import { useEffect, useLayoutEffect, useReducer, useRef, useState } from 'preact/hooks';
import type { DatasetSession } from '../../state/session';
import { gridColumns, gridZoom, ZOOM_STEPS } from '../../state/grid';
import { BlobImage } from '../../components/BlobImage';
import { LabelChip } from './LabelChip';
import { PredictedChip } from '../weak/PredictedChip';
import { useVisibleRows } from './ItemList';

const GAP = 6;

/**
 * Images as a virtual grid of thumbnails: only the visible grid rows exist in the DOM. The keys are the
 * list's (↑/↓ move a grid row); + and − zoom the thumbnails and keep the current item in view. The
 * human label sits on the bottom of a cell, the label model's prediction on its top.
 */
export function ItemGrid({ session }: { session: DatasetSession }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [, rerender] = useReducer((x: number) => x + 1, 0);
  const [width, setWidth] = useState(0);
  const size = ZOOM_STEPS[gridZoom.value];
  const columns = Math.max(1, Math.floor((width - GAP) / (size + GAP)));
  const matches = session.matches.value;
  const cursor = session.cursor.value;
  const rowCount = Math.ceil(matches.length / columns);
  const [virtualizer] = useState(
    () =>
      new Virtualizer<HTMLDivElement, HTMLDivElement>({
        count: rowCount,
        getScrollElement: () => scrollRef.current,
        estimateSize: () => size + GAP,
        scrollToFn: elementScroll,
        observeElementRect,
        observeElementOffset,
        onChange: () => rerender(0),
        overscan: 3,
      }),
  );
  virtualizer.setOptions({ ...virtualizer.options, count: rowCount, estimateSize: () => size + GAP });

  useLayoutEffect(() => {
    const element = scrollRef.current!;
    const observer = new ResizeObserver(() => setWidth(element.clientWidth));
    observer.observe(element);
    setWidth(element.clientWidth);
    return () => observer.disconnect();
  }, []);
  useEffect(() => {
    gridColumns.value = columns;
  }, [columns]);
  useEffect(() => () => void (gridColumns.value = 0), []);
  useLayoutEffect(() => virtualizer._didMount(), []);
  useLayoutEffect(() => {
    virtualizer.measure();
  }, [size]);
  useLayoutEffect(() => virtualizer._willUpdate());
  useEffect(() => {
    if (cursor >= 0 && cursor < matches.length) virtualizer.scrollToIndex(Math.floor(cursor / columns), { align: 'auto' });
  }, [cursor, columns, size, matches.length]);

  const rows = virtualizer.getVirtualItems();
  const first = (rows[0]?.index ?? 0) * columns;
  const last = ((rows[rows.length - 1]?.index ?? -1) + 1) * columns;
  const [range, setRange] = useState<[number, number]>([0, 0]);
  useEffect(() => setRange([first, last]), [first, last]);
  const loaded = useVisibleRows(session, range);
  session.labelsVersion.value;
  const classes = session.dataset.value.classes;
  const prediction = session.prediction.value;

  return (
    <div
      ref={scrollRef}
      class="vgrid"
      role="listbox"
      aria-label="Items"
      tabIndex={0}
      aria-activedescendant={cursor < matches.length ? `grid-option-${cursor}` : undefined}
      data-testid="item-grid"
      data-columns={columns}
    >
      <div style={{ height: `${virtualizer.getTotalSize()}px`, position: 'relative' }}>
        {rows.map((row) => (
          <div key={row.key} class="grid-row" style={{ transform: `translateY(${row.start}px)`, height: `${size + GAP}px` }}>
            {Array.from({ length: columns }, (_, c) => {
              const position = row.index * columns + c;
              if (position >= matches.length) return null;
              const index = matches[position];
              const item = loaded.get(index);
              return (
                <div
                  key={position}
                  id={`grid-option-${position}`}
                  role="option"
                  aria-selected={position === cursor}
                  aria-label={item ? item.id : `item ${index + 1}`}
                  class={`grid-cell ${position === cursor ? 'current' : ''}`}
                  style={{ width: `${size}px`, height: `${size}px` }}
                  onClick={() => (session.cursor.value = position)}
                  data-testid="grid-cell"
                  data-index={index}
                >
                  {item?.thumb ? <BlobImage blob={item.thumb} alt="" class="grid-thumb" /> : <span class="grid-thumb" />}
                  {prediction && <PredictedChip classes={classes} label={prediction.label[index]} confidence={prediction.confidence[index]} from={prediction.from?.kind === 'student' ? `Student ${prediction.from.name}` : undefined} />}
                  {session.labels.label[index] >= 0 && <LabelChip classes={classes} label={session.labels.label[index]} />}
                </div>
              );
            })}
          </div>
        ))}
      </div>
    </div>
  );
}
