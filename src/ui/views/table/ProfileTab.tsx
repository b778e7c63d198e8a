import { useEffect, useState } from 'preact/hooks';
import type { ColumnProfile } from '../../../core/table/profile';
import { dataWorker } from '../../../../workers/clients';
import type { DatasetSession } from '../../state/session';
import { Bar } from '../weak/Bars';
import { MiniHistogram } from './MiniHistogram';

/** Columns drawn at once; a search finds the others in a wide table. */
const ROWS_SHOWN = 100;

const num = (v: number) => (Math.abs(v) >= 1e5 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(2) : Number(v.toFixed(3)).toLocaleString('en-US'));
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const pct = (part: number, whole: number) => (whole === 0 ? '—' : `${((100 * part) / whole).toFixed(1)} %`);

function Details({ p }: { p: ColumnProfile }) {
  if (p.type === 'text') {
    return (
      <span>
        length {p.length.min.toLocaleString('en-US')} – {p.length.max.toLocaleString('en-US')} (mean {num(p.length.mean)}) · {num(p.words_mean)} words · vocabulary {p.vocabulary.toLocaleString('en-US')}
        {p.top_tokens.length > 0 && <> · top: {p.top_tokens.slice(0, 8).map((t) => t.token).join(', ')}</>}
      </span>
    );
  }
  if (p.type === 'boolean') {
    const present = p.true + p.false;
    return <span><Bar value={present ? p.true / present : null} label={`${pct(p.true, present)} true`} /> true {p.true.toLocaleString('en-US')} · false {p.false.toLocaleString('en-US')}</span>;
  }
  if (p.type === 'categorical') {
    const present = p.rows - p.missing;
    return (
      <div>
        <span>{p.distinct.toLocaleString('en-US')} distinct</span>
        <ul class="top-categories">
          {p.top.map((t) => (
            <li key={t.value}><Bar value={present ? t.count / present : null} label={`${t.value}: ${pct(t.count, present)}`} /> {t.value} ({t.count.toLocaleString('en-US')})</li>
          ))}
          {p.other > 0 && <li class="hint">other values: {p.other.toLocaleString('en-US')}</li>}
        </ul>
      </div>
    );
  }
  if (p.histogram === null) return <span class="hint">no values</span>;
  if ('quartiles' in p) {
    return (
      <>
        <MiniHistogram histogram={p.histogram} label={p.name} format={num} />{' '}
        <span>min {num(p.min)} · median {num(p.quartiles[1])} · max {num(p.max)} · mean {num(p.mean)} ± {num(p.std)} · {p.distinct.toLocaleString('en-US')} distinct</span>
      </>
    );
  }
  const dated = p as Extract<ColumnProfile, { type: 'datetime'; min: string }>;
  return <><MiniHistogram histogram={dated.histogram} label={p.name} format={day} /> <span>{dated.min.slice(0, 10)} – {dated.max.slice(0, 10)}</span></>;
}

/** Per column of a table dataset: its type, missing and invalid shares, and its distribution. */
export function ProfileTab({ session }: { session: DatasetSession }) {
  const dataset = session.dataset.value;
  const [profiles, setProfiles] = useState<ColumnProfile[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  useEffect(() => {
    if (dataset.kind !== 'table') return;
    const controller = new AbortController();
    setProfiles(null);
    setError(null);
    dataWorker
      .call('profile', { datasetId: dataset.id }, { signal: controller.signal })
      .then(setProfiles)
      .catch((e: unknown) => !controller.signal.aborted && setError(e instanceof Error ? e.message : String(e)));
    return () => controller.abort();
  }, [dataset.id, dataset.kind, dataset.columnTypes]);

  if (dataset.kind !== 'table') return <p class="hint">Only table datasets have a column profile.</p>;
  if (error) return <p role="alert">The profile could not be computed: {error}</p>;
  if (!profiles) return <p class="hint" data-testid="profile-loading">Profiling {dataset.fields.length.toLocaleString('en-US')} columns…</p>;
  const needle = query.trim().toLowerCase();
  const matching = needle ? profiles.filter((p) => p.name.toLowerCase().includes(needle)) : profiles;
  const shown = matching.slice(0, ROWS_SHOWN);
  return (
    <section aria-label="Column profile">
      <h2>Profile</h2>
      <p class="hint">
        {profiles.length.toLocaleString('en-US')} columns · {dataset.itemCount.toLocaleString('en-US')} rows. Invalid: cells that do not read as the column's type.
      </p>
      {profiles.length > ROWS_SHOWN && (
        <label>
          Find a column <input type="search" value={query} onInput={(e) => setQuery(e.currentTarget.value)} data-testid="profile-search" />
        </label>
      )}
      <table class="profile" data-testid="profile-table">
        <thead>
          <tr><th>Column</th><th>Type</th><th>Missing</th><th>Invalid</th><th>Distribution</th></tr>
        </thead>
        <tbody>
          {shown.map((p) => (
            <tr key={p.name} data-testid="profile-row" data-column={p.name}>
              <th scope="row">{p.name}</th>
              <td data-testid="profile-type">{p.type}</td>
              <td>{pct(p.missing, p.rows)}</td>
              <td>{p.invalid > 0 ? pct(p.invalid, p.rows) : '—'}</td>
              <td><Details p={p} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      {matching.length > shown.length && <p class="hint">{(matching.length - shown.length).toLocaleString('en-US')} more columns: search to find one.</p>}
    </section>
  );
}
