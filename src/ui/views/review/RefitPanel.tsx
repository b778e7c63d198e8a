import { useEffect } from 'preact/hooks';
import type { DatasetSession } from '../../state/session';
import { loadRefits, refit, refitPoints, refitStep } from '../../state/refit';
import { review } from '../../state/review';
import { RefitChart } from './RefitChart';

const fmt = (x: number | null) => (x === null ? '—' : x.toFixed(3));

/**
 * Close the loop from the Review tab: Refit (offered again when a batch is done), the curve of the
 * canary metric against reviewed items, and its table.
 */
export function RefitPanel({ session, rerank }: { session: DatasetSession; rerank: (() => Promise<void>) | null }) {
  useEffect(() => {
    void loadRefits(session);
  }, [session.id]);
  const points = refitPoints.value?.datasetId === session.id ? refitPoints.value.points : [];
  const running = refitStep.value?.datasetId === session.id ? refitStep.value.step : null;
  const state = review.value;
  const batchDone = state?.datasetId === session.id && state.at >= state.queue.picks.length && state.answered > 0;
  const start = () => void refit(session, rerank);
  const metric = points.length ? points[points.length - 1].metric : 'metric';

  return (
    <section class="refit" aria-label="Refit">
      <div class="form-row">
        <button type="button" onClick={start} disabled={running !== null} data-testid="refit-run" title="Label model → calibration → student with your answers as seeds, scored on canary; then a new queue">
          Refit
        </button>
        {running && <span class="hint" data-testid="refit-step" role="status">Refitting: {running}…</span>}
      </div>
      {batchDone && !running && (
        <p class="hint" data-testid="refit-offer">
          Batch done: {state!.answered} answer{state!.answered === 1 ? '' : 's'}.{' '}
          <button type="button" onClick={start} data-testid="refit-offer-run">Refit now</button> to learn from them and rank a new batch.
        </p>
      )}
      {points.length > 0 && (
        <figure class="refit-curve">
          <RefitChart points={points} metric={metric} />
          <table class="refit-table" data-testid="refit-table">
            <thead>
              <tr><th>Reviewed</th><th>Canary {metric} (student)</th><th>Student's loss (kept on dev)</th><th>Label model alone</th><th>When</th></tr>
            </thead>
            <tbody>
              {points.map((p) => (
                <tr key={p.runId} data-testid="refit-row">
                  <td>{p.reviewed.toLocaleString('en-US')}</td>
                  <td>{fmt(p.canary)}</td>
                  <td data-testid="refit-student-loss">{p.studentLoss ?? '—'}</td>
                  <td>{fmt(p.labelModelCanary)}</td>
                  <td>{new Date(p.at).toLocaleString('en-GB', { dateStyle: 'short', timeStyle: 'medium' })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </figure>
      )}
    </section>
  );
}
