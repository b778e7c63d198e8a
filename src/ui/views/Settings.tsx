import { useEffect, useState } from 'preact/hooks';
import { say } from '../state/tasks';

const mb = (bytes: number | undefined) => (bytes === undefined ? '?' : `${(bytes / 1048576).toFixed(1)} MB`);

/** Storage used, and the switch that asks the browser not to evict this site's data under pressure. */
export function Settings() {
  const [estimate, setEstimate] = useState<StorageEstimate | null>(null);
  const [persisted, setPersisted] = useState<boolean | null>(null);

  const refresh = async () => {
    setEstimate(await navigator.storage.estimate());
    setPersisted(await navigator.storage.persisted());
  };
  useEffect(() => {
    refresh();
  }, []);

  const persist = async () => {
    const granted = await navigator.storage.persist();
    setPersisted(granted);
    say(granted ? 'info' : 'error', granted ? 'Storage is now persistent: the browser will not evict Sift data to free space.' : 'The browser declined persistent storage. Bookmarking the app or installing it often helps; data stays until the browser needs space.');
  };

  return (
    <main class="settings">
      <h1>Settings</h1>
      <section>
        <h2>Storage</h2>
        <p data-testid="storage-usage">
          Used {mb(estimate?.usage)} of {mb(estimate?.quota)} available to this site.
        </p>
        <p data-testid="storage-persisted">
          {persisted === null ? 'Checking…' : persisted ? 'Persistent: the browser keeps this data until you delete it.' : 'Best effort: the browser may delete this data when the disk is short of space.'}
        </p>
        <button type="button" onClick={persist} disabled={persisted === true} data-testid="persist">
          Keep my data (persistent storage)
        </button>
        <button type="button" onClick={refresh}>Refresh</button>
      </section>
    </main>
  );
}
