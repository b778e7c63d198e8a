import { useEffect, useState } from 'preact/hooks';
import { splitEntries } from './chips';
import './lf-editor.css';

/**
 * A list of short strings (keywords) as chips: Enter or a comma adds what was typed, Backspace in the
 * empty box or a chip's ✕ removes one. What is still being typed counts as an entry already, so the
 * preview and Save see it without an extra key press.
 */
export function ChipsInput(props: { values: string[]; onChange: (values: string[]) => void; label: string; placeholder?: string; testId?: string }) {
  const [chips, setChips] = useState<string[]>(props.values);
  const [typing, setTyping] = useState('');
  const current = (list: string[], text: string) => (text.trim() === '' ? list : [...list, text.trim()]);
  // A change from outside (another editor state, an LF from the Items filter) replaces the chips.
  useEffect(() => {
    if (current(chips, typing).join('\u0000') !== props.values.join('\u0000')) {
      setChips(props.values);
      setTyping('');
    }
  }, [props.values.join('\u0000')]);
  const update = (list: string[], text: string) => {
    setChips(list);
    setTyping(text);
    props.onChange(current(list, text));
  };
  const commit = () => typing.trim() !== '' && update([...chips, typing.trim()], '');
  return (
    <span class="chips-input" data-testid={props.testId && `${props.testId}-box`}>
      <span role="list" aria-label={props.label} data-testid={props.testId && `${props.testId}-chips`}>
        {chips.map((chip, k) => (
          <span key={`${k}:${chip}`} role="listitem" class="kw-chip" data-testid="chip">
            <span class="chip-text">{chip}</span>
            <button type="button" class="chip-remove" aria-label={`Remove ${chip}`} onClick={() => update(chips.filter((_, j) => j !== k), typing)}>
              ✕
            </button>
          </span>
        ))}
      </span>
      <input
        type="text"
        aria-label={`Add to ${props.label.toLowerCase()}`}
        placeholder={chips.length === 0 ? props.placeholder : 'add…'}
        value={typing}
        size={Math.max(10, typing.length + 2)}
        onInput={(e) => {
          const { done, rest } = splitEntries(e.currentTarget.value);
          if (done.length > 0) e.currentTarget.value = rest;
          update([...chips, ...done], rest);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            commit();
          } else if (e.key === 'Backspace' && typing === '' && chips.length > 0) {
            e.preventDefault();
            update(chips.slice(0, -1), '');
          }
        }}
        onBlur={commit}
        data-testid={props.testId}
      />
    </span>
  );
}
