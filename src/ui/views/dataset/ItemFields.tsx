import { useState } from 'preact/hooks';

/** Fields drawn at once: a 20,000-column row shows its first ones, and the filter finds any other. */
export const FIELDS_SHOWN = 50;

/** The non-empty fields whose name contains `query` (any case): the first `limit`, and how many match. */
export function matchingFields(fields: Record<string, string>, query: string, limit = FIELDS_SHOWN): { shown: [string, string][]; matching: number; filled: number } {
  const needle = query.trim().toLowerCase();
  const shown: [string, string][] = [];
  let matching = 0;
  let filled = 0;
  for (const name in fields) {
    const value = fields[name];
    if (value === '') continue;
    filled++;
    if (needle && !name.toLowerCase().includes(needle)) continue;
    matching++;
    if (shown.length < limit) shown.push([name, value]);
  }
  return { shown, matching, filled };
}

/** An item's non-empty fields as a definition list; past 50 a filter box narrows them by name. */
export function ItemFields({ fields }: { fields: Record<string, string> }) {
  const [query, setQuery] = useState('');
  const { shown, matching, filled } = matchingFields(fields, query);
  if (filled === 0) return null;
  const wide = filled > FIELDS_SHOWN;
  return (
    <div class="item-fields" data-testid="item-fields">
      {wide && (
        <label class="field-filter">
          Filter fields <input type="search" value={query} onInput={(e) => setQuery(e.currentTarget.value)} data-testid="field-filter" />
        </label>
      )}
      <dl class="fields">
        {shown.map(([name, value]) => (
          <>
            <dt key={`${name}-k`}>{name}</dt>
            <dd key={`${name}-v`} data-field={name}>{value}</dd>
          </>
        ))}
      </dl>
      {wide && (
        <p class="hint" data-testid="field-count">
          {matching === 0 ? `No field name contains "${query.trim()}".` : `${shown.length.toLocaleString('en-US')} of ${matching.toLocaleString('en-US')} ${query.trim() ? 'matching ' : ''}fields shown${matching > shown.length ? ': filter by name to find another' : ''}.`}
        </p>
      )}
    </div>
  );
}
