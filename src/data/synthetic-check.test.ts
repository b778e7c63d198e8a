import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { Split } from '../core/types';
import { useDatabase, type Dataset, type SiftDb } from './db';
import { appendSyntheticBatch, decideBatch, type NewBatch } from './synthetic';
import { acceptedBatchesHelp, trainOnSynthetic } from './synthetic-check';

// 60 real rows of 3 classes, separable on u (class c lies in [3c, 3c + 1)); every 5th row is canary.
const n = 60;
const u = (i: number) => String((i % 3) * 3 + ((i * 7) % 10) / 10);
const base: Dataset = {
  id: 't', name: 'table', kind: 'table', status: 'ready', createdAt: 0, updatedAt: 0, itemCount: n, chunkSize: 16, chunkCount: 4,
  classes: ['a', 'b', 'c'].map((name, i) => ({ name, key: String(i + 1), color: '#000' })) as Dataset['classes'],
  fields: ['u', 'v'], files: [], mapping: { format: 'csv', textColumn: 'u', idColumn: null, labelColumn: null, labelValues: {}, keepColumns: ['u', 'v'] }, committedRows: n, notices: [],
};
let database: SiftDb;
let seq = 0;

const batch = (count: number): NewBatch => ({ createdAt: 7, method: 'smote', seed: 1, classIndex: 2, count, realRows: 16, scores: { quality: 0.9, detectionAuc: 0.6 }, report: null });
const rows = (values: string[]) => ({ names: ['u', 'v'], columns: [values, values.map(() => 'x')] });

beforeEach(async () => {
  database = useDatabase(`synthetic-check-${++seq}`);
  await database.datasets.put(base);
  for (let c = 0; c < 4; c++) {
    const index = Array.from({ length: Math.min(16, n - c * 16) }, (_, i) => c * 16 + i);
    await database.chunks.put({ datasetId: 't', index: c, start: c * 16, count: index.length, ids: index.map(String), text: index.map(() => ''), fields: { u: index.map(u), v: index.map(() => 'x') }, hashes: new Uint32Array(index.length) });
    await database.columns.put({ datasetId: 't', name: 'split', chunk: c, data: Uint8Array.from(index, (i) => (i % 5 === 0 ? Split.canary : Split.train)) });
  }
  await database.labelEvents.add({ datasetId: 't', kind: 'set', by: 'import', at: 1, items: Uint32Array.from({ length: n }, (_, i) => i), labels: Int16Array.from({ length: n }, (_, i) => i % 3), prev: new Int16Array(n).fill(-1) });
});

describe('train on synthetic, test on real', () => {
  it('a faithful batch teaches its class as well as the real rows do', async () => {
    await appendSyntheticBatch('t', batch(10), rows(['6.1', '6.2', '6.3', '6.4', '6.5', '6.6', '6.7', '6.8', '6.05', '6.95']));
    const report = await trainOnSynthetic('t', 1);
    expect(report).toMatchObject({ batch: 1, classIndex: 2, canaryRows: 12 });
    expect(report.real).toMatchObject({ trainRows: 48, accuracy: 1 });
    // Class c's 16 real train rows are replaced by the 10 exemplars.
    expect(report.synthetic).toMatchObject({ trainRows: 42, accuracy: 1 });
  });

  it('a batch that looks like another class fails on the real canary', async () => {
    await appendSyntheticBatch('t', batch(10), rows(Array.from({ length: 10 }, (_, i) => String(0.05 + i / 10))));
    const report = await trainOnSynthetic('t', 1);
    expect(report.real.accuracy).toBe(1);
    expect(report.synthetic.classF1[2]).toBe(0);
    expect(report.synthetic.accuracy).toBeLessThan(0.7);
  });

  it('compares the canary with and without the batches in training, weighted', async () => {
    expect(await acceptedBatchesHelp('t')).toMatchObject({ batches: [], with: null, without: { trainRows: 48, accuracy: 1 } });
    await appendSyntheticBatch('t', batch(4), rows(['6.1', '6.2', '6.3', '6.4']));
    await appendSyntheticBatch('t', batch(2), rows(['0.5', '0.6']));
    // Only the accepted batch trains; its 4 exemplars and class c's 20 labeled real rows share 20 units of weight.
    await decideBatch('t', 1, { status: 'accepted', at: 9, criteria: { minQuality: 0.8, maxDetectionAuc: 0.8 } });
    const help = await acceptedBatchesHelp('t');
    expect(help.batches).toEqual([1]);
    expect(help.with).toMatchObject({ trainRows: 52, accuracy: 1 });
    // Real a and b (16 each) weigh 1; class c's 16 real train rows and 4 exemplars weigh 20/24 each.
    expect(help.with!.trainWeight).toBeCloseTo(32 + 20 * (20 / 24), 4);
  });

  it('says what is missing when there is no labeled canary', async () => {
    for (let c = 0; c < 4; c++) await database.columns.put({ datasetId: 't', name: 'split', chunk: c, data: new Uint8Array(c < 3 ? 16 : 12) });
    await expect(acceptedBatchesHelp('t')).rejects.toThrow('No labeled canary items to score the students on');
  });
});
