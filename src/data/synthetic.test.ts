import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Split } from '../core/types';
import { readColumn } from './columns';
import { useDatabase, type Dataset, type SiftDb } from './db';
import { readItemTable, tableColumns } from './item-table';
import { loadLabelState } from './labels';
import { readSplits, writeSplits } from './splits';
import { appendSyntheticBatch, decideBatch, readSyntheticMarks, saveSyntheticCriteria, type NewBatch } from './synthetic';
import { holdStores, settledWithin } from './test-hold';

const base: Dataset = {
  id: 't', name: 'table', kind: 'table', status: 'ready', createdAt: 0, updatedAt: 0, itemCount: 6, chunkSize: 4, chunkCount: 2,
  classes: [{ name: 'a', key: '1', color: '#000' }, { name: 'b', key: '2', color: '#fff' }] as Dataset['classes'],
  fields: ['x', 'y'], files: [], mapping: { format: 'csv', textColumn: 'x', idColumn: null, labelColumn: null, labelValues: {}, keepColumns: ['x', 'y'] }, committedRows: 6, notices: [],
};
let database: SiftDb;
let n = 0;

const batch = (count: number): NewBatch => ({ createdAt: 7, method: 'smote', seed: 1, classIndex: 1, count, realRows: 3, scores: { quality: 0.9, detectionAuc: 0.6 }, report: null });
const rows = (count: number) => ({ names: ['x', 'y'], columns: [Array.from({ length: count }, (_, i) => String(100 + i)), Array.from({ length: count }, (_, i) => `c${i}`)] });

beforeEach(async () => {
  database = useDatabase(`synthetic-test-${++n}`);
  await database.datasets.put(base);
  await database.chunks.bulkPut([
    { datasetId: 't', index: 0, start: 0, count: 4, ids: ['r1', 'r2', 'r3', 'r4'], text: ['', '', '', ''], fields: { x: ['1', '2', '3', '4'], y: ['p', 'q', 'p', 'q'] }, hashes: new Uint32Array(4) },
    { datasetId: 't', index: 1, start: 4, count: 2, ids: ['r5', 'r6'], text: ['', ''], fields: { x: ['5', '6'], y: ['p', 'p'] }, hashes: new Uint32Array(2) },
  ]);
  await database.columns.bulkPut([
    { datasetId: 't', name: 'split', chunk: 0, data: Uint8Array.from([Split.canary, Split.dev, 0, 0]) },
    { datasetId: 't', name: 'split', chunk: 1, data: Uint8Array.from([0, 0]) },
  ]);
  await database.labelEvents.add({ datasetId: 't', kind: 'set', by: 'import', at: 1, items: Uint32Array.from([0, 1, 2, 3, 4, 5]), labels: Int16Array.from([0, 1, 0, 1, 1, 1]), prev: new Int16Array(6).fill(-1) });
});

describe('appending a synthetic batch', () => {
  it('fills the last chunk, adds the next, and marks, splits and labels the new items', async () => {
    const made = await appendSyntheticBatch('t', batch(5), rows(5));
    expect(made).toMatchObject({ number: 1, start: 6, count: 5, decision: { status: 'pending' } });
    const dataset = (await database.datasets.get('t'))!;
    expect(dataset).toMatchObject({ itemCount: 11, committedRows: 11, chunkCount: 3 });
    const chunks = await database.chunks.where('datasetId').equals('t').sortBy('index');
    expect(chunks.map((c) => [c.index, c.start, c.count, c.ids.length, c.fields.x.length, c.hashes.length])).toEqual([[0, 0, 4, 4, 4, 4], [1, 4, 4, 4, 4, 4], [2, 8, 3, 3, 3, 3]]);
    expect(chunks[1].ids).toEqual(['r5', 'r6', 'syn1-1', 'syn1-2']);
    // A table's items have no text, as its import stores them: the fields hold the row.
    expect(chunks[1].text[2]).toBe('');
    expect([chunks[1].fields.x[2], chunks[1].fields.y[2]]).toEqual(['100', 'c0']);
    expect(Array.from(await readSyntheticMarks(dataset))).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
    expect(Array.from(await readSplits(dataset))).toEqual([Split.canary, Split.dev, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const { state } = await loadLabelState('t', 11);
    expect(Array.from(state.label)).toEqual([0, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1]);
    const table = await readItemTable(dataset, Uint32Array.from([1, 6, 10]), tableColumns(dataset), { origin: (i) => String(i) });
    expect(table).toEqual({ names: ['x', 'y', 'origin'], columns: [['2', '100', '104'], ['q', 'c0', 'c4'], ['1', '6', '10']] });
    // A second batch gets the next number and starts where the first ended.
    expect((await appendSyntheticBatch('t', batch(1), rows(1))).number).toBe(2);
    expect(Array.from(await readColumn((await database.datasets.get('t'))!, 'synthetic', Uint8Array))).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2]);
  });

  it('leaves nothing behind when a write fails part-way (a full disk)', async () => {
    const before = { chunks: await database.chunks.toArray(), columns: await database.columns.toArray(), events: await database.labelEvents.count(), dataset: await database.datasets.get('t') };
    let writes = 0;
    const put = database.columns.put.bind(database.columns);
    const spy = vi.spyOn(database.columns, 'put').mockImplementation((...args) => {
      if (++writes === 3) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put(...args);
    });
    await expect(appendSyntheticBatch('t', batch(5), rows(5))).rejects.toThrow(/quota/);
    spy.mockRestore();
    expect(await database.chunks.toArray()).toEqual(before.chunks);
    expect(await database.columns.toArray()).toEqual(before.columns);
    expect(await database.labelEvents.count()).toBe(before.events);
    expect(await database.datasets.get('t')).toEqual(before.dataset);
  });

  it('refuses rows whose columns are not the dataset’s, and a class it does not have', async () => {
    await expect(appendSyntheticBatch('t', batch(2), { names: ['y', 'x'], columns: [['a', 'b'], ['1', '2']] })).rejects.toThrow(/columns y, x; the dataset has x, y/);
    await expect(appendSyntheticBatch('t', { ...batch(2), classIndex: 5 }, rows(2))).rejects.toThrow(/Class 5 is not a class/);
    expect((await database.datasets.get('t'))!.itemCount).toBe(6);
  });

  it('never lets a split draw put a synthetic item in dev or canary', async () => {
    await appendSyntheticBatch('t', batch(2), rows(2));
    const dataset = (await database.datasets.get('t'))!;
    const splits = await readSplits(dataset);
    splits[7] = Split.canary;
    await expect(writeSplits(dataset, splits, {})).rejects.toThrow(/Item 7 is synthetic \(batch 1\) and cannot be in the canary set/);
  });

  it('records accept, override (with its reason) and reject, each audited', async () => {
    await appendSyntheticBatch('t', batch(2), rows(2));
    const criteria = { minQuality: 0.95, maxDetectionAuc: null };
    await expect(decideBatch('t', 1, { status: 'overridden', at: 2, criteria, reason: '  ', failures: [] })).rejects.toThrow(/Say why/);
    const overridden = await decideBatch('t', 1, { status: 'overridden', at: 2, criteria, reason: 'looked right', failures: ['quality 0.900 is below 0.95'] });
    expect(overridden.decision).toMatchObject({ status: 'overridden', reason: 'looked right' });
    expect((await database.datasets.get('t'))!.syntheticBatches![0].decision.status).toBe('overridden');
    const actions = (await database.audit.where('datasetId').equals('t').toArray()).map((a) => a.action);
    expect(actions).toEqual(['synthetic-batch', 'synthetic-overridden']);
    await expect(decideBatch('t', 9, { status: 'rejected', at: 3 })).rejects.toThrow(/batch 9 does not exist/);
  });

  it('a decision or criteria the store does not take in time fail with a specific error, and neither is stored later', async () => {
    await appendSyntheticBatch('t', batch(2), rows(2));
    const holder = await holdStores(`synthetic-test-${n}`, ['datasets']);
    const criteria = { minQuality: 0.95, maxDetectionAuc: null };
    // Without the deadline each waits for as long as the other transaction runs.
    expect(await settledWithin(decideBatch('t', 1, { status: 'accepted', at: 2, criteria }, 300), 5_000)).toMatch(/^Accepting synthetic batch 1 did not finish: the browser's storage did not answer within 0.3 s .*Nothing was saved/);
    expect(await settledWithin(saveSyntheticCriteria('t', criteria, 300), 5_000)).toMatch(/^Saving the acceptance criteria did not finish: the browser's storage did not answer within 0.3 s/);
    await holder.release();
    const stored = (await database.datasets.get('t'))!;
    expect(stored.syntheticBatches![0].decision.status).toBe('pending');
    expect(stored.syntheticCriteria).toBeUndefined();
    expect((await database.audit.where('datasetId').equals('t').toArray()).map((a) => a.action)).toEqual(['synthetic-batch']);
    await saveSyntheticCriteria('t', criteria);
    expect((await database.datasets.get('t'))!.syntheticCriteria).toEqual(criteria);
  });
});
