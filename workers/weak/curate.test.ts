import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { Split } from '../../src/core/types';
import { readCuratedSelection } from '../../src/data/curated-selections';
import { useDatabase, type Dataset, type SiftDb } from '../../src/data/db';
import { putBinaryStudent } from '../../src/data/student-fixture';
import { holdStores, settledWithin } from '../../src/data/test-hold';
import { curateSelection } from './curate';

/** Six pool items and two dev items; the only model is a student whose raw p(yes) is 0.8 or 0.2. */
const dataset: Dataset = {
  id: 'c', name: 'curate', kind: 'text', status: 'ready', createdAt: 0, updatedAt: 0, itemCount: 8, chunkSize: 8, chunkCount: 1,
  classes: [{ name: 'no', key: '1', color: '#000' }, { name: 'yes', key: '2', color: '#fff' }] as Dataset['classes'],
  fields: [], files: [], mapping: { format: 'csv', textColumn: 'text', idColumn: null, labelColumn: null, labelValues: {}, keepColumns: [] }, committedRows: 8, notices: [],
};
const splits = Uint8Array.from([Split.train, Split.train, Split.train, Split.train, Split.train, Split.train, Split.dev, Split.dev]);
const labels = Int16Array.from([-1, -1, -1, -1, -1, -1, 0, 1]);
let database: SiftDb;
let n = 0;

beforeEach(async () => {
  database = useDatabase(`curate-test-${++n}`);
  await database.datasets.put(dataset);
  await database.columns.put({ datasetId: 'c', name: 'split', chunk: 0, data: splits });
});

describe('Curate', () => {
  it('proposes the labels the dataset shows: a student’s stored dev-tuned decision, argmax without one', async () => {
    // Raw p(yes) 0.8 on items 1, 3, 7; a stored threshold of 0.9 makes every proposal "no".
    await putBinaryStudent(database, 'c', 's', 5, [0, 1, 0, 1, 0, 0, 0, 1], { decision: { kind: 'threshold', positive: 1, threshold: 0.9 } });
    const request = { datasetId: 'c', labels, splits, spec: {} };
    const decided = await curateSelection({ ...request, name: 'decided' });
    expect(decided.before).toEqual([6, 0]);
    expect(Array.from((await readCuratedSelection(dataset, 'decided')).label).slice(0, 6)).toEqual([0, 0, 0, 0, 0, 0]);
    await database.runs.update('run-s', { results: { name: 's' } });
    const argmax = await curateSelection({ ...request, name: 'argmax' });
    expect(argmax.before).toEqual([4, 2]);
  });

  it('a store another tab holds makes its input read fail by name in bounded time, saving nothing', async () => {
    await putBinaryStudent(database, 'c', 's', 5, [0, 1, 0, 1, 0, 0, 0, 1]);
    const columns = await database.columns.count();
    const holder = await holdStores(`curate-test-${n}`, ['runs']);
    const outcome = await settledWithin(curateSelection({ datasetId: 'c', labels, splits, spec: {}, name: 'held' }, 300), 5_000);
    expect(outcome).toMatch(/^Reading the proposals for the selection did not start: the browser's storage did not answer within 0.3 s/);
    await holder.release();
    expect(await database.columns.count()).toBe(columns);
    expect(await database.audit.count()).toBe(0);
    expect((await curateSelection({ datasetId: 'c', labels, splits, spec: {}, name: 'free' })).name).toBe('free');
  });
});
