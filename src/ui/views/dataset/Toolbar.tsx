import { useEffect, useState } from 'preact/hooks';
import type { ItemQuery } from '../../../core/query';
import { Split } from '../../../core/types';
import type { DatasetSession } from '../../state/session';
import { PredictionFilters } from '../weak/PredictionFilters';

function parseLabel(value: string): ItemQuery['label'] {
  return value === 'any' || value === 'unlabeled' || value === 'labeled' ? value : Number(value);
}

/** Filter controls; the text filter runs in the query worker after a short pause in typing. */
export function Toolbar({ session, onBulk }: { session: DatasetSession; onBulk: (label: number) => void }) {
  const query = session.query.value;
  const [text, setText] = useState(query.text);
  const classes = session.dataset.value.classes;

  useEffect(() => {
    if (text === session.query.value.text) return;
    const timer = setTimeout(() => session.runQuery({ ...session.query.value, text }), 200);
    return () => clearTimeout(timer);
  }, [text]);

  const set = (change: Partial<ItemQuery>) => session.runQuery({ ...session.query.value, ...change });
  const count = session.matches.value.length;

  return (
    <div class="toolbar" role="search">
      <input
        type="search"
        placeholder={query.regex ? 'Regular expression' : 'Filter text'}
        aria-label="Filter text"
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
        data-testid="filter-text"
        class={session.queryError.value ? 'invalid' : ''}
      />
      <label title="Treat the filter as a regular expression">
        <input type="checkbox" checked={query.regex} onChange={(e) => set({ regex: e.currentTarget.checked, text })} data-testid="filter-regex" /> Regex
      </label>
      <label title="Match upper/lower case exactly">
        <input type="checkbox" aria-label="Match case" checked={query.caseSensitive} onChange={(e) => set({ caseSensitive: e.currentTarget.checked, text })} /> Aa
      </label>
      <select aria-label="Filter by label" value={String(query.label)} onChange={(e) => set({ label: parseLabel(e.currentTarget.value), text })} data-testid="filter-label">
        <option value="any">Any label</option>
        <option value="unlabeled">Unlabeled</option>
        <option value="labeled">Labeled</option>
        {classes.map((c, k) => <option key={k} value={String(k)}>{c.name}</option>)}
      </select>
      <select aria-label="Filter by split" value={String(query.split)} onChange={(e) => set({ split: e.currentTarget.value === 'any' ? 'any' : Number(e.currentTarget.value), text })} data-testid="filter-split">
        <option value="any">Any split</option>
        <option value={String(Split.train)}>train</option>
        <option value={String(Split.dev)}>dev</option>
        <option value={String(Split.canary)}>canary</option>
      </select>
      <PredictionFilters session={session} />
      <span class="match-count" data-testid="match-count" aria-live="polite">
        {session.filtering.value ? 'Filtering…' : `${count.toLocaleString('en-US')} item${count === 1 ? '' : 's'}`}
      </span>
      {session.queryError.value && <span class="error-text" role="alert" data-testid="filter-error">{session.queryError.value}</span>}
      <span class="spacer" />
      <select
        aria-label="Label all shown items"
        value=""
        disabled={count === 0}
        onChange={(e) => {
          const value = e.currentTarget.value;
          e.currentTarget.value = '';
          if (value !== '') onBulk(Number(value));
        }}
        data-testid="bulk-label"
      >
        <option value="">Label all shown as…</option>
        {classes.map((c, k) => <option key={k} value={String(k)}>{c.name}</option>)}
        <option value="-1">(clear labels)</option>
      </select>
    </div>
  );
}
