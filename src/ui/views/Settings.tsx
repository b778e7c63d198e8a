import { useEffect, useState } from 'preact/hooks';
import type { DatasetUsage, UsageKind } from '../../data/usage';
import { freeAutoSnapshots, freeDataset, freeVectors, measureUsage, measuringUsage, storeUsage } from '../state/storage';
import { say } from '../state/tasks';

const mb = (bytes: number | undefined) => (bytes === undefined ? '?' : `${(bytes / 1048576).toFixed(1)} MB`);
/** Table cells: small datasets read in KB rather than a column of 0.0 MB. */
const size = (bytes: number) => (bytes < 1048576 ? `${(bytes / 1024).toFixed(1)} KB` : mb(bytes));
const KIND_TITLES: [UsageKind, string][] = [
  ['items', 'Items'],
  ['labels', 'Labels'],
  ['votes', 'Votes'],
  ['probabilities', 'Probabilities'],
  ['vectors', 'Vectors'],
  ['snapshots', 'Snapshots'],
  ['other', 'Splits, runs, log'],
];

const failed = (what: string) => (error: unknown) => say('error', `${what} failed: ${error instanceof Error ? error.message : error}`);

/** Storage used per dataset and kind, what can be freed, and the switch that asks the browser not to evict this site's data. */
export function Settings() {
  const [estimate, setEstimate] = useState<StorageEstimate | null>(null);
  const [persisted, setPersisted] = useState<boolean | null>(null);

  const refresh = async () => {
    setEstimate(await navigator.storage.estimate());
    setPersisted(await navigator.storage.persisted());
    await measureUsage().catch(failed('Measuring storage'));
  };
  useEffect(() => {
    void refresh();
  }, []);

  const persist = async () => {
    const granted = await navigator.storage.persist();
    setPersisted(granted);
    say(granted ? 'info' : 'error', granted ? 'Storage is now persistent: the browser will not evict Sift data to free space.' : 'The browser declined persistent storage. Bookmarking the app or installing it often helps; data stays until the browser needs space.');
  };
  const afterFreeing = async (work: Promise<unknown>, what: string) => {
    try {
      await work;
      setEstimate(await navigator.storage.estimate());
    } catch (error) {
      failed(what)(error);
    }
  };

  const usage = storeUsage.value;
  const free = estimate?.quota !== undefined && estimate.usage !== undefined ? estimate.quota - estimate.usage : undefined;
  return (
    <main class="settings">
      <h1>Settings</h1>
      <section>
        <h2>Storage</h2>
        <p data-testid="storage-usage">
          Used {mb(estimate?.usage)} of {mb(estimate?.quota)} available to this site ({mb(free)} free).
        </p>
        <p data-testid="storage-persisted">
          {persisted === null ? 'Checking…' : persisted ? 'Persistent: the browser keeps this data until you delete it.' : 'Best effort: the browser may delete this data when the disk is short of space.'}
        </p>
        <button type="button" onClick={persist} disabled={persisted === true} data-testid="persist">
          Keep my data (persistent storage)
        </button>
        <button type="button" onClick={refresh} disabled={measuringUsage.value}>
          Refresh
        </button>
      </section>
      <section aria-labelledby="usage-heading">
        <h2 id="usage-heading">Usage by dataset</h2>
        <p class="hint">
          About how many bytes each dataset keeps, by kind (text counted one byte per character; the browser's own total above includes its overhead).
        </p>
        {usage === null ? (
          <p class="hint">{measuringUsage.value ? 'Measuring…' : ''}</p>
        ) : (
          <table class="usage" data-testid="usage-table">
            <thead>
              <tr>
                <th scope="col">Dataset</th>
                {KIND_TITLES.map(([kind, title]) => (
                  <th scope="col" key={kind}>{title}</th>
                ))}
                <th scope="col">Total</th>
                <th scope="col">Free space</th>
              </tr>
            </thead>
            <tbody>
              {usage.datasets.map((d) => (
                <UsageRow key={d.datasetId} usage={d} onFree={afterFreeing} />
              ))}
              <tr data-testid="usage-models">
                <th scope="row">Model registry</th>
                {KIND_TITLES.map(([kind]) => (
                  <td key={kind} />
                ))}
                <td>{size(usage.models)}</td>
                <td class="hint">Delete models on the Models page.</td>
              </tr>
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">All</th>
                {KIND_TITLES.map(([kind]) => (
                  <td key={kind}>{size(usage.datasets.reduce((sum, d) => sum + d.bytes[kind], 0))}</td>
                ))}
                <td data-testid="usage-total">{size(usage.total)}</td>
                <td />
              </tr>
            </tfoot>
          </table>
        )}
      </section>
    </main>
  );
}

function UsageRow({ usage, onFree }: { usage: DatasetUsage; onFree: (work: Promise<unknown>, what: string) => Promise<void> }) {
  const pruneSnapshots = () =>
    onFree(
      freeAutoSnapshots(usage.datasetId).then((r) => say('info', `Deleted ${r.deleted} automatic snapshot${r.deleted === 1 ? '' : 's'} of ${usage.name}, freeing ${size(r.bytesFreed)}.`)),
      'Deleting snapshots',
    );
  return (
    <tr data-testid="usage-row" data-dataset={usage.name}>
      <th scope="row">{usage.name}</th>
      {KIND_TITLES.map(([kind]) => (
        <td key={kind} data-kind={kind}>{size(usage.bytes[kind])}</td>
      ))}
      <td data-kind="total">{size(usage.total)}</td>
      <td class="usage-actions">
        {usage.vectorColumns.map((v) => (
          <button type="button" key={v.name} onClick={() => onFree(freeVectors(usage.datasetId, v.name), 'Deleting vectors')}>
            Delete vectors of {v.name.slice('vec:'.length)} ({size(v.bytes)})
          </button>
        ))}
        {usage.autoSnapshots > 0 && (
          <button type="button" onClick={pruneSnapshots} data-testid="prune-snapshots">
            Delete {usage.autoSnapshots} automatic snapshot{usage.autoSnapshots === 1 ? '' : 's'}
          </button>
        )}
        <button
          type="button"
          onClick={() => confirm(`Delete "${usage.name}" and all its labels? This cannot be undone.`) && onFree(freeDataset(usage.datasetId), 'Deleting the dataset')}
          data-testid="usage-delete-dataset"
        >
          Delete dataset
        </button>
      </td>
    </tr>
  );
}
