import { useState } from 'preact/hooks';
import { columnTypes, type ColumnType } from '../../core/table/infer';

/** Rows drawn at once: a 2,000-column table lists the first ones and a search finds the rest. */
export const TYPE_ROWS_SHOWN = 50;

/** One select per column (its inferred type until the user picks another), filtered by a search. */
export function ColumnTypesEditor(props: { columns: string[]; inferred: Record<string, ColumnType>; types: Record<string, ColumnType>; onChange: (column: string, type: ColumnType) => void }) {
  const [query, setQuery] = useState('');
  const needle = query.trim().toLowerCase();
  const matching = needle ? props.columns.filter((c) => c.toLowerCase().includes(needle)) : props.columns;
  const shown = matching.slice(0, TYPE_ROWS_SHOWN);
  return (
    <section aria-label="Column types" data-testid="column-types">
      <h2>Column types</h2>
      <p class="hint">Inferred from the first rows; change any that are wrong. Students and the profile read each column as this type.</p>
      {props.columns.length > TYPE_ROWS_SHOWN && (
        <label>
          Find a column <input type="search" value={query} onInput={(e) => setQuery(e.currentTarget.value)} data-testid="column-type-search" />
        </label>
      )}
      <table class="value-map">
        <thead>
          <tr><th>Column</th><th>Type</th></tr>
        </thead>
        <tbody>
          {shown.map((c) => (
            <tr key={c}>
              <td>{c}</td>
              <td>
                <select value={props.types[c]} onChange={(e) => props.onChange(c, e.currentTarget.value as ColumnType)} aria-label={`Type of the column ${c}`}>
                  {columnTypes.map((t) => (
                    <option key={t} value={t}>{t}{t === props.inferred[c] ? ' (inferred)' : ''}</option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {matching.length > shown.length && (
        <p class="hint" data-testid="column-types-more">
          {(matching.length - shown.length).toLocaleString('en-US')} more column{matching.length - shown.length === 1 ? '' : 's'}: search to find one.
        </p>
      )}
      {needle && matching.length === 0 && <p class="hint">No column matches "{query.trim()}".</p>}
    </section>
  );
}
