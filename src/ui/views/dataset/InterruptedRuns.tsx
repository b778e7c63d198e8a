import { useState } from 'preact/hooks';
import type { Run } from '../../../data/db';
import { methodTitle } from '../../../core/weak/method-titles';
import { runKindTitles } from '../../../core/records/run-titles';
import { useLive } from '../../hooks/live';
import { discardRun, isResumable, listInterruptedRuns, rerunnable, runAgain } from '../../state/runs';
import type { DatasetSession } from '../../state/session';
import { say } from '../../state/tasks';

function describe(run: Run): string {
  const when = new Date(run.createdAt).toLocaleString('en-GB', { dateStyle: 'short', timeStyle: 'medium' });
  const detail = isResumable(run) ? ` (${String(run.params.modelName)})` : run.kind === 'label-model' ? ` (${methodTitle(run.params.method)})` : run.kind === 'apply-lfs' ? ` (${run.inputs.length} LF${run.inputs.length === 1 ? '' : 's'})` : '';
  const kept = isResumable(run) ? 'What it finished is kept until you resume or discard it.' : 'Nothing it wrote is used.';
  // A run stopped by a write the store did not start in time says so, not that its tab died.
  const why = run.results.code === 'store/busy' ? "the browser's storage did not take its writes in time (another task or tab was holding it)" : 'the tab was closed, reloaded or crashed while it ran';
  return `${runKindTitles[run.kind] ?? run.kind}${detail}, started ${when}, was interrupted: ${why}. ${kept}`;
}

/** Runs a closed or crashed tab left behind (found by the sweep on open), each with what can be done. */
export function InterruptedRuns({ session }: { session: DatasetSession }) {
  const runs = useLive(() => listInterruptedRuns(session.id), [session.id], [] as Run[]);
  const [busy, setBusy] = useState(false);
  if (runs.length === 0) return null;
  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
    } catch (error) {
      say('error', error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <ul class="notices interrupted-runs" aria-label="Interrupted runs">
      {runs.map((run) => (
        <li key={run.id} data-testid="interrupted-run" data-kind={run.kind}>
          {describe(run)}{' '}
          {rerunnable(run) ? (
            <button type="button" disabled={busy} onClick={() => act(() => runAgain(session, run))}>Run again</button>
          ) : (
            <span class="hint">{isResumable(run) ? 'Resume it from the Teachers tab. ' : 'Start it again from its tab. '}</span>
          )}{' '}
          <button type="button" disabled={busy} onClick={() => act(() => discardRun(run))}>Discard</button>
        </li>
      ))}
    </ul>
  );
}
