import { useState } from 'preact/hooks';
import type { ClassDef } from '../../../core/types';
import { Dialog } from '../../components/Dialog';
import { filterClasses } from './class-filter';
import { LabelChip } from './LabelChip';

/** Labels the current item by typing part of a class name: for datasets with more classes than keys. */
export function ClassPicker({ classes, onPick, onClose }: { classes: ClassDef[]; onPick: (classIndex: number) => void; onClose: () => void }) {
  const [typed, setTyped] = useState('');
  const [active, setActive] = useState(0);
  const matches = filterClasses(classes, typed);
  const current = matches[Math.min(active, matches.length - 1)];
  const pick = (k: number | undefined) => {
    if (k === undefined) return;
    onClose();
    onPick(k);
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((a) => Math.max(0, Math.min(matches.length - 1, Math.min(a, matches.length - 1) + step)));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      pick(current);
    }
  };
  const optionId = (k: number) => `class-option-${k}`;
  return (
    <Dialog title="Label as…" onClose={onClose}>
      <input
        type="text"
        role="combobox"
        aria-label="Class name"
        aria-expanded="true"
        aria-controls="class-options"
        aria-activedescendant={current !== undefined ? optionId(current) : undefined}
        placeholder="Type part of a class name"
        value={typed}
        autoFocus
        onInput={(e) => (setTyped(e.currentTarget.value), setActive(0))}
        onKeyDown={onKey}
        data-testid="class-picker-input"
      />
      {matches.length === 0 ? (
        <p class="hint" role="status">No class is called anything like "{typed}".</p>
      ) : (
        <ul id="class-options" role="listbox" aria-label="Classes" class="class-options" data-testid="class-options">
          {matches.map((k) => (
            <li key={k} id={optionId(k)} role="option" aria-selected={k === current} class={k === current ? 'current' : ''} onClick={() => pick(k)} data-testid="class-option">
              <LabelChip classes={classes} label={k} /> {classes[k].key && <kbd>{classes[k].key}</kbd>}
            </li>
          ))}
        </ul>
      )}
      <p class="hint">↑/↓ choose · Enter labels the current item and moves on · Esc closes</p>
    </Dialog>
  );
}
