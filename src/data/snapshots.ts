import { replay, type LabelState } from '../core/labels';
import { diffLabels, effectiveLabels, restoreChanges, type EffectiveLabels } from '../core/snapshot/diff';
import { argmaxLabels, canaryMetrics } from '../core/snapshot/metrics';
import type { CanaryMetrics, ColumnManifest, SnapshotAuthor, SnapshotChanges } from '../core/snapshot/types';
import { NO_LABEL } from '../core/types';
import { liveQuery } from 'dexie';
import { startBounded, USER_WRITE_DEADLINE_MS } from './bounded-write';
import { audit } from './datasets';
import { getGate } from './gate';
import { db, type ColumnChunk, type Dataset, type GateRecord, type LabelEvent, type Run, type Snapshot, type Source } from './db';
import { loadLabelEvents } from './labels';
import { listRuns, newRunId } from './runs';
import { hashColumn, putMissingBlobs, readBlobs, readManifestColumn, type HashedColumn } from './snapshot-store';
import { calibratedColumn, listSources, predColumn, probsColumn, votesColumn } from './sources';

/**
 * Snapshots of a dataset's label state: human-label log position, the current label-model run (and its
 * calibration), the sources with their versions, and every column they own plus the splits, by chunk
 * hash. Taking one reads the state in one transaction, hashes outside it, and writes the chunks the
 * store lacks together with the record.
 */

const sourceColumns = (id: string) => [votesColumn(id), probsColumn(id), calibratedColumn(id)];
const runColumns = (id: string) => [probsColumn(id), predColumn(id), calibratedColumn(id)];

function newSnapshotId(): string {
  return `snap-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** The label-model run whose outputs are current: the newest finished one that still has its columns. */
async function currentLabelModel(datasetId: string): Promise<{ run: Run; calibration: Run | null } | null> {
  const run = (await listRuns(datasetId, 'label-model')).find((r) => r.status === 'done' && !r.results.columnsDropped);
  if (!run) return null;
  const calibration = (await listRuns(datasetId, 'calibration')).find((r) => r.status === 'done' && r.params.key === run.id) ?? null;
  return { run, calibration };
}

function sourceChanged(a: Source, b: Source): boolean {
  return a.version !== b.version || a.enabled !== b.enabled || a.votesAt !== b.votesAt || JSON.stringify(a.definition) !== JSON.stringify(b.definition);
}

function changesSince(previous: Snapshot | undefined, columns: ColumnManifest[], sources: Source[], events: LabelEvent[], runId: string | null): SnapshotChanges {
  const since = previous?.labelSeq ?? 0;
  const newEvents = events.filter((e) => (e.seq ?? 0) > since);
  const before = new Map((previous?.columns ?? []).map((c) => [c.name, c]));
  const now = new Map(columns.map((c) => [c.name, c]));
  const columnsChanged: string[] = [];
  let chunksChanged = 0;
  for (const name of new Set([...before.keys(), ...now.keys()])) {
    const a = before.get(name)?.chunks ?? [];
    const b = now.get(name)?.chunks ?? [];
    let changed = 0;
    for (let c = 0; c < Math.max(a.length, b.length); c++) if ((a[c] ?? '') !== (b[c] ?? '')) changed++;
    if (changed) columnsChanged.push(name);
    chunksChanged += changed;
  }
  const old = new Map((previous?.sources ?? []).map((s) => [s.id, s]));
  const ids = new Set(sources.map((s) => s.id));
  return {
    since: previous?.id ?? null,
    labelEvents: newEvents.length,
    labeledItems: newEvents.reduce((sum, e) => sum + e.items.length, 0),
    columnsChanged,
    chunksChanged,
    sourcesAdded: sources.filter((s) => !old.has(s.id)).map((s) => s.name),
    sourcesRemoved: [...old.values()].filter((s) => !ids.has(s.id)).map((s) => s.name),
    sourcesChanged: sources.filter((s) => old.has(s.id) && sourceChanged(old.get(s.id)!, s)).map((s) => s.name),
    labelModelChanged: (previous?.labelModel ? (previous.labelModel.run as Run).id : null) !== runId,
  };
}

function assemble(dataset: Dataset, records: ColumnChunk[] | undefined, width: number, ctor: typeof Float32Array | typeof Int8Array | typeof Uint8Array, fill = 0) {
  const out = new ctor(dataset.itemCount * width);
  if (fill) out.fill(fill);
  for (const r of records ?? []) if (r.chunk < dataset.chunkCount) out.set(r.data as never, r.chunk * dataset.chunkSize * width);
  return out;
}

/**
 * Canary metrics of a label-model run from its columns: calibrated probabilities when there are some,
 * its own labels (its dev-tuned decision on the raw outputs) whether calibrated or not.
 */
function metricsOf(dataset: Dataset, human: LabelState, splits: Uint8Array, probs: Float32Array | null, calibrated: Float32Array | null, pred: Int8Array | null): CanaryMetrics | null {
  const k = dataset.classes.length;
  const p = calibrated ?? probs;
  if (!p) return null;
  const predicted = pred ? Int16Array.from(pred) : argmaxLabels(p, k);
  return canaryMetrics(human.label, splits, predicted, p, k, calibrated ? 'calibrated' : 'raw');
}

export interface TakeOptions {
  name?: string;
  by: SnapshotAuthor;
  reason: string;
  /** How long each of its transactions may wait for the store to start it (default 15 s). */
  startWithinMs?: number;
  /** The action named when the store does not start it in time (default: taking the snapshot). */
  busyWhat?: string;
}

/** The action named when the store does not start one of the snapshot's transactions in time. */
const busyWhat = (options: TakeOptions) => options.busyWhat ?? (options.by === 'auto' ? `Taking a snapshot ${options.reason}` : 'Taking a snapshot');

export async function takeSnapshot(datasetId: string, options: TakeOptions): Promise<Snapshot> {
  const d = db();
  const what = busyWhat(options);
  const startMs = options.startWithinMs ?? USER_WRITE_DEADLINE_MS;
  // Reads `sources`, `columns`…: behind a stuck writer on another connection it would wait forever.
  const read = await startBounded(what, 'r', [d.datasets, d.sources, d.runs, d.columns, d.columnCatalog, d.labelEvents, d.snapshots], async () => {
    const dataset = await d.datasets.get(datasetId);
    if (!dataset || dataset.status !== 'ready') throw new Error('Only a dataset that finished importing can be snapshotted.');
    const sources = await listSources(datasetId);
    const model = await currentLabelModel(datasetId);
    const names = ['split', ...sources.flatMap((s) => sourceColumns(s.id)), ...(model ? runColumns(model.run.id) : [])];
    const events = await loadLabelEvents(datasetId);
    const previous = await d.snapshots.where('[datasetId+createdAt]').between([datasetId, -Infinity], [datasetId, Infinity]).last();
    const count = await d.snapshots.where('datasetId').equals(datasetId).count();
    // A column written since the previous snapshot has another catalog revision; the others keep their manifests unread.
    const revisions = (await d.columnCatalog.bulkGet(names.map((name) => [datasetId, name] as [string, string]))).map((entry) => entry?.revision ?? 0);
    const before = new Map((previous?.columns ?? []).map((c) => [c.name, c]));
    const reused = new Map<string, ColumnManifest>();
    names.forEach((name, i) => {
      const manifest = before.get(name);
      if (manifest && manifest.revision === revisions[i] && manifest.bytes !== undefined) reused.set(name, manifest);
    });
    const labelSeq = events.length ? (events[events.length - 1].seq ?? 0) : 0;
    const canaryColumns = ['split', ...(model ? runColumns(model.run.id) : [])];
    const sameModel = !!previous && (previous.labelModel ? (previous.labelModel.run as Run).id : null) === (model?.run.id ?? null) && ((previous.labelModel?.calibration as Run | null | undefined)?.id ?? null) === (model?.calibration?.id ?? null);
    const readColumns = async (list: string[]): Promise<ColumnChunk[]> => (list.length ? d.columns.where('[datasetId+name]').anyOf(list.map((n) => [datasetId, n])).toArray() : []);
    let records = await readColumns(names.filter((name) => !reused.has(name)));
    const present = new Set(records.map((r) => r.name));
    // Canary metrics depend on human labels, splits and the label model's columns only.
    const canaryReused = sameModel && previous!.labelSeq === labelSeq && canaryColumns.every((name) => reused.has(name) || (!before.has(name) && !present.has(name))) ? previous!.canary : undefined;
    if (canaryReused === undefined) records = records.concat(await readColumns(canaryColumns.filter((name) => reused.has(name))));
    return { dataset, sources, model, records, events, previous, count, names, revisions, reused, labelSeq, canaryReused };
  }, startMs);
  const { dataset, sources, records, events, previous, reused } = read;
  const byName = new Map<string, ColumnChunk[]>();
  for (const r of records) {
    let list = byName.get(r.name);
    if (!list) byName.set(r.name, (list = []));
    list.push(r);
  }
  const manifests = new Map(reused);
  const hashed: HashedColumn[] = [];
  for (const [name, list] of byName) {
    if (reused.has(name)) continue;
    const h = await hashColumn(name, list, dataset.chunkCount, 'u8', read.revisions[read.names.indexOf(name)]);
    hashed.push(h);
    manifests.set(name, h.manifest);
  }
  const columns = [...manifests.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  const model = read.model && { run: read.model.run, calibration: manifests.has(calibratedColumn(read.model.run.id)) ? read.model.calibration : null };
  const k = dataset.classes.length;
  let canary: CanaryMetrics | null;
  if (read.canaryReused !== undefined) canary = read.canaryReused;
  else if (!model) canary = null;
  else {
    const human = replay(dataset.itemCount, events);
    const splits = assemble(dataset, byName.get('split'), 1, Uint8Array) as Uint8Array;
    canary = metricsOf(
      dataset,
      human,
      splits,
      byName.has(probsColumn(model.run.id)) ? (assemble(dataset, byName.get(probsColumn(model.run.id)), k, Float32Array) as Float32Array) : null,
      model.calibration ? (assemble(dataset, byName.get(calibratedColumn(model.run.id)), k, Float32Array) as Float32Array) : null,
      byName.has(predColumn(model.run.id)) ? (assemble(dataset, byName.get(predColumn(model.run.id)), 1, Int8Array, NO_LABEL) as Int8Array) : null,
    );
  }
  const snapshot: Snapshot = {
    id: newSnapshotId(),
    datasetId,
    name: options.name?.trim() || (options.by === 'auto' ? options.reason[0].toUpperCase() + options.reason.slice(1) : `Snapshot ${read.count + 1}`),
    createdAt: Math.max(Date.now(), (previous?.createdAt ?? 0) + 1),
    by: options.by,
    reason: options.reason,
    labelSeq: read.labelSeq,
    labelModel: model,
    sources,
    columns,
    bytes: { referenced: columns.reduce((sum, c) => sum + (c.bytes ?? 0), 0), added: 0 },
    changes: changesSince(previous, columns, sources, events, model?.run.id ?? null),
    canary,
  };
  const data = new Map(hashed.flatMap((h) => [...h.data]));
  await startBounded(what, 'rw', [d.snapshotBlobs, d.snapshots, d.audit], async () => {
    snapshot.bytes.added = await putMissingBlobs(datasetId, data);
    await d.snapshots.add(snapshot);
    await audit(datasetId, 'snapshot', { snapshotId: snapshot.id, name: snapshot.name, by: snapshot.by, reason: snapshot.reason, bytesAdded: snapshot.bytes.added });
  }, startMs);
  return snapshot;
}

/**
 * A snapshot taken by the app before something that overwrites label state. A dataset still importing
 * (or gone) has no label state to protect yet: null. `bound` names the action that waits for it (and
 * fails with it when the store does not start the snapshot in time).
 */
export async function autoSnapshot(datasetId: string, reason: string, bound: Pick<TakeOptions, 'busyWhat' | 'startWithinMs'> = {}): Promise<Snapshot | null> {
  const options: TakeOptions = { by: 'auto', reason, ...bound };
  const d = db();
  const dataset = await startBounded(busyWhat(options), 'r', [d.datasets], () => d.datasets.get(datasetId), options.startWithinMs);
  if (dataset?.status !== 'ready') return null;
  return takeSnapshot(datasetId, options);
}

/**
 * Calls `onChange` with the dataset's snapshots (newest first) and its gate now and after every change,
 * wherever it happens (an export in the data worker, another tab). Returns the unsubscribe function.
 */
export function watchSnapshots(datasetId: string, onChange: (snapshots: Snapshot[], gate: GateRecord) => void, onError: (error: unknown) => void): () => void {
  const subscription = liveQuery(async () => ({ list: await listSnapshots(datasetId), gate: await getGate(datasetId) })).subscribe({
    next: ({ list, gate }) => onChange(list, gate),
    error: onError,
  });
  return () => subscription.unsubscribe();
}

/** A dataset's snapshots, newest first. */
export async function listSnapshots(datasetId: string): Promise<Snapshot[]> {
  const all = await db().snapshots.where('[datasetId+createdAt]').between([datasetId, -Infinity], [datasetId, Infinity]).toArray();
  return all.reverse();
}

async function getSnapshot(datasetId: string, id: string): Promise<Snapshot> {
  const snapshot = await db().snapshots.get(id);
  if (!snapshot || snapshot.datasetId !== datasetId) throw new Error(`Snapshot ${id} does not exist in this dataset.`);
  return snapshot;
}

const manifestOf = (snapshot: Snapshot, name: string) => snapshot.columns.find((c) => c.name === name);

/** Human labels as of the snapshot, and the label model's labels it held (its own, calibrated or not). */
async function labelsAt(dataset: Dataset, snapshot: Snapshot, events: LabelEvent[]): Promise<EffectiveLabels> {
  const human = replay(dataset.itemCount, events.filter((e) => (e.seq ?? 0) <= snapshot.labelSeq));
  let predicted: Int16Array | null = null;
  const run = snapshot.labelModel?.run;
  if (run) {
    const k = dataset.classes.length;
    const calibrated = snapshot.labelModel?.calibration ? manifestOf(snapshot, calibratedColumn(run.id)) : undefined;
    const pred = manifestOf(snapshot, predColumn(run.id));
    if (pred) predicted = Int16Array.from((await readManifestColumn(dataset.id, pred, dataset.itemCount, dataset.chunkSize, 1, NO_LABEL)) as Int8Array);
    else if (calibrated) predicted = argmaxLabels((await readManifestColumn(dataset.id, calibrated, dataset.itemCount, dataset.chunkSize, k)) as Float32Array, k);
  }
  return effectiveLabels(human, predicted);
}

export interface DiffRow {
  index: number;
  id: string;
  before: { label: number; origin: number };
  after: { label: number; origin: number };
}

export interface SnapshotDiff {
  a: Snapshot;
  b: Snapshot;
  changed: number;
  labelChanged: number;
  /** Effective labels per class, the last entry counting unlabeled items. */
  countsA: number[];
  countsB: number[];
  rows: DiffRow[];
  sources: { added: string[]; removed: string[]; changed: string[] };
}

/** Items whose label or label origin differs between snapshots `aId` (before) and `bId` (after). */
export async function diffSnapshots(datasetId: string, aId: string, bId: string, rowLimit = 500): Promise<SnapshotDiff> {
  const dataset = await db().datasets.get(datasetId);
  if (!dataset) throw new Error('This dataset does not exist.');
  const [a, b] = await Promise.all([getSnapshot(datasetId, aId), getSnapshot(datasetId, bId)]);
  const events = await loadLabelEvents(datasetId);
  const [la, lb] = await Promise.all([labelsAt(dataset, a, events), labelsAt(dataset, b, events)]);
  const diff = diffLabels(la, lb, dataset.classes.length);
  const shown = diff.changed.subarray(0, rowLimit);
  const chunkIds = new Map<number, string[]>();
  for (const index of shown) {
    const c = Math.floor(index / dataset.chunkSize);
    if (!chunkIds.has(c)) chunkIds.set(c, (await db().chunks.get([datasetId, c]))?.ids ?? []);
  }
  const rows = Array.from(shown, (index) => ({
    index,
    id: chunkIds.get(Math.floor(index / dataset.chunkSize))![index % dataset.chunkSize] ?? String(index),
    before: { label: la.label[index], origin: la.origin[index] },
    after: { label: lb.label[index], origin: lb.origin[index] },
  }));
  const inA = new Map(a.sources.map((s) => [s.id, s]));
  const inB = new Set(b.sources.map((s) => s.id));
  return {
    a,
    b,
    changed: diff.changed.length,
    labelChanged: diff.labelChanged,
    countsA: diff.countsBefore,
    countsB: diff.countsAfter,
    rows,
    sources: {
      added: b.sources.filter((s) => !inA.has(s.id)).map((s) => s.name),
      removed: a.sources.filter((s) => !inB.has(s.id)).map((s) => s.name),
      changed: b.sources.filter((s) => inA.has(s.id) && sourceChanged(inA.get(s.id)!, s)).map((s) => s.name),
    },
  };
}

export interface RollbackResult {
  /** The snapshot taken just before: rolling back to it undoes the rollback. */
  before: Snapshot;
  labelsRestored: number;
  chunksWritten: number;
  sourcesRestored: number;
  sourcesRemoved: number;
  labelModelRun: string | null;
}

/**
 * Brings the label state back to snapshot `targetId`. A snapshot is taken first, and the rollback only
 * appends: human labels come back as new label events, a label-model run that is no longer current comes
 * back as a new run record (its outputs copied from the snapshot) that names where it came from.
 */
export async function rollbackTo(datasetId: string, targetId: string): Promise<RollbackResult> {
  const target = await getSnapshot(datasetId, targetId);
  const before = await takeSnapshot(datasetId, { by: 'auto', reason: `before rollback to "${target.name}"` });
  const d = db();
  const dataset = (await d.datasets.get(datasetId))!;
  const now = Date.now();

  // Column name in the target → name to write it under now.
  const rename = new Map<string, string>();
  const targetRun = target.labelModel?.run ?? null;
  const currentRun = before.labelModel?.run ?? null;
  let restoredRun: Run | null = null;
  let restoredCalibration: Run | null = null;
  if (targetRun && targetRun.kind === 'label-model' && targetRun.id !== currentRun?.id) {
    const id = newRunId('lm');
    restoredRun = { ...targetRun, id, createdAt: now, finishedAt: now, params: { ...targetRun.params, restoredFrom: { snapshotId: target.id, runId: targetRun.id } }, results: { ...targetRun.results, runId: id } };
    runColumns(targetRun.id).forEach((name, i) => rename.set(name, runColumns(id)[i]));
    const cal = target.labelModel?.calibration;
    if (cal?.kind === 'calibration') restoredCalibration = { ...cal, id: newRunId('calibration'), createdAt: now, finishedAt: now, params: { ...cal.params, key: id, restoredFrom: { snapshotId: target.id, runId: cal.id } } };
  }
  const wanted = new Map(target.columns.map((c) => [rename.get(c.name) ?? c.name, c]));
  const have = new Map(before.columns.map((c) => [c.name, c]));
  // Current columns the target does not have: a source added since, a calibration made since…
  const drop = [...have.keys()].filter((name) => !wanted.has(name));
  const writes: { name: string; chunk: number; hash: string }[] = [];
  for (const [name, manifest] of wanted) {
    const current = have.get(name)?.chunks ?? [];
    manifest.chunks.forEach((hash, chunk) => {
      if ((current[chunk] ?? '') !== hash) writes.push({ name, chunk, hash });
    });
  }

  const events = await loadLabelEvents(datasetId);
  const current = replay(dataset.itemCount, events);
  const wantedLabels = replay(dataset.itemCount, events.filter((e) => (e.seq ?? 0) <= target.labelSeq));
  const labelChanges = restoreChanges(current, wantedLabels);
  const targetSources = new Set(target.sources.map((s) => s.id));
  const removed = before.sources.filter((s) => !targetSources.has(s.id));

  await d.transaction('rw', [d.columns, d.sources, d.runs, d.labelEvents, d.audit, d.snapshotBlobs], async () => {
    const blobs = await readBlobs(datasetId, writes.map((w) => w.hash));
    for (const name of drop) await d.columns.where('[datasetId+name]').equals([datasetId, name]).delete();
    const deletes = writes.filter((w) => w.hash === '').map((w) => [datasetId, w.name, w.chunk] as [string, string, number]);
    if (deletes.length) await d.columns.bulkDelete(deletes);
    await d.columns.bulkPut(writes.filter((w) => w.hash !== '').map((w) => ({ datasetId, name: w.name, chunk: w.chunk, data: blobs.get(w.hash)! })));
    for (const source of removed) await d.sources.delete(source.id);
    await d.sources.bulkPut(target.sources);
    if (restoredRun) await d.runs.put(restoredRun);
    if (restoredCalibration) await d.runs.put(restoredCalibration);
    if (!targetRun) {
      // The target had no label model: no run may stay current (the snapshot just taken keeps its outputs).
      for (const run of await listRuns(datasetId, 'label-model')) {
        if (run.status !== 'done' || run.results.columnsDropped) continue;
        for (const name of runColumns(run.id)) await d.columns.where('[datasetId+name]').equals([datasetId, name]).delete();
        await d.runs.update(run.id, { results: { ...run.results, columnsDropped: true, droppedBy: { rollbackTo: target.id } } });
      }
    }
    for (const change of labelChanges) await d.labelEvents.add({ datasetId, kind: 'set', by: change.by, at: now, items: change.items, labels: change.labels, prev: change.prev });
    await audit(datasetId, 'rollback', {
      to: target.id,
      name: target.name,
      before: before.id,
      labelsRestored: labelChanges.reduce((sum, c) => sum + c.items.length, 0),
      chunksWritten: writes.length,
      sourcesRemoved: removed.map((s) => s.id),
      labelModelRun: restoredRun?.id ?? targetRun?.id ?? null,
    });
  });
  return {
    before,
    labelsRestored: labelChanges.reduce((sum, c) => sum + c.items.length, 0),
    chunksWritten: writes.length,
    sourcesRestored: target.sources.length,
    sourcesRemoved: removed.length,
    labelModelRun: restoredRun?.id ?? targetRun?.id ?? null,
  };
}
