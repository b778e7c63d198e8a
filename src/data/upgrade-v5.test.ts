import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { useDatabase } from './db';
import { loadStudentWeights } from './students';

/** The schema of store version 4 (the release before typed records), as that release declared it. */
async function writeVersion4(name: string, write: (db: Dexie) => Promise<void>): Promise<void> {
  const old = new Dexie(name);
  old.version(4).stores({
    datasets: '&id, status, createdAt',
    chunks: '[datasetId+index], datasetId',
    columns: '[datasetId+name+chunk], [datasetId+name], datasetId',
    labelEvents: '++seq, datasetId, [datasetId+seq]',
    audit: '++seq, datasetId',
    settings: '&key',
    sources: '&id, datasetId',
    runs: '&id, datasetId, [datasetId+kind], createdAt',
    models: '&id, createdAt',
    snapshots: '&id, datasetId, createdAt, [datasetId+createdAt]',
    columnCatalog: '[datasetId+name], datasetId',
    snapshotBlobs: '[datasetId+hash], datasetId',
    gates: '&datasetId',
  });
  await old.open();
  await write(old);
  old.close();
}

const lf = { id: 'lf1', datasetId: 'd', kind: 'lf', name: 'link', version: null, definition: { id: 'lf1', name: 'link', vote: 1, condition: { kind: 'regex', pattern: 'http' } }, createdAt: 1, updatedAt: 1, enabled: true };
const student = {
  id: 'run-s',
  datasetId: 'd',
  kind: 'student',
  status: 'done',
  createdAt: 2,
  finishedAt: 3,
  params: { arch: 'mlp' },
  inputs: [],
  results: { name: 'student', classNames: ['a', 'b'], model: { modelJson: '{"modelTopology":{}}', weights: Uint8Array.from([1, 2, 3]) } },
};

describe('store version 5 upgrade', () => {
  it('moves a student’s weights out of its run into runWeights and keeps every other record as it was', async () => {
    await writeVersion4('upgrade-a', async (old) => {
      await old.table('sources').put(lf);
      await old.table('runs').bulkPut([student, { id: 'run-lm', datasetId: 'd', kind: 'label-model', status: 'done', createdAt: 4, params: { method: 'auto' }, inputs: [{ sourceId: 'lf1', version: null }], results: { chosen: 'mv' } }]);
    });
    const database = useDatabase('upgrade-a');
    const run = await database.runs.get('run-s');
    expect(run?.kind).toBe('student');
    expect(run && 'model' in run.results).toBe(false);
    expect(run?.kind === 'student' && run.results.hasWeights).toBe(true);
    expect(run?.results).toMatchObject({ name: 'student', classNames: ['a', 'b'] });
    const weights = await loadStudentWeights('run-s');
    expect(weights?.modelJson).toBe('{"modelTopology":{}}');
    expect(Array.from(weights!.weights)).toEqual([1, 2, 3]);
    expect(await database.sources.get('lf1')).toMatchObject({ kind: 'lf', definition: { condition: { pattern: 'http' }, vote: 1 } });
    expect((await database.runs.get('run-lm'))?.results).toMatchObject({ chosen: 'mv' });
    database.close();
  });

  it('a malformed stored record is refused by name when read, and the upgrade leaves it as it was', async () => {
    await writeVersion4('upgrade-b', async (old) => {
      await old.table('sources').put({ ...lf, definition: { name: 'link', vote: 'one', condition: { kind: 'regex', pattern: 'x' } } });
      await old.table('runs').put({ ...student, id: 'run-bad', kind: 'mystery' });
    });
    const database = useDatabase('upgrade-b');
    await expect(database.sources.get('lf1')).rejects.toThrow('The stored source "lf1" (kind lf, dataset d) is malformed: definition.vote');
    await expect(database.runs.where('datasetId').equals('d').toArray()).rejects.toMatchObject({ code: 'store/bad-record', message: expect.stringContaining('The stored run "run-bad" (kind mystery') });
    // The raw record is untouched: the user's data is not rewritten by a failed check.
    const raw = await database.table('runs').toCollection().raw().toArray();
    expect(raw[0]).toMatchObject({ id: 'run-bad', kind: 'mystery' });
    database.close();
  });
});
