import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';

/** Options a column drop-down lists at once: a 20,000-column file is searched, not scrolled. */
export const COLUMN_OPTIONS_SHOWN = 50;

/** The columns a search shows: the first `limit` matches, with the chosen one always kept listed. */
export function columnChoices(columns: readonly string[], query: string, chosen: string, limit = COLUMN_OPTIONS_SHOWN): { shown: string[]; matching: number } {
  const needle = query.trim().toLowerCase();
  const shown: string[] = [];
  let matching = 0;
  for (const c of columns) {
    if (needle && !c.toLowerCase().includes(needle)) continue;
    matching++;
    if (shown.length < limit) shown.push(c);
  }
  if (chosen && !shown.includes(chosen) && columns.includes(chosen)) shown.unshift(chosen);
  return { shown, matching };
}

function searchHint(query: string, matching: number, total: number): string {
  if (!query) return `first ${COLUMN_OPTIONS_SHOWN} of ${total.toLocaleString('en-US')} columns listed: search to find another`;
  if (matching === 0) return `no column matches "${query}"`;
  return `${matching.toLocaleString('en-US')} match${matching === 1 ? '' : 'es'}${matching > COLUMN_OPTIONS_SHOWN ? `, first ${COLUMN_OPTIONS_SHOWN} listed` : ''}`;
}

/**
 * A labelled drop-down of a file's columns. Up to 50 columns it is a plain select; a wider file adds a
 * search box, and the select lists the first 50 matches (plus the current choice).
 */
export function ColumnSelect(props: { label: ComponentChildren; name: string; columns: readonly string[]; value: string; onChange: (column: string) => void; none?: string; testId: string }) {
  const [query, setQuery] = useState('');
  const wide = props.columns.length > COLUMN_OPTIONS_SHOWN;
  const { shown, matching } = wide ? columnChoices(props.columns, query, props.value) : { shown: props.columns, matching: props.columns.length };
  const select = (
    <select value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)} data-testid={props.testId}>
      {props.none !== undefined && <option value="">{props.none}</option>}
      {shown.map((c) => (
        <option key={c} value={c}>{c}</option>
      ))}
    </select>
  );
  if (!wide) return <label>{props.label} {select}</label>;
  return (
    <div class="column-select">
      <label>{props.label} {select}</label>
      <input type="search" value={query} placeholder="Find a column…" aria-label={`Find a column for the ${props.name}`} onInput={(e) => setQuery(e.currentTarget.value)} data-testid={`${props.testId}-search`} />
      <span class="hint" data-testid={`${props.testId}-count`}>{searchHint(query.trim(), matching, props.columns.length)}</span>
    </div>
  );
}
