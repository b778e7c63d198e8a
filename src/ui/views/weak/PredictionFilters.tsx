import { useEffect, useState } from 'preact/hooks';
import type { DatasetSession } from '../../state/session';
import { lfDraft } from '../../state/weak';
import { go } from '../../state/route';

/**
 * Items-tab filters that come with weak supervision: the label model's predicted class and a confidence
 * range, the subset chosen from the LF analysis, and "New LF from this filter".
 */
export function PredictionFilters({ session }: { session: DatasetSession }) {
  const query = session.query.value;
  const prediction = session.prediction.value;
  const classes = session.dataset.value.classes;
  const [range, setRange] = useState<[string, string]>([query.confidence ? String(query.confidence[0]) : '', query.confidence ? String(query.confidence[1]) : '']);

  useEffect(() => {
    const lo = range[0].trim() === '' ? null : Number(range[0]);
    const hi = range[1].trim() === '' ? null : Number(range[1]);
    if ((lo !== null && !Number.isFinite(lo)) || (hi !== null && !Number.isFinite(hi))) return;
    const next: [number, number] | null = lo === null && hi === null ? null : [lo ?? 0, hi ?? 1];
    const current = session.query.value.confidence ?? null;
    if (JSON.stringify(next) === JSON.stringify(current)) return;
    const timer = setTimeout(() => session.runQuery({ ...session.query.value, confidence: next }), 250);
    return () => clearTimeout(timer);
  }, [range[0], range[1]]);

  const fromFilter = () => {
    const text = query.regex ? query.text : query.text.trim();
    const name = text.length > 24 ? `${text.slice(0, 24)}…` : text;
    lfDraft.value = {
      name: `${query.regex ? 'regex' : 'keyword'} ${name}`,
      vote: typeof query.label === 'number' ? query.label : 0,
      condition: query.regex
        ? { kind: 'regex', pattern: text, flags: query.caseSensitive ? '' : 'i' }
        : { kind: 'keyword', keywords: [text], match: 'any', wholeWord: false, caseSensitive: query.caseSensitive },
    };
    go({ name: 'dataset', id: session.id, tab: 'sources' });
  };

  return (
    <>
      {prediction && (
        <>
          <select
            aria-label="Filter by predicted class"
            value={String(query.predicted ?? 'any')}
            onChange={(e) => session.runQuery({ ...session.query.value, predicted: e.currentTarget.value === 'any' ? 'any' : Number(e.currentTarget.value) })}
            data-testid="filter-predicted"
          >
            <option value="any">Any prediction</option>
            {classes.map((c, k) => <option key={k} value={String(k)}>predicted {c.name}</option>)}
          </select>
          <span class="confidence-range" title="Label-model confidence (its top probability), 0–1, inclusive">
            conf.
            <input type="number" min={0} max={1} step={0.05} class="narrow" aria-label="Minimum confidence" placeholder="0" value={range[0]} onInput={(e) => setRange([e.currentTarget.value, range[1]])} data-testid="filter-confidence-min" />
            –
            <input type="number" min={0} max={1} step={0.05} class="narrow" aria-label="Maximum confidence" placeholder="1" value={range[1]} onInput={(e) => setRange([range[0], e.currentTarget.value])} data-testid="filter-confidence-max" />
          </span>
        </>
      )}
      {query.subset && (
        <span class="subset-chip" data-testid="filter-subset">
          only {query.subset.name} ({query.subset.items.length.toLocaleString('en-US')})
          <button type="button" class="link" aria-label="Show all items again" onClick={() => session.runQuery({ ...session.query.value, subset: null })}>✕</button>
        </span>
      )}
      {query.text !== '' && !session.queryError.value && (
        <button type="button" class="link" onClick={fromFilter} data-testid="lf-from-filter" title="Start a rule LF that votes on the items this text filter matches">
          New LF from this filter
        </button>
      )}
    </>
  );
}
