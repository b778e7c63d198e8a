import { useEffect, useState } from 'preact/hooks';
import type { ItemRow } from '../../../data/items';
import { itemsAt } from '../../state/items';
import { splitNames } from '../../../core/types';
import type { DatasetSession } from '../../state/session';
import { VirtualList } from '../../components/VirtualList';
import { LabelChip } from './LabelChip';
import { PredictedChip } from '../weak/PredictedChip';
import { BlobImage } from '../../components/BlobImage';
import { displayText } from '../../item-text';

/** Characters of an item's text drawn in its one-line row. */
const ROW_CHARS = 400;

/** Keeps the texts of the visible rows, read chunk by chunk as the user scrolls. */
export function useVisibleRows(session: DatasetSession, range: [number, number]): Map<number, ItemRow> {
  const [rows, setRows] = useState(new Map<number, ItemRow>());
  const matches = session.matches.value;
  useEffect(() => {
    let cancelled = false;
    const wanted = matches.subarray(range[0], Math.min(matches.length, range[1]));
    const missing = Array.from(wanted).filter((i) => !rows.has(i));
    if (missing.length === 0) return;
    const dataset = session.dataset.value;
    itemsAt(dataset, missing).then((read) => {
      if (cancelled) return;
      const next = new Map(rows.size > 2000 ? [] : rows);
      for (const row of read) next.set(row.index, row);
      setRows(next);
    });
    return () => {
      cancelled = true;
    };
  }, [matches, range[0], range[1]]);
  return rows;
}

export function ItemList({ session }: { session: DatasetSession }) {
  const [range, setRange] = useState<[number, number]>([0, 50]);
  const rows = useVisibleRows(session, range);
  const matches = session.matches.value;
  const cursor = session.cursor.value;
  session.labelsVersion.value;
  session.splitsVersion.value;
  const classes = session.dataset.value.classes;
  const prediction = session.prediction.value;

  return (
    <VirtualList
      label="Items"
      count={matches.length}
      activeIndex={cursor}
      activeId={cursor < matches.length ? `item-option-${cursor}` : undefined}
      onRange={(start, end) => setRange([start, end])}
      renderRow={(position) => {
        const index = matches[position];
        const row = rows.get(index);
        const label = session.labels.label[index];
        return (
          <div
            class={`item-row ${position === cursor ? 'current' : ''}`}
            id={`item-option-${position}`}
            role="option"
            aria-selected={position === cursor}
            data-testid="item-row"
            data-index={index}
            onClick={() => (session.cursor.value = position)}
          >
            <span class="row-num">{(index + 1).toLocaleString('en-US')}</span>
            <LabelChip classes={classes} label={label} />
            <span class={`split-badge split-${session.splits[index]}`}>{session.splits[index] ? splitNames[session.splits[index]] : ''}</span>
            {prediction && <PredictedChip classes={classes} label={prediction.label[index]} confidence={prediction.confidence[index]} from={prediction.from?.kind === 'student' ? `Student ${prediction.from.name}` : undefined} />}
            {row?.thumb && <BlobImage blob={row.thumb} alt="" class="row-thumb" />}
            {/* One line shows: a multi-megabyte field would cost a long layout for nothing. */}
            <span class="row-text">{row ? displayText(session.dataset.value, row).slice(0, ROW_CHARS) : '…'}</span>
          </div>
        );
      }}
    />
  );
}
