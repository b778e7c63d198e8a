import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { Split } from '../../src/core/types';
import { useDatabase, type Dataset, type SiftDb } from '../../src/data/db';
import { predColumn, probsColumn } from '../../src/data/sources';
import { putBinaryStudent } from '../../src/data/student-fixture';
import { rankingModel } from './review-model';

/** Four dev items (gold no, yes, yes, no) and four pool items; the label model gets dev 2 of 4 right. */
const dataset: Dataset = {
  id: 'x', name: 'queue', kind: 'text', status: 'ready', createdAt: 0, updatedAt: 0, itemCount: 8, chunkSize: 8, chunkCount: 1,
  classes: [{ name: 'no', key: '1', color: '#000' }, { name: 'yes', key: '2', color: '#fff' }] as Dataset['classes'],
  fields: [], files: [], mapping: { format: 'csv', textColumn: 'text', idColumn: null, labelColumn: null, labelValues: {}, keepColumns: [] }, committedRows: 8, notices: [],
};
const GOLD = [0, 1, 1, 0];
const SPLITS = Uint8Array.from([Split.dev, Split.dev, Split.dev, Split.dev, Split.train, Split.train, Split.train, Split.train]);
const LABELS = Int16Array.from([...GOLD, -1, -1, -1, -1]);
const probsOf = (labels: number[]) => Float32Array.from(labels.flatMap((y) => (y === 1 ? [0.2, 0.8] : [0.8, 0.2])));
const labelModel = { id: 'lm-1', params: { method: 'majority' }, results: { chosen: 'majority' } };
let database: SiftDb;
let n = 0;

const addStudent = (id: string, at: number, predicted: number[]) => putBinaryStudent(database, 'x', id, at, predicted);

beforeEach(async () => {
  database = useDatabase(`review-model-test-${++n}`);
  await database.datasets.put(dataset);
  await database.chunks.put({ datasetId: 'x', index: 0, start: 0, count: 8, ids: Array.from({ length: 8 }, (_, i) => `i${i}`), text: Array.from({ length: 8 }, (_, i) => `t${i}`), fields: {}, hashes: new Uint32Array(8) });
  await database.columns.put({ datasetId: 'x', name: 'split', chunk: 0, data: SPLITS });
  await database.labelEvents.add({ datasetId: 'x', kind: 'set', by: 'import', at: 1, items: Uint32Array.from([0, 1, 2, 3]), labels: Int16Array.from(GOLD), prev: new Int16Array(4).fill(-1) });
  await database.runs.put({ id: 'lm-1', datasetId: 'x', kind: 'label-model', status: 'done', createdAt: 5, params: { method: 'majority' }, inputs: [], results: { chosen: 'majority' } });
  const predicted = [0, 0, 0, 0, 0, 1, 1, 0];
  await database.columns.bulkPut([
    { datasetId: 'x', name: probsColumn('lm-1'), chunk: 0, data: probsOf(predicted) },
    { datasetId: 'x', name: predColumn('lm-1'), chunk: 0, data: Int8Array.from(predicted) },
  ]);
});

describe('the model the review queue ranks on', () => {
  it('is the label model while no student beats it on dev', async () => {
    await addStudent('no-better', 6, [0, 0, 0, 0, 1, 1, 1, 1]);
    const model = await rankingModel(dataset, labelModel, LABELS, SPLITS);
    expect(model.runId).toBe('lm-1');
    expect(model.describe).toBe('label model (majority)');
    expect(Array.from(model.probs.subarray(8, 10))).toEqual([Math.fround(0.8), Math.fround(0.2)]);
  });

  it('is the dataset’s labels when a student beats the label model on dev (no refit)', async () => {
    await addStudent('better', 6, [0, 1, 1, 0, 1, 1, 1, 1]);
    const model = await rankingModel(dataset, labelModel, LABELS, SPLITS);
    expect(model.runId).toBe('run-better');
    expect(model.describe).toMatch(/^dataset's labels, student “better” \(Labels come from student "better": dev macro-F1 1\.000/);
    expect(Array.from(model.probs.subarray(8, 10))).toEqual([Math.fround(0.2), Math.fround(0.8)]);
  });
});
