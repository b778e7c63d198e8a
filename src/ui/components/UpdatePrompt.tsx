import { signal } from '@preact/signals';

/** Set when a new version of the app is installed and waiting: calling it reloads into that version. */
export const pendingUpdate = signal<(() => Promise<void>) | null>(null);

/** "A new version is ready": the user chooses when to switch, so no tab changes under a running job. */
export function UpdatePrompt() {
  const update = pendingUpdate.value;
  if (!update) return null;
  return (
    <div class="update-prompt" role="status" data-testid="update-prompt">
      A new version of Sift is ready.{' '}
      <button type="button" onClick={() => void update()}>Reload to update</button>{' '}
      <button type="button" onClick={() => (pendingUpdate.value = null)}>Later</button>
    </div>
  );
}
