import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { Split } from '../core/types';
import { useDatabase, type Dataset, type SiftDb } from './db';
import { exportDataset } from './export';
import { getGate, saveGateCriteria } from './gate';
import { predColumn, probsColumn } from './sources';
import { holdStores, settledWithin } from './test-hold';

const dataset: Dataset = {
  id: 'g', name: 'gated', kind: 'text', status: 'ready', createdAt: 0, updatedAt: 0, itemCount: 4, chunkSize: 4, chunkCount: 1,
  classes: [{ name: 'no', key: '1', color: '#000' }, { name: 'yes', key: '2', color: '#fff' }] as Dataset['classes'],
  fields: [], files: [], mapping: { format: 'csv', textColumn: 'text', idColumn: null, labelColumn: null, labelValues: {}, keepColumns: [] }, committedRows: 4, notices: [],
};
let database: SiftDb;
let n = 0;

beforeEach(async () => {
  database = useDatabase(`gate-test-${++n}`);
  await database.datasets.put(dataset);
  await database.chunks.put({ datasetId: 'g', index: 0, start: 0, count: 4, ids: ['a', 'b', 'c', 'd'], text: ['t1', 't2', 't3', 't4'], fields: {}, hashes: new Uint32Array(4) });
  await database.columns.put({ datasetId: 'g', name: 'split', chunk: 0, data: Uint8Array.from([Split.canary, Split.canary, Split.canary, Split.canary]) });
  await database.labelEvents.add({ datasetId: 'g', kind: 'set', by: 'import', at: 1, items: Uint32Array.from([0, 1, 2, 3]), labels: Int16Array.from([0, 1, 1, 0]), prev: Int16Array.from([-1, -1, -1, -1]) });
  // The model gets three of four canary items right.
  await database.runs.put({ id: 'lm', datasetId: 'g', kind: 'label-model', status: 'done', createdAt: 5, params: {}, inputs: [], results: {} });
  await database.columns.bulkPut([
    { datasetId: 'g', name: probsColumn('lm'), chunk: 0, data: Float32Array.from([0.9, 0.1, 0.2, 0.8, 0.7, 0.3, 0.6, 0.4]) },
    { datasetId: 'g', name: predColumn('lm'), chunk: 0, data: Int8Array.from([0, 1, 0, 0]) },
  ]);
});

describe('canary gate on export', () => {
  it('criteria the store does not take in time fail with a specific error and are not stored later', async () => {
    const holder = await holdStores(`gate-test-${n}`, ['gates']);
    const outcome = await settledWithin(saveGateCriteria('g', { minAccuracy: 0.9 }, 300), 5_000);
    // Without the deadline the save waits for as long as the other transaction runs.
    expect(outcome).toMatch(/^Saving the canary gate did not finish: the browser's storage did not answer within 0.3 s .*Nothing was saved/);
    await holder.release();
    expect((await getGate('g')).criteria).toEqual({});
    expect((await database.audit.toArray()).filter((a) => a.action === 'gate')).toEqual([]);
    expect((await saveGateCriteria('g', { minAccuracy: 0.9 })).criteria).toEqual({ minAccuracy: 0.9 });
  });

  it('refuses with the reasons, exports on an explicit override written into the lineage, and names the snapshot', async () => {
    await saveGateCriteria('g', { minAccuracy: 0.9 });
    await expect(exportDataset('g', 'csv', undefined, () => {})).rejects.toThrow('The canary gate refuses this export:\nCanary accuracy 75.0 % is below the minimum 90.0 %.');
    const result = await exportDataset('g', 'csv', undefined, () => {}, { reason: 'pilot only' });
    const gate = result.lineage.gate as Record<string, unknown>;
    expect(gate).toMatchObject({ passed: false, reasons: ['Canary accuracy 75.0 % is below the minimum 90.0 %.'], override: { reason: 'pilot only' } });
    const snapshot = result.lineage.snapshot as { id: string };
    expect((await database.snapshots.get(snapshot.id))?.reason).toBe('export');
    // An overridden export is not accepted.
    expect((await getGate('g')).accepted).toBeNull();
  });

  it('accepts a passing export and measures later drops against it', async () => {
    await saveGateCriteria('g', { minAccuracy: 0.5, maxDrop: 0.1 });
    const first = await exportDataset('g', 'jsonl', undefined, () => {});
    expect((await getGate('g')).accepted?.snapshotId).toBe((first.lineage.snapshot as { id: string }).id);
    // The model now gets two of four right: accuracy falls by 25 points.
    await database.columns.put({ datasetId: 'g', name: predColumn('lm'), chunk: 0, data: Int8Array.from([0, 0, 0, 0]) });
    await expect(exportDataset('g', 'jsonl', undefined, () => {})).rejects.toThrow(/fell by 25.0 % against the last accepted snapshot/);
  });

  it('rejects meaningless criteria', async () => {
    await expect(saveGateCriteria('g', { maxEce: -1 })).rejects.toThrow('Maximum ECE must be a number from 0 to 1 (got -1).');
  });
});
