import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { LabelModelRun } from '../core/records';
import { useDatabase } from './db';
import { dropLabelModelOutputs } from './runs';
import { predColumn, probsColumn } from './sources';
import { holdStores, settledWithin } from './test-hold';

const run = (id: string, results: Record<string, unknown>) => ({ id, datasetId: 'd', kind: 'label-model', status: 'done', createdAt: 1, params: {}, inputs: [], results }) as unknown as LabelModelRun;

async function seeded(name: string) {
  const database = useDatabase(name);
  await database.runs.bulkPut([run('old', { chosen: 'majority' }), run('kept', { chosen: 'snorkel' })]);
  await database.columns.bulkPut([
    { datasetId: 'd', name: probsColumn('old'), chunk: 0, data: Float32Array.from([0.2, 0.8]) },
    { datasetId: 'd', name: probsColumn('old'), chunk: 1, data: Float32Array.from([0.6, 0.4]) },
    { datasetId: 'd', name: predColumn('old'), chunk: 0, data: Int8Array.from([1]) },
    { datasetId: 'd', name: probsColumn('kept'), chunk: 0, data: Float32Array.from([0.5, 0.5]) },
    { datasetId: 'other', name: probsColumn('old'), chunk: 0, data: Float32Array.from([1, 0]) },
  ]);
  return database;
}

describe("dropping a label-model run's outputs", () => {
  it("deletes that run's probability and label columns in that dataset and marks its record, keeping its results", async () => {
    const database = await seeded('runs-drop');
    await dropLabelModelOutputs('d', run('old', { chosen: 'majority' }));
    const left = await database.columns.toArray();
    expect(left.map((c) => `${c.datasetId}/${c.name}#${c.chunk}`).sort()).toEqual([`d/${probsColumn('kept')}#0`, `other/${probsColumn('old')}#0`]);
    expect((await database.runs.get('old'))?.results).toEqual({ chosen: 'majority', columnsDropped: true });
    expect((await database.runs.get('kept'))?.results).toEqual({ chosen: 'snorkel' });
  });

  it('a record that cannot be marked keeps every column (one transaction)', async () => {
    const database = await seeded('runs-drop-atomic');
    const unstorable = run('old', { chosen: 'majority', note: () => 0 });
    await expect(dropLabelModelOutputs('d', unstorable)).rejects.toThrow();
    expect(await database.columns.count()).toBe(5);
    expect((await database.runs.get('old'))?.results).toEqual({ chosen: 'majority' });
  });
});

describe("dropping a label-model run's outputs behind a held store", () => {
  it('fails by name when the store does not start it in time, and drops nothing later', async () => {
    const database = await seeded('runs-drop-held');
    await database.open();
    const holder = await holdStores('runs-drop-held', ['columns']);
    const outcome = await settledWithin(dropLabelModelOutputs('d', run('old', { chosen: 'majority' }), 300), 5_000);
    expect(outcome).toMatch(/^Dropping the columns of label-model run old did not start: the browser's storage did not answer within 0.3 s .*Nothing was saved/);
    await holder.release();
    expect(await database.columns.count()).toBe(5);
    expect((await database.runs.get('old'))?.results).toEqual({ chosen: 'majority' });
  });
});
