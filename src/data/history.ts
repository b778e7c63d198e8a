/**
 * The generator change log (core/history): LF edits, teacher thresholds, calibrations and label-model
 * choices, each written in the transaction of the change itself, so the log never misses one or lists
 * one that did not happen. Callers' transactions must include the `changes` table.
 */
import { effectOf, metricPoints, type MetricPoint } from '../core/history/effect';
import { lfValue, sameValue } from '../core/history/values';
import { subjectOf, type ChangeEntry, type ChangeValue } from '../core/history/types';
import { SiftError } from '../core/errors';
import type { Source } from '../core/records';
import { db } from './db';
import { audit } from './datasets';
import { listRuns } from './runs';

type NewChange = Omit<ChangeEntry, 'seq' | 'at' | 'datasetId'>;

async function logChange(datasetId: string, change: NewChange): Promise<void> {
  if (change.action === 'edit' && sameValue(change.before, change.after)) return;
  await db().changes.add({ ...change, datasetId, at: Date.now() });
}

/** An LF was created, edited or deleted (call inside the transaction that writes it). */
export async function logLfChange(before: Source | undefined, after: Source | undefined, restoredFrom?: ChangeEntry['restoredFrom']): Promise<void> {
  const source = after ?? before;
  if (!source) return;
  const was = before ? lfValue(before) : null;
  const now = after ? lfValue(after) : null;
  if (!was && !now) return;
  const action = restoredFrom ? 'restore' : !before ? 'create' : !after ? 'delete' : 'edit';
  await logChange(source.datasetId, { kind: 'lf', subject: subjectOf('lf', source.id), action, name: source.name, before: was, after: now, ...(restoredFrom ? { restoredFrom } : {}) });
}

export async function logThresholdChange(datasetId: string, sourceId: string, name: string, before: number | null, after: number | null, restoredFrom?: ChangeEntry['restoredFrom']): Promise<void> {
  await logChange(datasetId, { kind: 'threshold', subject: subjectOf('threshold', sourceId), action: restoredFrom ? 'restore' : 'edit', name, before: { kind: 'threshold', threshold: before }, after: { kind: 'threshold', threshold: after }, ...(restoredFrom ? { restoredFrom } : {}) });
}

export async function logCalibrationChange(datasetId: string, key: string, name: string, before: ChangeValue | null, after: ChangeValue): Promise<void> {
  await logChange(datasetId, { kind: 'calibration', subject: subjectOf('calibration', key), action: before ? 'edit' : 'create', name, before, after });
}

/** The label-model method the user picked, when it differs from the previous finished run's. */
export async function logLabelModelChoice(datasetId: string, runId: string, method: string): Promise<void> {
  const previous = (await listRuns(datasetId, 'label-model')).find((r) => r.id !== runId && r.status === 'done' && r.params.method !== undefined);
  if (previous?.params.method === method) return;
  await logChange(datasetId, { kind: 'label-model', subject: subjectOf('label-model'), action: previous ? 'edit' : 'create', name: 'label model', before: previous?.params.method ? { kind: 'label-model', method: previous.params.method } : null, after: { kind: 'label-model', method } });
}

export interface HistoryRow {
  entry: ChangeEntry;
  before: MetricPoint | null;
  after: MetricPoint | null;
  /** Changes made between this one and the refit that `after` measures. */
  later: number;
}

/** The dataset's change log, newest first, each with the label-model metrics around it. */
export async function loadHistory(datasetId: string): Promise<HistoryRow[]> {
  const entries = await db().changes.where('datasetId').equals(datasetId).toArray();
  const points = metricPoints(await listRuns(datasetId, 'label-model'));
  return entries.map((entry) => ({ entry, ...effectOf(entry, points, entries) })).sort((a, b) => (b.entry.seq ?? 0) - (a.entry.seq ?? 0));
}

/**
 * Brings an LF back to the version on one side of a logged change (re-creating it if it was deleted
 * since). The restore is itself logged. Its votes are then stale until it is applied again.
 */
export async function restoreLfVersion(seq: number, side: 'before' | 'after'): Promise<Source> {
  const d = db();
  return d.transaction('rw', [d.changes, d.sources, d.audit], async () => {
    const entry = await d.changes.get(seq);
    const value = entry?.[side];
    if (!entry || entry.kind !== 'lf' || !value || value.kind !== 'lf')
      throw new SiftError('history/not-restorable', `Change ${seq} holds no LF version ${side === 'before' ? 'before' : 'after'} it to restore.`, { seq, side });
    const id = entry.subject.slice('lf:'.length);
    const current = await d.sources.get(id);
    const now = Date.now();
    const common = { id, datasetId: entry.datasetId, name: value.name, version: current?.version ?? null, createdAt: current?.createdAt ?? now, updatedAt: now, enabled: current?.enabled ?? true };
    const restored: Source = value.sourceKind === 'lf' ? { ...common, kind: 'lf', definition: { ...value.definition, id, name: value.name } } : { ...common, kind: 'js-lf', definition: { ...value.definition, id, name: value.name } };
    await d.sources.put(restored);
    await logLfChange(current, restored, { seq, side });
    await audit(entry.datasetId, 'restore-lf', { sourceId: id, seq, side });
    return restored;
  });
}

/** The threshold on one side of a logged threshold change (the caller recomputes the votes with it). */
export async function thresholdAt(seq: number, side: 'before' | 'after'): Promise<{ sourceId: string; threshold: number | null }> {
  const entry = await db().changes.get(seq);
  const value = entry?.[side];
  if (!entry || entry.kind !== 'threshold' || !value || value.kind !== 'threshold') throw new SiftError('history/not-restorable', `Change ${seq} holds no threshold to restore.`, { seq, side });
  return { sourceId: entry.subject.slice('threshold:'.length), threshold: value.threshold };
}
