import { useEffect, useState } from 'preact/hooks';

/**
 * Edits a list of strings as text (comma- or line-separated) and keeps the text the user typed, so a
 * trailing separator is not eaten mid-word.
 */
export function ListInput(props: { values: string[]; onChange: (values: string[]) => void; separator: 'comma' | 'line'; label: string; placeholder?: string; testId?: string }) {
  const join = (values: string[]) => values.join(props.separator === 'comma' ? ', ' : '\n');
  const [text, setText] = useState(join(props.values));
  const split = (raw: string) => raw.split(props.separator === 'comma' ? ',' : /\r?\n/).map((v) => (props.separator === 'comma' ? v.trim() : v)).filter((v) => v.trim() !== '');
  useEffect(() => {
    if (join(split(text)) !== join(props.values)) setText(join(props.values));
  }, [props.values.join('\u0000')]);
  const onInput = (raw: string) => {
    setText(raw);
    props.onChange(split(raw));
  };
  return props.separator === 'comma' ? (
    <input type="text" aria-label={props.label} placeholder={props.placeholder} value={text} onInput={(e) => onInput(e.currentTarget.value)} data-testid={props.testId} />
  ) : (
    <textarea aria-label={props.label} placeholder={props.placeholder} rows={3} value={text} onInput={(e) => onInput(e.currentTarget.value)} data-testid={props.testId} />
  );
}
