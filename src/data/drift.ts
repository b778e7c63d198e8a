import { replay } from '../core/labels';
import { SiftError } from '../core/errors';
import { itemDrift, type ItemDriftReport, type SideLabels } from '../core/drift/item-drift';
import { datetimeFields, selectItems, type DriftSide, type LabelsFrom } from '../core/drift/item-sets';
import { effectiveLabels } from '../core/snapshot/diff';
import type { GateDrift } from '../core/snapshot/gate';
import { NO_LABEL } from '../core/types';
import { parseDatetime } from '../core/table/infer';
import { readColumn } from './columns';
import { audit } from './datasets';
import { db, type AuditEntry, type Dataset, type Run } from './db';
import { loadLabelEvents } from './labels';
import { listRuns } from './runs';
import { readManifestColumn } from './snapshot-store';
import { calibratedColumn, predColumn, probsColumn } from './sources';
import { readSplits } from './splits';
import { readImportBatches } from './import-append';

/**
 * Drift between two item sets of a stored dataset (the Drift tab, and the canary gate's "no dataset
 * drift" criterion): reads the items' fields and texts, the splits, and each side's labels, then runs
 * the pure report.
 */

export interface ItemColumns {
  fields: Record<string, string[]>;
  texts: string[];
}

/** Every item's fields and text, concatenated over the chunks. */
export async function readItemColumns(dataset: Dataset): Promise<ItemColumns> {
  const fields: Record<string, string[]> = Object.fromEntries(dataset.fields.map((f) => [f, new Array<string>(dataset.itemCount).fill('')]));
  const texts = new Array<string>(dataset.itemCount).fill('');
  await db()
    .chunks.where('datasetId')
    .equals(dataset.id)
    .each((chunk) => {
      for (let i = 0; i < chunk.count; i++) texts[chunk.start + i] = chunk.text[i] ?? '';
      for (const f of dataset.fields) {
        const cells = chunk.fields[f];
        if (cells) for (let i = 0; i < chunk.count; i++) fields[f][chunk.start + i] = cells[i] ?? '';
      }
    });
  return { fields, texts };
}

function maxPerRow(probs: Float32Array, n: number, k: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let best = -Infinity;
    for (let c = 0; c < k; c++) best = Math.max(best, probs[i * k + c]);
    out[i] = k > 0 ? best : NaN;
  }
  return out;
}

/** The label-model run whose outputs are current: the newest finished one that still has its columns. */
async function currentRun(datasetId: string): Promise<Run | null> {
  return (await listRuns(datasetId, 'label-model')).find((r) => r.status === 'done' && !r.results.columnsDropped) ?? null;
}

async function runOutputs(dataset: Dataset, run: Run): Promise<{ predicted: Int16Array; confidence: Float32Array }> {
  const k = dataset.classes.length;
  const calibration = (await listRuns(dataset.id, 'calibration')).find((r) => r.status === 'done' && r.params.key === run.id);
  const probs = await readColumn(dataset, calibration ? calibratedColumn(run.id) : probsColumn(run.id), Float32Array, k);
  const pred = await readColumn(dataset, predColumn(run.id), Int8Array, 1, NO_LABEL);
  return { predicted: Int16Array.from(pred), confidence: maxPerRow(probs, dataset.itemCount, k) };
}

async function sideLabels(dataset: Dataset, from: LabelsFrom): Promise<SideLabels> {
  const events = await loadLabelEvents(dataset.id);
  const k = dataset.classes.length;
  if (from.kind === 'snapshot') {
    const snapshot = await db().snapshots.get(from.id);
    if (!snapshot || snapshot.datasetId !== dataset.id) throw new SiftError('drift/snapshot', `Snapshot "${from.name}" no longer exists.`);
    const human = replay(dataset.itemCount, events.filter((e) => (e.seq ?? 0) <= snapshot.labelSeq));
    const run = snapshot.labelModel?.run as Run | undefined;
    if (!run) return { label: effectiveLabels(human, null).label, predicted: null, confidence: null };
    const manifest = (name: string) => snapshot.columns.find((c) => c.name === name);
    const probsManifest = (snapshot.labelModel?.calibration && manifest(calibratedColumn(run.id))) || manifest(probsColumn(run.id));
    const predManifest = manifest(predColumn(run.id));
    const predicted = predManifest ? Int16Array.from((await readManifestColumn(dataset.id, predManifest, dataset.itemCount, dataset.chunkSize, 1, NO_LABEL)) as Int8Array) : null;
    const confidence = probsManifest ? maxPerRow((await readManifestColumn(dataset.id, probsManifest, dataset.itemCount, dataset.chunkSize, k)) as Float32Array, dataset.itemCount, k) : null;
    return { label: effectiveLabels(human, predicted).label, predicted, confidence };
  }
  const human = replay(dataset.itemCount, events);
  let run: Run | null;
  if (from.kind === 'run') {
    run = (await db().runs.get(from.id)) ?? null;
    if (!run || run.datasetId !== dataset.id || run.status !== 'done') throw new SiftError('drift/run', `Label-model run ${from.name} did not finish or no longer exists.`);
    if (run.results.columnsDropped) throw new SiftError('drift/run', `Label-model run ${from.name} no longer has its outputs (a newer run replaced them).`);
  } else run = await currentRun(dataset.id);
  if (!run) return { label: effectiveLabels(human, null).label, predicted: null, confidence: null };
  const { predicted, confidence } = await runOutputs(dataset, run);
  return { label: effectiveLabels(human, predicted).label, predicted, confidence };
}

export interface DriftRequest {
  datasetId: string;
  reference: DriftSide;
  current: DriftSide;
}

export interface StoredDriftReport extends ItemDriftReport {
  undated: { reference: number; current: number };
  /** Datetime fields of the dataset (for date ranges and the canary-over-time chart). */
  datetimeFields: string[];
}

export async function computeDrift(request: DriftRequest): Promise<StoredDriftReport> {
  const dataset = await db().datasets.get(request.datasetId);
  if (!dataset) throw new SiftError('drift/dataset', 'This dataset no longer exists.');
  const usesBatches = request.reference.items.kind === 'import' || request.current.items.kind === 'import';
  const [{ fields, texts }, splits, batches] = await Promise.all([readItemColumns(dataset), readSplits(dataset), usesBatches ? readImportBatches(dataset) : undefined]);
  const select = (side: DriftSide) => selectItems(side.items, splits, side.items.kind === 'dates' ? fields[side.items.field] : undefined, batches);
  const reference = select(request.reference);
  const current = select(request.current);
  const exclude = [...new Set([request.reference.items, request.current.items].flatMap((s) => (s.kind === 'dates' ? [s.field] : [])))];
  const [refLabels, curLabels] = await Promise.all([sideLabels(dataset, request.reference.labels), sideLabels(dataset, request.current.labels)]);
  const report = itemDrift({
    fields,
    columnTypes: dataset.columnTypes,
    texts: dataset.kind === 'text' ? texts : null,
    reference: reference.indices,
    current: current.indices,
    exclude,
    classes: dataset.classes.map((c) => c.name),
    labels: { reference: refLabels, current: curLabels },
  });
  return { ...report, undated: { reference: reference.undated, current: current.undated }, datetimeFields: datetimeFields(fields) };
}

/** The dataset's datetime fields with their first and last date (YYYY-MM-DD), for the date-range pickers. */
export async function datetimeFieldSpans(datasetId: string): Promise<{ field: string; first: string; last: string }[]> {
  const dataset = await db().datasets.get(datasetId);
  if (!dataset) throw new SiftError('drift/dataset', 'This dataset no longer exists.');
  const { fields } = await readItemColumns(dataset);
  return datetimeFields(fields).map((field) => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const cell of fields[field]) {
      const ms = parseDatetime(cell);
      if (Number.isNaN(ms)) continue;
      lo = Math.min(lo, ms);
      hi = Math.max(hi, ms);
    }
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    return { field, first: day(lo), last: day(hi) };
  });
}

/** The gate's view of a drift check: never throws, a failure becomes its reason. */
export async function gateDrift(request: DriftRequest): Promise<GateDrift> {
  try {
    const report = await computeDrift(request);
    return { datasetDrift: report.features.dataset_drift, shareDrifted: report.features.share_drifted, drifted: Object.entries(report.features.columns).filter(([, c]) => c.drift).map(([n]) => n) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** Drift alerts are audit entries; dismissing one is another, so the banner's state survives reloads and other tabs. */
export const DRIFT_ALERT = 'drift-alert';
export const DRIFT_DISMISSED = 'drift-alert-dismissed';

export async function recordDriftAlert(datasetId: string, detail: { reference: string; current: string; shareDrifted: number; drifted: string[] }): Promise<void> {
  await audit(datasetId, DRIFT_ALERT, detail);
}

export async function dismissDriftAlert(datasetId: string, alertSeq: number): Promise<void> {
  await audit(datasetId, DRIFT_DISMISSED, { alertSeq });
}

/** The newest drift alert not dismissed since, or null. */
export function openDriftAlert(entries: readonly AuditEntry[]): AuditEntry | null {
  const newestFirst = [...entries].sort((a, b) => (b.seq ?? 0) - (a.seq ?? 0));
  for (const entry of newestFirst) {
    if (entry.action === DRIFT_DISMISSED) return null;
    if (entry.action === DRIFT_ALERT) return entry;
  }
  return null;
}
