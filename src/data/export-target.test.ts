import 'fake-indexeddb/auto';
import { parquetReadObjects } from 'hyparquet';
import { beforeEach, describe, expect, it } from 'vitest';
import { Split } from '../core/types';
import { useDatabase, type Dataset, type SiftDb } from './db';
import { exportDataset } from './export';
import { listExportChoices } from './export-target';
import { getGate, saveGateCriteria } from './gate';
import { takeSnapshot } from './snapshots';
import { predColumn, probsColumn, votesColumn } from './sources';

const dataset: Dataset = {
  id: 'x', name: 'results', kind: 'text', status: 'ready', createdAt: 0, updatedAt: 0, itemCount: 4, chunkSize: 4, chunkCount: 1,
  classes: [{ name: 'no', key: '1', color: '#000' }, { name: 'yes', key: '2', color: '#fff' }] as Dataset['classes'],
  fields: [], files: [], mapping: { format: 'csv', textColumn: 'text', idColumn: null, labelColumn: null, labelValues: {}, keepColumns: [] }, committedRows: 4, notices: [],
};
let database: SiftDb;
let n = 0;
const none = () => {};

const csvRows = async (blob: Blob) => (await blob.text()).trim().split('\r\n').map((line) => line.split(','));

beforeEach(async () => {
  database = useDatabase(`export-target-test-${++n}`);
  await database.datasets.put(dataset);
  await database.chunks.put({ datasetId: 'x', index: 0, start: 0, count: 4, ids: ['a', 'b', 'c', 'd'], text: ['t1', 't2', 't3', 't4'], fields: {}, hashes: new Uint32Array(4) });
  await database.columns.put({ datasetId: 'x', name: 'split', chunk: 0, data: Uint8Array.from([Split.canary, Split.canary, Split.canary, Split.canary]) });
  await database.labelEvents.add({ datasetId: 'x', kind: 'set', by: 'import', at: 1, items: Uint32Array.from([0, 1, 2, 3]), labels: Int16Array.from([0, 1, 1, 0]), prev: Int16Array.from([-1, -1, -1, -1]) });
  // Two label-model runs: the older one gets every canary item right, the newer one three of four.
  await database.runs.bulkPut([
    { id: 'lm-old', datasetId: 'x', kind: 'label-model', status: 'done', createdAt: 5, params: { method: 'majority' }, inputs: [], results: { chosen: 'majority' } },
    { id: 'lm-new', datasetId: 'x', kind: 'label-model', status: 'done', createdAt: 6, params: { method: 'dawid-skene' }, inputs: [], results: { chosen: 'dawid-skene' } },
  ]);
  await database.columns.bulkPut([
    { datasetId: 'x', name: probsColumn('lm-old'), chunk: 0, data: Float32Array.from([0.8, 0.2, 0.3, 0.7, 0.4, 0.6, 0.9, 0.1]) },
    { datasetId: 'x', name: predColumn('lm-old'), chunk: 0, data: Int8Array.from([0, 1, 1, 0]) },
    { datasetId: 'x', name: probsColumn('lm-new'), chunk: 0, data: Float32Array.from([0.9, 0.1, 0.2, 0.8, 0.7, 0.3, 0.6, 0.4]) },
    { datasetId: 'x', name: predColumn('lm-new'), chunk: 0, data: Int8Array.from([0, 1, 0, 0]) },
  ]);
});

async function addStudent(): Promise<void> {
  await database.runs.put({
    id: 'run-student-1', datasetId: 'x', kind: 'student', status: 'done', createdAt: 7, params: { name: 'Linear', arch: 'linear', mode: 'seeds' }, inputs: [],
    results: { name: 'Linear', model: { weights: 'MANY BYTES' }, history: [{ epoch: 1 }], dev: { accuracy: 1 } },
  });
  await database.sources.put({ id: 'src-student', datasetId: 'x', kind: 'student', name: 'Linear', version: 'run-student-1', definition: { runId: 'run-student-1' }, createdAt: 7, updatedAt: 7, enabled: false });
  await database.columns.bulkPut([
    { datasetId: 'x', name: probsColumn('src-student'), chunk: 0, data: Float32Array.from([0.6, 0.4, 0.1, 0.9, 0.45, 0.55, 0.7, 0.3]) },
    { datasetId: 'x', name: votesColumn('src-student'), chunk: 0, data: Int8Array.from([0, 1, 1, 0]) },
  ]);
}

describe('exporting any result', () => {
  it('writes an older label-model run with its own id, probabilities and lineage', async () => {
    const result = await exportDataset('x', 'csv', undefined, none, undefined, { kind: 'label-model', runId: 'lm-old' });
    expect(result.fileName).toBe('results-run-lm-old.csv');
    expect(result.rows).toBe(4);
    const [header, ...rows] = await csvRows(result.blob);
    expect(header).toEqual(['id', 'text', 'label', 'label_source', 'labeled_at', 'split', 'model_label', 'model_confidence', 'p_no', 'p_yes', 'model_run']);
    expect(rows.map((r) => r[6])).toEqual(['no', 'yes', 'yes', 'no']);
    expect(rows.map((r) => Number(r[9]))).toEqual(Array.from(Float32Array.from([0.2, 0.7, 0.6, 0.1])));
    expect(rows.every((r) => r[10] === 'lm-old')).toBe(true);
    expect(result.lineage.result).toEqual({ kind: 'label-model', run_id: 'lm-old', newest: false });
    expect(result.lineage.model_run).toMatchObject({ id: 'lm-old', kind: 'label-model', name: 'majority', probabilities: 'raw', params: { method: 'majority' } });
    // The default is still the newest run, under the dataset's own file name.
    const newest = await exportDataset('x', 'csv', undefined, none);
    expect(newest.fileName).toBe('results.csv');
    expect((await csvRows(newest.blob))[1][10]).toBe('lm-new');
  });

  it('gates an older run on its own canary metrics, not the current model’s', async () => {
    await saveGateCriteria('x', { minAccuracy: 0.9 });
    await expect(exportDataset('x', 'csv', undefined, none)).rejects.toThrow('Canary accuracy 75.0 % is below the minimum 90.0 %.');
    const old = await exportDataset('x', 'jsonl', undefined, none, undefined, { kind: 'label-model', runId: 'lm-old' });
    expect(old.lineage.gate).toMatchObject({ passed: true, measured_on: 'exported result', canary: { accuracy: 1, count: 4 } });
    // What was accepted is what the file held: later drops are measured against it.
    expect((await getGate('x')).accepted?.metrics.accuracy).toBe(1);
  });

  it('exports a student’s predictions with its training run and without its weights', async () => {
    await addStudent();
    await saveGateCriteria('x', { minAccuracy: 0.9 });
    const result = await exportDataset('x', 'parquet', undefined, none, undefined, { kind: 'student', sourceId: 'src-student' });
    expect(result.fileName).toBe('results-student-Linear.parquet');
    const bytes = await result.blob.arrayBuffer();
    const rows = await parquetReadObjects({ file: bytes });
    expect(rows).toHaveLength(4);
    expect(rows.map((r) => r.model_label)).toEqual(['no', 'yes', 'yes', 'no']);
    expect(rows[1].p_yes).toBeCloseTo(0.9, 6);
    expect(rows.every((r) => r.model_run === 'run-student-1')).toBe(true);
    expect(rows[0].vote_Linear).toBe('no');
    expect(result.lineage.result).toEqual({ kind: 'student', source_id: 'src-student', name: 'Linear', run_id: 'run-student-1' });
    const modelRun = result.lineage.model_run as { kind: string; results: Record<string, unknown> };
    expect(modelRun.kind).toBe('student');
    expect(modelRun.results).toEqual({ name: 'Linear', dev: { accuracy: 1 } });
    expect(result.lineage.gate).toMatchObject({ passed: true, measured_on: 'exported result' });
  });

  it('exports a snapshot as it was frozen: its labels, its run, its gate verdict, no new snapshot', async () => {
    const frozen = await takeSnapshot('x', { by: 'you', reason: 'manual', name: 'Before relabel' });
    // Afterwards: an item is relabelled and the current run's labels change.
    await database.labelEvents.add({ datasetId: 'x', kind: 'set', by: 'you', at: 9, items: Uint32Array.from([3]), labels: Int16Array.from([1]), prev: Int16Array.from([0]) });
    await database.columns.put({ datasetId: 'x', name: predColumn('lm-new'), chunk: 0, data: Int8Array.from([1, 1, 1, 1]) });
    const before = await database.snapshots.count();
    const result = await exportDataset('x', 'jsonl', undefined, none, undefined, { kind: 'snapshot', snapshotId: frozen.id });
    expect(await database.snapshots.count()).toBe(before);
    expect(result.fileName).toBe('results-snapshot-Before_relabel.jsonl');
    const records = (await result.blob.text()).trim().split('\n').map((line) => JSON.parse(line));
    expect(records.map((r) => r.label)).toEqual(['no', 'yes', 'yes', 'no']);
    expect(records.map((r) => r.model.label)).toEqual(['no', 'yes', 'no', 'no']);
    expect(records.map((r) => r.model.run)).toEqual(['lm-new', 'lm-new', 'lm-new', 'lm-new']);
    expect(result.lineage.snapshot).toMatchObject({ id: frozen.id, name: 'Before relabel' });
    expect(result.lineage.result).toMatchObject({ kind: 'snapshot', snapshot_id: frozen.id, run_id: 'lm-new' });
    expect(result.lineage.human_labels).toMatchObject({ events: 1 });
    expect(result.lineage.gate).toMatchObject({ measured_on: 'snapshot', canary: { accuracy: 0.75 } });
  });

  it('names what cannot be exported', async () => {
    await expect(exportDataset('x', 'csv', undefined, none, undefined, { kind: 'label-model', runId: 'lm-gone' })).rejects.toThrow('Label-model run lm-gone has no stored probabilities');
    await expect(exportDataset('x', 'csv', undefined, none, undefined, { kind: 'student', sourceId: 'nobody' })).rejects.toThrow('There is no student nobody in this dataset.');
    await expect(exportDataset('x', 'csv', undefined, none, undefined, { kind: 'snapshot', snapshotId: 'snap-none' })).rejects.toThrow('Snapshot snap-none does not exist in this dataset.');
  });

  it('lists every exportable result, newest run first', async () => {
    await addStudent();
    const snap = await takeSnapshot('x', { by: 'you', reason: 'manual', name: 'S1' });
    const choices = await listExportChoices('x');
    expect(choices.map((c) => c.target)).toEqual([
      { kind: 'labels' },
      { kind: 'label-model' },
      { kind: 'label-model', runId: 'lm-old' },
      { kind: 'student', sourceId: 'src-student' },
      { kind: 'snapshot', snapshotId: snap.id },
    ]);
    // Every item is canary here, so no student can be compared on dev: the label model stays.
    expect(choices[0].label).toBe('Dataset labels: Keeping the label model (dawid-skene, run lm-new): no dev item has a label, so no student can be compared with it (by dev macro-F1).');
    expect(choices[1].label).toMatch(/^Newest label model: dawid-skene · .* · lm-new$/);
    expect(choices[2].label).toMatch(/^Older label model: majority · .* · lm-old$/);
    await database.runs.clear();
    expect((await listExportChoices('x'))[0].label).toBe('Human labels and source votes (no label model yet)');
  });
});
