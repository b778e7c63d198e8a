import { useEffect } from 'preact/hooks';
import { dismissAlert, driftAlert, followDriftAlerts } from '../../state/drift';
import type { DatasetSession } from '../../state/session';

/** The dataset's newest drift alert, on every tab until someone dismisses it (the dismissal is audited too). */
export function DriftBanner({ session }: { session: DatasetSession }) {
  useEffect(() => followDriftAlerts(session.id), [session.id]);
  const alert = driftAlert.value;
  if (!alert || alert.datasetId !== session.id) return null;
  const d = alert.detail as { reference?: string; current?: string; shareDrifted?: number; drifted?: string[] };
  return (
    <div class="drift-banner" role="alert" data-testid="drift-banner">
      <strong>Dataset drift.</strong> {((d.shareDrifted ?? 0) * 100).toFixed(0)} % of the columns drifted ({(d.drifted ?? []).join(', ')}) in {d.current} against {d.reference}, found{' '}
      {new Date(alert.at).toLocaleString('en-GB')}.{' '}
      <a href={`#/d/${encodeURIComponent(session.id)}/drift`}>Open the Drift tab</a>{' '}
      <button type="button" onClick={() => dismissAlert(session, alert)} data-testid="drift-dismiss">Dismiss</button>
    </div>
  );
}
