import { useState } from 'preact/hooks';
import { COLUMN_OPTIONS_SHOWN, columnChoices } from '../../components/ColumnSelect';

const count = (x: number) => x.toLocaleString('en-US');

function hint(query: string, matching: number, total: number): string {
  if (!query) return `first ${COLUMN_OPTIONS_SHOWN} of ${count(total)} fields listed: search to find another`;
  if (matching === 0) return `no field matches "${query}"`;
  return `${count(matching)} match${matching === 1 ? '' : 'es'}${matching > COLUMN_OPTIONS_SHOWN ? `, first ${COLUMN_OPTIONS_SHOWN} listed` : ''}`;
}

/**
 * The field a condition reads. Up to 50 fields it is a plain drop-down; a wider table (up to 100,000
 * columns) lists the first 50 matches of a search, plus the current choice, so the page never draws
 * every column name as an option.
 */
export function FieldPicker(props: { value: string; options: readonly string[]; onPick: (field: string) => void; testId: string }) {
  const [query, setQuery] = useState('');
  const { options } = props;
  const wide = options.length > COLUMN_OPTIONS_SHOWN;
  const { shown, matching } = wide ? columnChoices(options, query, props.value) : { shown: options, matching: options.length };
  const select = (
    <select aria-label="Field" value={props.value} onChange={(e) => props.onPick(e.currentTarget.value)} data-testid={props.testId}>
      {options.length === 0 && <option value="">(no fields)</option>}
      {shown.map((f) => <option key={f} value={f}>{f}</option>)}
    </select>
  );
  if (!wide) return select;
  return (
    <span class="field-picker">
      <input type="search" value={query} placeholder="Find a field…" aria-label="Find a field" onInput={(e) => setQuery(e.currentTarget.value)} data-testid={`${props.testId}-search`} />
      {select}
      <span class="hint" data-testid={`${props.testId}-count`}>{hint(query.trim(), matching, options.length)}</span>
    </span>
  );
}
