import { useEffect, useMemo, useState } from 'preact/hooks';
import type { ColumnProfile } from '../../../core/table/profile';
import { dataWorker } from '../../../../workers/clients';
import type { Progress } from '../../../../workers/bridge/protocol';
import type { DatasetSession } from '../../state/session';
import { Details, pct } from './ProfileDetails';
import { ProfileList } from './ProfileList';

/** Up to this many columns the profile is a plain table; a wider one is a virtual list of column cards. */
const TABLE_ROWS = 100;

/** Per column of a table dataset: its type, missing and invalid shares, and its distribution. */
export function ProfileTab({ session }: { session: DatasetSession }) {
  const dataset = session.dataset.value;
  const [profiles, setProfiles] = useState<ColumnProfile[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [progress, setProgress] = useState<Progress | null>(null);
  useEffect(() => {
    if (dataset.kind !== 'table') return;
    const controller = new AbortController();
    setProfiles(null);
    setError(null);
    setProgress(null);
    dataWorker
      .call('profile', { datasetId: dataset.id }, { signal: controller.signal, onProgress: setProgress })
      .then(setProfiles)
      .catch((e: unknown) => !controller.signal.aborted && setError(e instanceof Error ? e.message : String(e)));
    return () => controller.abort();
  }, [dataset.id, dataset.kind, dataset.columnTypes]);

  const needle = query.trim().toLowerCase();
  // Memoised: the virtual list scrolls back to the top whenever the list it is given changes.
  const matching = useMemo(() => (needle && profiles ? profiles.filter((p) => p.name.toLowerCase().includes(needle)) : profiles ?? []), [profiles, needle]);

  if (dataset.kind !== 'table') return <p class="hint">Only table datasets have a column profile.</p>;
  if (error) return <p role="alert">The profile could not be computed: {error}</p>;
  if (!profiles) {
    return (
      <p class="hint" data-testid="profile-loading" role="status">
        Profiling {dataset.fields.length.toLocaleString('en-US')} columns…{progress && progress.total ? ` ${progress.done.toLocaleString('en-US')} of ${progress.total.toLocaleString('en-US')} done` : ''}
      </p>
    );
  }
  const wide = profiles.length > TABLE_ROWS;
  return (
    <section aria-label="Column profile">
      <h2>Profile</h2>
      <p class="hint">
        {profiles.length.toLocaleString('en-US')} columns · {dataset.itemCount.toLocaleString('en-US')} rows. Invalid: cells that do not read as the column's type.
      </p>
      {wide && (
        <p>
          <label>
            Find a column <input type="search" value={query} onInput={(e) => setQuery(e.currentTarget.value)} data-testid="profile-search" />
          </label>{' '}
          <span class="hint" data-testid="profile-matching">{needle ? `${matching.length.toLocaleString('en-US')} matching` : ''}</span>
        </p>
      )}
      {wide ? (
        <ProfileList profiles={matching} />
      ) : (
        <table class="profile" data-testid="profile-table">
          <thead>
            <tr><th>Column</th><th>Type</th><th>Missing</th><th>Invalid</th><th>Distribution</th></tr>
          </thead>
          <tbody>
            {matching.map((p) => (
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
      )}
      {wide && needle && matching.length === 0 && <p class="hint">No column matches "{query.trim()}".</p>}
    </section>
  );
}
