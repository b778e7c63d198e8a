import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { LabelOrigin } from '../core/snapshot/diff';
import { Split } from '../core/types';
import { useDatabase, type Dataset, type Run, type SiftDb, type Source } from './db';
import { loadLabelEvents, loadLabelState, replicaOf, writeLabels } from './labels';
import { deleteSource, listSources, predColumn, probsColumn, votesColumn } from './sources';
import { diffSnapshots, listSnapshots, rollbackTo, takeSnapshot } from './snapshots';
import { writeSplits } from './splits';

// 10 items in chunks of 4 (4, 4, 2), two classes.
const dataset: Dataset = {
  id: 'd', name: 'd', kind: 'text', status: 'ready', createdAt: 0, updatedAt: 0, itemCount: 10, chunkSize: 4, chunkCount: 3,
  classes: [{ name: 'no', key: '1', color: '#000' }, { name: 'yes', key: '2', color: '#fff' }] as Dataset['classes'],
  fields: [], files: [], mapping: { format: 'csv', textColumn: 'text', idColumn: null, labelColumn: null, labelValues: {}, keepColumns: [] }, committedRows: 10, notices: [],
};
const source = (id: string, createdAt: number): Source => ({ id, datasetId: 'd', kind: 'imported', name: id, version: `v-${id}`, definition: null, createdAt, updatedAt: 0, enabled: true });
const chunked = <T extends Int8Array | Float32Array | Uint8Array>(values: T, width: number, name: string) =>
  [0, 1, 2].map((c) => ({ datasetId: 'd', name, chunk: c, data: values.slice(c * 4 * width, Math.min(10, (c + 1) * 4) * width) as T }));

let database: SiftDb;
let n = 0;

async function labelModelRun(id: string, pred: number[], at: number): Promise<Run> {
  const run: Run = { id, datasetId: 'd', kind: 'label-model', status: 'done', createdAt: at, params: { method: 'mv' }, inputs: [], results: { chosen: 'mv', runId: id } };
  await database.runs.put(run);
  const probs = Float32Array.from(pred.flatMap((p) => (p === 1 ? [0.2, 0.8] : [0.9, 0.1])));
  await database.columns.bulkPut([...chunked(probs, 2, probsColumn(id)), ...chunked(Int8Array.from(pred), 1, predColumn(id))]);
  return run;
}

/** Everything a rollback must bring back, comparable with toEqual. */
async function state() {
  const { state: labels } = await loadLabelState('d', 10);
  const columns = await database.columns.where('datasetId').equals('d').toArray();
  const sources = await listSources('d');
  return {
    labels: Array.from(labels.label),
    authors: Array.from(labels.author),
    columns: Object.fromEntries(columns.filter((c) => !c.name.startsWith('probs:run') && !c.name.startsWith('pred:')).map((c) => [`${c.name}#${c.chunk}`, Array.from(c.data)])),
    sources: sources.map((s) => `${s.id}@${s.version}`),
  };
}

beforeEach(async () => {
  database = useDatabase(`snapshots-test-${++n}`);
  await database.datasets.put(dataset);
  await database.chunks.bulkPut([0, 1, 2].map((c) => ({ datasetId: 'd', index: c, start: c * 4, count: Math.min(4, 10 - c * 4), ids: Array.from({ length: Math.min(4, 10 - c * 4) }, (_, i) => `item-${c * 4 + i}`), text: [], fields: {}, hashes: new Uint32Array() })));
  await database.sources.bulkPut([source('a', 1), source('b', 2)]);
  await database.columns.bulkPut([
    ...chunked(Int8Array.from([0, 1, 1, -1, 0, 0, 1, -1, 1, 0]), 1, votesColumn('a')),
    ...chunked(Int8Array.from([1, 1, -1, -1, 0, 1, 1, 0, 1, 1]), 1, votesColumn('b')),
    ...chunked(Uint8Array.from([Split.canary, Split.canary, Split.canary, Split.canary, Split.dev, 0, 0, 0, 0, 0]), 1, 'split'),
  ]);
  // Imported gold on the four canary items and one dev item.
  await database.labelEvents.add({ datasetId: 'd', kind: 'set', by: 'import', at: 1, items: Uint32Array.from([0, 1, 2, 3, 4]), labels: Int16Array.from([0, 1, 1, 0, 1]), prev: Int16Array.from([-1, -1, -1, -1, -1]) });
});

describe('snapshots', () => {
  it('adds no chunk bytes when nothing changed and only the touched chunk after a change', async () => {
    const first = await takeSnapshot('d', { by: 'you', reason: 'by hand' });
    expect(first.bytes.added).toBe(first.bytes.referenced);
    expect(first.bytes.referenced).toBe(10 + 10 + 10);
    const again = await takeSnapshot('d', { by: 'you', reason: 'by hand', name: 'again' });
    expect(again.bytes.added).toBe(0);
    expect(again.changes).toMatchObject({ since: first.id, labelEvents: 0, columnsChanged: [], chunksChanged: 0, sourcesAdded: [], sourcesRemoved: [], sourcesChanged: [] });
    const chunk1 = await database.columns.get(['d', votesColumn('a'), 1]);
    await database.columns.put({ ...chunk1!, data: Int8Array.from([1, 1, 1, 1]) });
    const changed = await takeSnapshot('d', { by: 'you', reason: 'by hand' });
    expect(changed.bytes.added).toBe(4);
    expect(changed.changes).toMatchObject({ columnsChanged: [votesColumn('a')], chunksChanged: 1 });
    expect((await listSnapshots('d')).map((s) => s.name)).toEqual(['Snapshot 3', 'again', 'Snapshot 1']);
    expect(await database.snapshotBlobs.count()).toBe(3 * 3 + 1);
  });

  it('records canary metrics of the label model, on calibrated probabilities once calibrated, with the run’s own labels', async () => {
    // Canary gold 0 1 1 0; the model says 0 1 0 0 → accuracy 3/4.
    await labelModelRun('run-1', [0, 1, 0, 0, 1, 1, 1, 0, 1, 1], 10);
    const snapshot = await takeSnapshot('d', { by: 'you', reason: 'by hand' });
    expect(snapshot.labelModel?.run.id).toBe('run-1');
    expect(snapshot.canary).toMatchObject({ count: 4, accuracy: 0.75, probabilities: 'raw' });
    expect(snapshot.canary!.perClassF1[1]).toBeCloseTo(2 / 3);
    await database.runs.put({ id: 'cal-1', datasetId: 'd', kind: 'calibration', status: 'done', createdAt: 11, params: { key: 'run-1', method: 'temperature' }, inputs: [], results: {} });
    await database.columns.bulkPut(chunked(Float32Array.from([0.6, 0.4, 0.3, 0.7, 0.4, 0.6, 0.9, 0.1, 0, 1, 0, 1, 0, 1, 1, 0, 0, 1, 0, 1]), 2, 'calprobs:run-1'));
    const calibrated = await takeSnapshot('d', { by: 'you', reason: 'by hand' });
    // The calibrated argmax would be right on all four; the labels stay the run's own (its dev-tuned decision on raw outputs).
    expect(calibrated.canary).toMatchObject({ count: 4, accuracy: 0.75, probabilities: 'calibrated' });
    expect(calibrated.canary!.ece).not.toBe(snapshot.canary!.ece);
    expect(calibrated.labelModel?.calibration?.id).toBe('cal-1');
  });

  it('reuses the manifests of columns whose revision is unchanged, and recomputes canary metrics when the labels changed', async () => {
    await labelModelRun('run-1', [0, 1, 0, 0, 1, 1, 1, 0, 1, 1], 10);
    const first = await takeSnapshot('d', { by: 'you', reason: 'by hand' });
    expect(first.columns.every((c) => typeof c.revision === 'number' && c.revision > 0 && c.bytes! > 0)).toBe(true);
    const same = await takeSnapshot('d', { by: 'you', reason: 'by hand' });
    expect(same.columns).toEqual(first.columns);
    expect(same.canary).toEqual(first.canary);
    expect(same.bytes.referenced).toBe(first.bytes.referenced);
    // A new human label on canary item 2 (gold 1 → 0): the model's 0 there is now right, 4/4.
    const { state, events } = await loadLabelState('d', 10);
    await writeLabels(replicaOf('d', state, events), Uint32Array.from([2]), Int16Array.from([state.label[2]]), 0, 'you', 'overwrite');
    const relabeled = await takeSnapshot('d', { by: 'you', reason: 'by hand' });
    expect(relabeled.columns.map((c) => c.chunks)).toEqual(first.columns.map((c) => c.chunks));
    expect(relabeled.canary).toMatchObject({ count: 4, accuracy: 1 });
    // A write under the same bytes still bumps the revision; other bytes give another manifest.
    const chunk0 = await database.columns.get(['d', votesColumn('b'), 0]);
    await database.columns.put({ ...chunk0!, data: Int8Array.from([0, 0, 0, 0]) });
    const rewritten = await takeSnapshot('d', { by: 'you', reason: 'by hand' });
    const manifest = (s: typeof first) => s.columns.find((c) => c.name === votesColumn('b'))!;
    expect(manifest(rewritten).revision).toBeGreaterThan(manifest(relabeled).revision!);
    expect(manifest(rewritten).chunks[0]).not.toBe(manifest(relabeled).chunks[0]);
    expect(manifest(rewritten).chunks.slice(1)).toEqual(manifest(relabeled).chunks.slice(1));
    expect(rewritten.changes).toMatchObject({ columnsChanged: [votesColumn('b')], chunksChanged: 1 });
  });

  it('snapshots automatically before a bulk label, a split re-draw and a source deletion', async () => {
    const { state: labels } = await loadLabelState('d', 10);
    await setLabels(labels, Uint32Array.from([5, 6, 7]), 1);
    await writeSplits(dataset, new Uint8Array(10), { seed: 1 });
    await deleteSource((await listSources('d'))[1]);
    expect((await listSnapshots('d')).map((s) => `${s.by}: ${s.reason}`)).toEqual(['auto: before deleting source "b"', 'auto: before re-drawing the splits', 'auto: before bulk label']);
  });

  it('diffs two snapshots: items whose label or origin changed, counts per class, sources', async () => {
    await labelModelRun('run-1', [0, 1, 0, 0, 1, 1, 1, 0, 1, 1], 10);
    const a = await takeSnapshot('d', { by: 'you', reason: 'by hand' });
    const { state: labels } = await loadLabelState('d', 10);
    // Item 5: model said 1, now a human says 1 (origin changes). Item 7: model said 0, human says 1.
    await setLabels(labels, Uint32Array.from([5, 7]), 1);
    await deleteSource((await listSources('d'))[1]);
    const b = await takeSnapshot('d', { by: 'you', reason: 'by hand' });
    const diff = await diffSnapshots('d', a.id, b.id);
    expect(diff.changed).toBe(2);
    expect(diff.labelChanged).toBe(1);
    expect(diff.rows.map((r) => [r.id, r.before, r.after])).toEqual([
      ['item-5', { label: 1, origin: LabelOrigin.model }, { label: 1, origin: LabelOrigin.you }],
      ['item-7', { label: 0, origin: LabelOrigin.model }, { label: 1, origin: LabelOrigin.you }],
    ]);
    // Effective labels: gold 0 1 1 0 1 + model 1 1 0 1 1 → 3 no, 7 yes; after item 7 flips: 2 no, 8 yes.
    expect(diff.countsA).toEqual([3, 7, 0]);
    expect(diff.countsB).toEqual([2, 8, 0]);
    expect(diff.sources).toEqual({ added: [], removed: ['b'], changed: [] });
  });

  it('rolls back labels, sources, columns and the label-model run, and the rollback itself rolls back', async () => {
    await labelModelRun('run-1', [0, 1, 0, 0, 1, 1, 1, 0, 1, 1], 10);
    const target = await takeSnapshot('d', { by: 'you', reason: 'by hand' });
    const atTarget = await state();

    const { state: labels } = await loadLabelState('d', 10);
    await setLabels(labels, Uint32Array.from([0, 1, 8, 9]), 0);
    await deleteSource((await listSources('d'))[0]);
    await database.sources.put({ ...source('c', 3) });
    await database.columns.bulkPut(chunked(Int8Array.from([1, 1, 1, 1, 1, 1, 1, 1, 1, 1]), 1, votesColumn('c')));
    const chunk0 = await database.columns.get(['d', votesColumn('b'), 0]);
    await database.columns.put({ ...chunk0!, data: Int8Array.from([0, 0, 0, 0]) });
    await labelModelRun('run-2', [1, 1, 1, 1, 1, 1, 1, 1, 1, 1], 20);
    const changed = await state();
    expect(changed).not.toEqual(atTarget);

    const result = await rollbackTo('d', target.id);
    expect(result.labelsRestored).toBe(3);
    expect(result.sourcesRemoved).toBe(1);
    expect(await state()).toEqual(atTarget);
    // Imported gold comes back as imported, not as yours.
    const { state: restored } = await loadLabelState('d', 10);
    expect(restored.author[0]).toBe(1);
    // run-1 is current again as a new run record naming where it came from, with run-1's outputs.
    const runs = (await database.runs.where('[datasetId+kind]').equals(['d', 'label-model']).toArray()).sort((x, y) => y.createdAt - x.createdAt);
    expect(runs[0].id).toBe(result.labelModelRun);
    expect(runs[0].params.restoredFrom).toEqual({ snapshotId: target.id, runId: 'run-1' });
    expect(Array.from((await database.columns.get(['d', predColumn(runs[0].id), 0]))!.data)).toEqual([0, 1, 0, 0]);
    const audit = await database.audit.where('datasetId').equals('d').toArray();
    expect(audit.at(-1)).toMatchObject({ action: 'rollback', detail: { to: target.id, before: result.before.id, labelsRestored: 3 } });

    // Undo the rollback: back to the changed state.
    const undo = await rollbackTo('d', result.before.id);
    expect(await state()).toEqual(changed);
    const now = (await database.runs.where('[datasetId+kind]').equals(['d', 'label-model']).toArray()).sort((x, y) => y.createdAt - x.createdAt)[0];
    expect(now.params.restoredFrom).toEqual({ snapshotId: result.before.id, runId: 'run-2' });
    expect(undo.before.labelModel?.run.id).toBe(result.labelModelRun);
  });

  it('refuses a snapshot of another dataset and reports a missing chunk instead of restoring garbage', async () => {
    const snapshot = await takeSnapshot('d', { by: 'you', reason: 'by hand' });
    await expect(rollbackTo('other', snapshot.id)).rejects.toThrow(/does not exist in this dataset/);
    await database.columns.where('datasetId').equals('d').delete();
    await database.snapshotBlobs.clear();
    await expect(rollbackTo('d', snapshot.id)).rejects.toThrow(/missing from the store/);
  });
});

describe('chunk hash', () => {
  it('differs on any changed byte, on length and on element type, and ignores the view offset', async () => {
    const { chunkHash, digest128 } = await import('./snapshot-store');
    const base = new Uint8Array(1003).map((_, i) => (i * 7) & 255);
    const seen = new Set([digest128(base)]);
    for (const at of [0, 1, 500, 1001, 1002]) {
      const changed = base.slice();
      changed[at] ^= 1;
      seen.add(digest128(changed));
    }
    seen.add(digest128(base.subarray(0, 1002)));
    expect(seen.size).toBe(7);
    const shifted = new Uint8Array(1004);
    shifted.set(base, 1);
    expect(digest128(shifted.subarray(1))).toBe(digest128(base));
    expect(chunkHash(new Int8Array(4))).not.toBe(chunkHash(new Uint8Array(4)));
  });
});

/** Sets labels as a tab would (compare-and-set on the stored log), on the state `labels` was loaded into. */
async function setLabels(labels: Awaited<ReturnType<typeof loadLabelState>>['state'], items: Uint32Array, label: number): Promise<void> {
  await writeLabels(replicaOf('d', labels, await loadLabelEvents('d')), items, Int16Array.from(items, (i) => labels.label[i]), label, 'you', 'overwrite');
}
