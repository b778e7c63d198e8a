import { useEffect, useState } from 'preact/hooks';
import { historyOf } from '../../../core/labels';
import { splitNames } from '../../../core/types';
import type { ItemRow } from '../../../data/items';
import { itemAt } from '../../state/items';
import type { DatasetSession } from '../../state/session';
import { say } from '../../state/tasks';
import { LabelChip } from './LabelChip';
import { ItemVotes } from '../weak/ItemVotes';
import { BlobImage } from '../../components/BlobImage';
import { LongText } from '../../components/LongText';
import { displayText } from '../../item-text';
import { ItemFields } from './ItemFields';

const when = (ms: number) => new Date(ms).toLocaleString();

/** The current item in full: its text (always as text, never as HTML), fields, label buttons, history. */
export function ItemPanel({ session }: { session: DatasetSession }) {
  const index = session.currentItem.value;
  const dataset = session.dataset.value;
  const [row, setRow] = useState<ItemRow | null>(null);
  session.labelsVersion.value;
  session.splitsVersion.value;

  useEffect(() => {
    let cancelled = false;
    if (index < 0) setRow(null);
    else itemAt(dataset, index).then((r) => !cancelled && setRow(r ?? null));
    return () => {
      cancelled = true;
    };
  }, [index, dataset.id]);

  if (index < 0) return <aside class="item-panel"><p class="hint">No items match the filter.</p></aside>;
  const label = session.labels.label[index];
  const history = historyOf(session.events, index);
  const set = (k: number) =>
    session.setLabel(Uint32Array.of(index), k, 'overwrite').catch((error) => say('error', `The label was not saved: ${error instanceof Error ? error.message : error}`));

  return (
    <aside class="item-panel" aria-label="Current item" data-testid="item-panel" data-index={index}>
      <div class="item-meta">
        <span>
          Item {(session.cursor.value + 1).toLocaleString('en-US')} of {session.matches.value.length.toLocaleString('en-US')} shown
        </span>
        <span class="hint"> · id <code data-testid="item-id">{row?.id ?? '…'}</code> · {splitNames[session.splits[index]]}</span>
      </div>
      {row?.image ? (
        <div class="item-image">
          <BlobImage blob={row.image} alt={row.id} testId="item-image" />
          <LongText class="hint" testId="item-text" text={row.text} />
        </div>
      ) : (
        <LongText class="item-text" testId="item-text" text={row ? displayText(dataset, row) : ''} />
      )}
      <div class="label-buttons" role="group" aria-label="Label">
        {dataset.classes.map((c, k) => (
          <button type="button" key={k} class={label === k ? 'active' : ''} style={{ borderColor: c.color }} onClick={() => set(k)} aria-pressed={label === k}>
            {c.key && <kbd>{c.key}</kbd>} {c.name}
          </button>
        ))}
      </div>
      <div class="current-label">
        Label: <LabelChip classes={dataset.classes} label={label} />
      </div>
      {row && <ItemFields fields={row.fields} />}
      <ItemVotes session={session} index={index} />
      <h2 class="panel-heading">History</h2>
      {history.length === 0 ? (
        <p class="hint">Never labeled.</p>
      ) : (
        <ol class="history" data-testid="history">
          {history.map((h, i) => (
            <li key={i}>
              {h.kind === 'undo' ? 'undo: ' : ''}
              {h.label >= 0 ? dataset.classes[h.label]?.name : 'unlabeled'} (was {h.previous >= 0 ? dataset.classes[h.previous]?.name : 'unlabeled'}) by {h.by}, {when(h.at)}
            </li>
          ))}
        </ol>
      )}
      <p class="hint keys-help">
        Keys: {dataset.classes.filter((c) => c.key).map((c) => `${c.key} ${c.name}`).join(', ')} · l pick a class by name · ←/→ or k/j move · u undo · s skip
      </p>
    </aside>
  );
}
