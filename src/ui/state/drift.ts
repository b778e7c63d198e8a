import { signal } from '@preact/signals';
import { describeSide, type DriftSide } from '../../core/drift/item-sets';
import type { OverTime } from '../../core/drift/over-time';
import type { AuditEntry } from '../../data/db';
import { dismissDriftAlert, openDriftAlert, recordDriftAlert, type StoredDriftReport } from '../../data/drift';
import { getGate, saveGateCriteria } from '../../data/gate';
import { watchAudit } from '../../data/activity';
import { listSnapshots } from '../../data/snapshots';
import { listRuns } from '../../data/runs';
import { driftWorker } from '../../../workers/clients';
import type { OutputChoice, SliceBy, SliceResult } from '../../../workers/drift/slices';
import type { DatasetSession } from './session';
import { runTask, say } from './tasks';

/** What the Drift and Slices views show; computing runs in the drift worker, writes go through src/data. */
export const driftReport = signal<(StoredDriftReport & { reference: DriftSide; current: DriftSide }) | null>(null);
export const sliceResult = signal<SliceResult | null>(null);
export const overTime = signal<(OverTime & { outputs: OutputChoice[]; output: OutputChoice; field: string }) | null>(null);
export const driftAlert = signal<AuditEntry | null>(null);

let shownDataset: string | null = null;

/** Forget one dataset's results when another opens. */
export function showDriftOf(datasetId: string): void {
  if (shownDataset === datasetId) return;
  shownDataset = datasetId;
  driftReport.value = null;
  sliceResult.value = null;
  overTime.value = null;
  driftAlert.value = null;
}

export async function runDrift(session: DatasetSession, reference: DriftSide, current: DriftSide): Promise<void> {
  const report = await runTask('Drift report', (signal, onProgress) => driftWorker.call('drift', { datasetId: session.id, reference, current }, { signal, onProgress }));
  if (!report) return;
  driftReport.value = { ...report, reference, current };
  if (report.features.dataset_drift) {
    const drifted = Object.entries(report.features.columns).filter(([, c]) => c.drift).map(([name]) => name);
    await recordDriftAlert(session.id, { reference: describeSide(reference), current: describeSide(current), shareDrifted: report.features.share_drifted, drifted });
  }
}

/** Keeps `driftAlert` on the newest undismissed drift alert of the dataset (any tab, any reload). */
export function followDriftAlerts(datasetId: string): () => void {
  return watchAudit(
    datasetId,
    200,
    (entries) => (driftAlert.value = openDriftAlert(entries)),
    (error) => say('error', `Could not read the activity log: ${error instanceof Error ? error.message : error}`),
  );
}

export async function dismissAlert(session: DatasetSession, alert: AuditEntry): Promise<void> {
  await dismissDriftAlert(session.id, alert.seq ?? 0);
}

/** Adds "no dataset drift between these sets" to the canary gate, keeping its other criteria. */
export async function driftAsGate(session: DatasetSession, reference: DriftSide, current: DriftSide): Promise<void> {
  try {
    const gate = await getGate(session.id);
    await saveGateCriteria(session.id, { ...gate.criteria, noDrift: { reference, current } });
    say('info', `Canary gate: exports now need no dataset drift of ${describeSide(current)} against ${describeSide(reference)}.`);
  } catch (error) {
    say('error', error instanceof Error ? error.message : String(error));
  }
}

export async function runSlices(session: DatasetSession, outputId: string | null, by: SliceBy): Promise<void> {
  const result = await runTask('Canary slices', (signal, onProgress) =>
    driftWorker.call('slices', { datasetId: session.id, labels: session.labels.label.slice(), splits: session.splits.slice(), outputId, by }, { signal, onProgress }),
  );
  if (result) sliceResult.value = result;
}

export async function runOverTime(session: DatasetSession, outputId: string | null, field: string): Promise<void> {
  const result = await runTask('Canary metrics over time', (signal, onProgress) =>
    driftWorker.call('overTime', { datasetId: session.id, labels: session.labels.label.slice(), splits: session.splits.slice(), outputId, field }, { signal, onProgress }),
  );
  if (result) overTime.value = result;
}

/** Snapshots and finished label-model runs a side's labels can come from. */
export async function labelChoices(datasetId: string): Promise<{ snapshots: { id: string; name: string }[]; runs: { id: string; name: string }[] }> {
  const [snaps, runs] = await Promise.all([listSnapshots(datasetId), listRuns(datasetId, 'label-model')]);
  return {
    snapshots: snaps.map((s) => ({ id: s.id, name: s.name })),
    runs: runs.filter((r) => r.status === 'done' && !r.results.columnsDropped).map((r) => ({ id: r.id, name: `${String(r.params.method ?? 'label model')} (${new Date(r.createdAt).toISOString().slice(0, 16).replace('T', ' ')})` })),
  };
}

export function datetimeFieldsOf(datasetId: string): Promise<{ field: string; first: string; last: string }[]> {
  return driftWorker.call('datetimeFields', { datasetId });
}
