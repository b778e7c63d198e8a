import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { Split } from '../core/types';
import { pinDatasetLabels, pinnableLabels, resolveDatasetLabels } from './dataset-labels';
import { useDatabase, type Dataset, type SiftDb } from './db';
import { exportDataset } from './export';
import { putBinaryStudent } from './student-fixture';
import { listExportChoices } from './export-target';
import { calibratedColumn, predColumn, probsColumn, votesColumn } from './sources';
import { holdStores, settledWithin } from './test-hold';

/**
 * Eight items: four dev (gold no, yes, yes, no), four canary (same gold). The label model gets dev
 * 2 of 4 right and the canary 4 of 4; the student gets dev 4 of 4 and the canary 0 of 4. Dev alone
 * decides, so the student wins though the canary says the opposite.
 */
const dataset: Dataset = {
  id: 'x', name: 'labels', kind: 'text', status: 'ready', createdAt: 0, updatedAt: 0, itemCount: 8, chunkSize: 8, chunkCount: 1,
  classes: [{ name: 'no', key: '1', color: '#000' }, { name: 'yes', key: '2', color: '#fff' }] as Dataset['classes'],
  fields: [], files: [], mapping: { format: 'csv', textColumn: 'text', idColumn: null, labelColumn: null, labelValues: {}, keepColumns: [] }, committedRows: 8, notices: [],
};
const GOLD = [0, 1, 1, 0, 0, 1, 1, 0];
const probsOf = (labels: number[]) => Float32Array.from(labels.flatMap((y) => (y === 1 ? [0.2, 0.8] : [0.8, 0.2])));
const none = () => {};
let database: SiftDb;
let n = 0;

async function addLabelModel(id: string, at: number, predicted: number[]): Promise<void> {
  await database.runs.put({ id, datasetId: 'x', kind: 'label-model', status: 'done', createdAt: at, params: { method: 'majority' }, inputs: [], results: { chosen: 'majority' } });
  await database.columns.bulkPut([
    { datasetId: 'x', name: probsColumn(id), chunk: 0, data: probsOf(predicted) },
    { datasetId: 'x', name: predColumn(id), chunk: 0, data: Int8Array.from(predicted) },
  ]);
}

const addStudent = (id: string, at: number, predicted: number[], devTrainedOn?: number[]) => putBinaryStudent(database, 'x', id, at, predicted, devTrainedOn ? { devTrainedOn } : {});

beforeEach(async () => {
  database = useDatabase(`dataset-labels-test-${++n}`);
  await database.datasets.put(dataset);
  await database.chunks.put({ datasetId: 'x', index: 0, start: 0, count: 8, ids: GOLD.map((_, i) => `i${i}`), text: GOLD.map((_, i) => `t${i}`), fields: {}, hashes: new Uint32Array(8) });
  await database.columns.put({ datasetId: 'x', name: 'split', chunk: 0, data: Uint8Array.from([1, 1, 1, 1, 2, 2, 2, 2].map((s) => (s === 1 ? Split.dev : Split.canary))) });
  await database.labelEvents.add({ datasetId: 'x', kind: 'set', by: 'import', at: 1, items: Uint32Array.from(GOLD.keys()), labels: Int16Array.from(GOLD), prev: new Int16Array(8).fill(-1) });
  // Dev 2 of 4 (always "no" there), canary 4 of 4.
  await addLabelModel('lm-1', 5, [0, 0, 0, 0, 0, 1, 1, 0]);
});

describe('the dataset’s labels', () => {
  it('are the newest label model while no student exists, and nothing before any model', async () => {
    expect((await resolveDatasetLabels('x'))).toMatchObject({ kind: 'label-model', key: 'lm-1', pinned: false, reason: 'Keeping the label model (majority, run lm-1): no student has been trained.' });
    await database.runs.clear();
    expect(await resolveDatasetLabels('x')).toBeNull();
  });

  it('come from a student that beats the label model on dev, even when the canary says the opposite', async () => {
    await addStudent('good-on-dev', 6, [0, 1, 1, 0, 1, 0, 0, 1]);
    const labels = await resolveDatasetLabels('x');
    expect(labels).toMatchObject({ kind: 'student', key: 'good-on-dev', run: { id: 'run-good-on-dev' }, probsName: probsColumn('good-on-dev'), predName: null });
    expect(labels!.reason).toBe('Labels come from student "good-on-dev": dev macro-F1 1.000 vs label model 0.333.');
  });

  it('stay with the label model when the student is only better on the canary', async () => {
    // Dev 2 of 4 (ties the label model), canary 4 of 4.
    await addStudent('good-on-canary', 6, [0, 0, 0, 0, 0, 1, 1, 0]);
    const labels = await resolveDatasetLabels('x');
    expect(labels).toMatchObject({ kind: 'label-model', key: 'lm-1' });
    expect(labels!.reason).toBe('Keeping the label model (majority, run lm-1): student "good-on-canary" does not beat it on dev (dev macro-F1 0.333 vs label model 0.333).');
  });

  it('leave out the dev items a student trained on when comparing it', async () => {
    // Right on dev items 0-2, which it trained on, wrong on item 3: on its unseen dev item the label model is right.
    await addStudent('memoriser', 6, [0, 1, 1, 1, 0, 0, 0, 0], [0, 1, 2]);
    expect(await resolveDatasetLabels('x')).toMatchObject({ kind: 'label-model', reason: expect.stringContaining('student "memoriser" does not beat it on dev') });
    await database.runs.update('run-memoriser', { results: { name: 'memoriser', devTrainedOn: [0, 1, 2, 3] } });
    expect((await resolveDatasetLabels('x'))!.reason).toBe('Keeping the label model (majority, run lm-1): every labelled dev item trained the students, so none can be compared with it on dev.');
    await database.runs.update('run-memoriser', { results: { name: 'memoriser' } });
    expect(await resolveDatasetLabels('x')).toMatchObject({ kind: 'student', key: 'memoriser' });
  });

  it('go back to a newer label model that beats the student on dev, and stay with the student against one that does not', async () => {
    await addStudent('s', 6, [0, 1, 1, 1, 0, 0, 0, 0]);
    expect((await resolveDatasetLabels('x'))!.kind).toBe('student');
    await addLabelModel('lm-worse', 7, [1, 1, 1, 1, 0, 0, 0, 0]);
    expect(await resolveDatasetLabels('x')).toMatchObject({ kind: 'student', key: 's' });
    await addLabelModel('lm-better', 8, GOLD);
    expect(await resolveDatasetLabels('x')).toMatchObject({ kind: 'label-model', key: 'lm-better', dev: { studentName: 's', labelModel: 1 } });
  });

  it('follow a pin, stored with the dataset, until it is lifted', async () => {
    await addStudent('s', 6, [0, 1, 1, 0, 1, 0, 0, 1]);
    await pinDatasetLabels('x', { kind: 'label-model', runId: 'lm-1' });
    expect((await database.datasets.get('x'))!.labelsPin).toEqual({ kind: 'label-model', runId: 'lm-1' });
    expect(await resolveDatasetLabels('x')).toMatchObject({ kind: 'label-model', key: 'lm-1', pinned: true, reason: 'Labels come from label model majority, run lm-1: you pinned it.' });
    await pinDatasetLabels('x', null);
    expect((await database.datasets.get('x'))!.labelsPin).toBeUndefined();
    expect(await resolveDatasetLabels('x')).toMatchObject({ kind: 'student', pinned: false });
    expect((await pinnableLabels('x')).map((p) => p.label)).toEqual(['Label model: majority, run lm-1', 'Student: s']);
  });

  it('a pin the store does not start in time fails with a specific error and is not stored later', async () => {
    const holder = await holdStores(`dataset-labels-test-${n}`, ['datasets']);
    const outcome = await settledWithin(pinDatasetLabels('x', { kind: 'label-model', runId: 'lm-1' }, 300), 5_000);
    // Without the deadline the pin waits for as long as the other transaction runs.
    expect(outcome).toMatch(/^Pinning the dataset's labels did not start: the browser's storage did not answer within 0.3 s .*Nothing was saved/);
    await holder.release();
    expect((await database.datasets.get('x'))!.labelsPin).toBeUndefined();
    expect((await database.audit.toArray()).filter((a) => a.action === 'labels-pin')).toEqual([]);
    await pinDatasetLabels('x', { kind: 'label-model', runId: 'lm-1' });
    expect((await database.datasets.get('x'))!.labelsPin).toEqual({ kind: 'label-model', runId: 'lm-1' });
  });

  it('refuse a pin on a run without stored outputs, and fall back to dev when a pinned run loses them', async () => {
    await expect(pinDatasetLabels('x', { kind: 'student', sourceId: 'nobody' })).rejects.toThrow('There is no trained student nobody with stored predictions in this dataset');
    await expect(pinDatasetLabels('x', { kind: 'label-model', runId: 'lm-gone' })).rejects.toThrow('Label-model run lm-gone has no stored outputs');
    await addStudent('s', 6, [0, 1, 1, 0, 1, 0, 0, 1]);
    await pinDatasetLabels('x', { kind: 'student', sourceId: 's' });
    await database.columns.where('[datasetId+name]').equals(['x', probsColumn('s')]).delete();
    expect(await resolveDatasetLabels('x')).toMatchObject({ kind: 'label-model', pinned: false, reason: expect.stringContaining('The pinned run no longer has stored outputs') });
  });

  it('are what the default export writes, and the lineage names the run and the reason', async () => {
    await addStudent('s', 6, [0, 1, 1, 0, 1, 0, 0, 1]);
    const choices = await listExportChoices('x');
    expect(choices[0]).toEqual({ target: { kind: 'labels' }, label: 'Dataset labels: Labels come from student "s": dev macro-F1 1.000 vs label model 0.333.' });
    const result = await exportDataset('x', 'jsonl', undefined, none);
    expect(result.fileName).toBe('labels.jsonl');
    expect(result.lineage.result).toMatchObject({ kind: 'labels', from: 'student', run_id: 'run-s', source_id: 's', pinned: false });
    expect(result.lineage.model_run).toMatchObject({ id: 'run-s', kind: 'student' });
    const records = (await result.blob.text()).trim().split('\n').map((line) => JSON.parse(line));
    expect(records.map((r) => r.model.label)).toEqual(['no', 'yes', 'yes', 'no', 'yes', 'no', 'no', 'yes']);
    await pinDatasetLabels('x', { kind: 'label-model', runId: 'lm-1' });
    const pinned = await exportDataset('x', 'jsonl', undefined, none);
    expect(pinned.lineage.result).toMatchObject({ kind: 'labels', from: 'label-model', run_id: 'lm-1', pinned: true });
    expect((await pinned.blob.text()).trim().split('\n').map((line) => JSON.parse(line).model.run)).toEqual(Array(8).fill('lm-1'));
  });

  it('turn a student’s raw probabilities into labels by the decision stored with its run, also once it is calibrated', async () => {
    // Raw p(yes) is 0.8 or 0.2 everywhere: a stored threshold of 0.9 labels every item "no"; without one, argmax.
    await putBinaryStudent(database, 'x', 's', 6, [0, 1, 1, 0, 1, 0, 0, 1], { decision: { kind: 'threshold', positive: 1, threshold: 0.9 } });
    expect(await resolveDatasetLabels('x')).toMatchObject({ kind: 'student', labelRule: { decision: { kind: 'threshold', threshold: 0.9 }, probsName: probsColumn('s') } });
    const exported = async () => (await (await exportDataset('x', 'jsonl', undefined, none)).blob.text()).trim().split('\n').map((line) => JSON.parse(line));
    expect((await exported()).map((r) => r.model.label)).toEqual(Array(8).fill('no'));
    // Calibrated outputs (p(yes) 0.95 everywhere, whose argmax is "yes") are exported, the labels still come from the raw ones.
    await database.runs.put({ id: 'cal-s', datasetId: 'x', kind: 'calibration', status: 'done', createdAt: 7, params: { key: 's', method: 'temperature' }, inputs: [], results: {} });
    await database.columns.put({ datasetId: 'x', name: calibratedColumn('s'), chunk: 0, data: Float32Array.from({ length: 16 }, (_, i) => (i % 2 ? 0.95 : 0.05)) });
    const calibrated = await exported();
    expect(calibrated.map((r) => r.model.label)).toEqual(Array(8).fill('no'));
    expect(calibrated[0].model.probs).toEqual({ no: expect.closeTo(0.05, 5), yes: expect.closeTo(0.95, 5) });
    await database.runs.update('run-s', { results: { name: 's' } });
    expect((await resolveDatasetLabels('x'))!.labelRule!.decision).toEqual({ kind: 'argmax' });
    expect((await exported()).map((r) => r.model.label)).toEqual(Array(8).fill('yes'));
  });
  it('keep a label model’s own labels (its dev-tuned decision on raw outputs) once it is calibrated, in the export', async () => {
    // Calibrated p(yes) is 0.95 everywhere, whose argmax would label every item "yes".
    await database.runs.put({ id: 'cal-lm', datasetId: 'x', kind: 'calibration', status: 'done', createdAt: 7, params: { key: 'lm-1', method: 'histogram' }, inputs: [], results: {} });
    await database.columns.put({ datasetId: 'x', name: calibratedColumn('lm-1'), chunk: 0, data: Float32Array.from({ length: 16 }, (_, i) => (i % 2 ? 0.95 : 0.05)) });
    expect(await resolveDatasetLabels('x')).toMatchObject({ kind: 'label-model', probsName: calibratedColumn('lm-1'), predName: predColumn('lm-1') });
    const records = (await (await exportDataset('x', 'jsonl', undefined, none)).blob.text()).trim().split('\n').map((line) => JSON.parse(line));
    expect(records.map((r) => r.model.label)).toEqual(['no', 'no', 'no', 'no', 'no', 'yes', 'yes', 'no']);
    expect(records[0].model.probs).toEqual({ no: expect.closeTo(0.05, 5), yes: expect.closeTo(0.95, 5) });
  });
});
