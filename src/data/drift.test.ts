import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { Split } from '../core/types';
import { useDatabase, type Dataset, type SiftDb } from './db';
import { computeDrift, datetimeFieldSpans, dismissDriftAlert, openDriftAlert, recordDriftAlert } from './drift';
import { exportDataset } from './export';
import { saveGateCriteria } from './gate';
import { predColumn, probsColumn } from './sources';
import { takeSnapshot } from './snapshots';

// Eight items: the first four dated 2014 by "ann" (short texts), the last four 2015 by "bob"/"cy" (long texts).
const n = 8;
const dataset: Dataset = {
  id: 'd', name: 'drifting', kind: 'text', status: 'ready', createdAt: 0, updatedAt: 0, itemCount: n, chunkSize: 8, chunkCount: 1,
  classes: [{ name: 'ham', key: '1', color: '#000' }, { name: 'spam', key: '2', color: '#fff' }] as Dataset['classes'],
  fields: ['AUTHOR', 'DATE'], files: [], mapping: { format: 'csv', textColumn: 'text', idColumn: null, labelColumn: null, labelValues: {}, keepColumns: ['AUTHOR', 'DATE'] }, committedRows: n, notices: [],
};
const dates = ['2014-01-05T10:00:00', '2014-02-01T00:00:00', '2014-03-01T00:00:00', '', '2015-01-02T00:00:00', '2015-02-01T00:00:00', '2015-03-01T00:00:00', '2015-04-01T00:00:00'];
let database: SiftDb;
let seq = 0;

beforeEach(async () => {
  database = useDatabase(`drift-test-${++seq}`);
  await database.datasets.put(dataset);
  await database.chunks.put({
    datasetId: 'd', index: 0, start: 0, count: n, ids: Array.from({ length: n }, (_, i) => `i${i}`),
    text: ['a', 'bb', 'a', 'cc', 'a long text here', 'another long one', 'longer and longer', 'the longest text of all'],
    fields: { AUTHOR: ['ann', 'ann', 'ann', 'ann', 'bob', 'cy', 'bob', 'cy'], DATE: dates }, hashes: new Uint32Array(n),
  });
  await database.columns.put({ datasetId: 'd', name: 'split', chunk: 0, data: Uint8Array.from([0, 0, 2, 2, 0, 1, 2, 2].map((s) => [Split.train, Split.dev, Split.canary][s])) });
  await database.labelEvents.add({ datasetId: 'd', kind: 'set', by: 'import', at: 1, items: Uint32Array.from([2, 3, 6, 7]), labels: Int16Array.from([0, 1, 1, 0]), prev: Int16Array.from([-1, -1, -1, -1]) });
  await database.runs.put({ id: 'lm', datasetId: 'd', kind: 'label-model', status: 'done', createdAt: 5, params: {}, inputs: [], results: {} });
  await database.columns.bulkPut([
    { datasetId: 'd', name: probsColumn('lm'), chunk: 0, data: Float32Array.from({ length: 2 * n }, (_, i) => (i % 2 ? 0.3 : 0.7)) },
    { datasetId: 'd', name: predColumn('lm'), chunk: 0, data: Int8Array.from([0, 0, 0, 0, 1, 1, 1, 1]) },
  ]);
});

const byDate = (from: string | null, to: string | null) => ({ items: { kind: 'dates' as const, field: 'DATE', from, to }, labels: { kind: 'current' as const } });

describe('drift of stored items', () => {
  it('compares two date ranges: author drifts, the date field is left out, undated items counted', async () => {
    const r = await computeDrift({ datasetId: 'd', reference: byDate(null, '2015-01-01'), current: byDate('2015-01-01', null) });
    expect(r.sizes).toEqual({ reference: 3, current: 4 });
    expect(r.undated).toEqual({ reference: 1, current: 1 });
    expect(Object.keys(r.features.columns).sort()).toEqual(['(text length)', 'AUTHOR']);
    expect(r.features.columns.AUTHOR.drift).toBe(true);
    // Five distinct lengths (1, 2, 16, 17, 23) are compared as categories, as Evidently does.
    expect(r.features.columns['(text length)'].test).toBe('chisquare');
    expect(r.excluded.map((e) => e.column)).toEqual(['DATE']);
    // Effective labels: human where labelled (item 2: ham), else the label model (0, 1: ham).
    expect(r.labels.charts['(label)']).toMatchObject({ kind: 'categories' });
    expect(r.labels.columns['(predicted class)'].drift).toBe(true);
    expect(r.datetimeFields).toEqual(['DATE']);
    expect(await datetimeFieldSpans('d')).toEqual([{ field: 'DATE', first: '2014-01-05', last: '2015-04-01' }]);
  });

  it('reads a snapshot\'s labels, and refuses an unknown snapshot by name', async () => {
    const snapshot = await takeSnapshot('d', { by: 'you', reason: 'by hand', name: 'before' });
    const side = { items: { kind: 'all' as const }, labels: { kind: 'snapshot' as const, id: snapshot.id, name: 'before' } };
    const r = await computeDrift({ datasetId: 'd', reference: side, current: { items: { kind: 'all' }, labels: { kind: 'current' } } });
    expect(r.labels.columns['(label)'].drift).toBe(false);
    await expect(computeDrift({ datasetId: 'd', reference: { ...side, labels: { kind: 'snapshot', id: 'gone', name: 'old' } }, current: side })).rejects.toThrow('Snapshot "old" no longer exists.');
  });

  it('a drift alert stays open until dismissed', async () => {
    await recordDriftAlert('d', { reference: 'a', current: 'b', shareDrifted: 1, drifted: ['AUTHOR'] });
    const entries = await database.audit.toArray();
    const alert = openDriftAlert(entries)!;
    expect(alert.detail.drifted).toEqual(['AUTHOR']);
    await dismissDriftAlert('d', alert.seq!);
    expect(openDriftAlert(await database.audit.toArray())).toBeNull();
  });

  it('the canary gate refuses an export while the chosen sets drift', async () => {
    await saveGateCriteria('d', { noDrift: { reference: byDate(null, '2015-01-01'), current: byDate('2015-01-01', null) } });
    await expect(exportDataset('d', 'csv', undefined, () => {})).rejects.toThrow('Dataset drift: 100.0 % of the columns drifted (AUTHOR, (text length)) in DATE from 2015-01-01 against DATE before 2015-01-01.');
    await saveGateCriteria('d', { noDrift: { reference: { items: { kind: 'all' }, labels: { kind: 'current' } }, current: { items: { kind: 'all' }, labels: { kind: 'current' } } } });
    await expect(exportDataset('d', 'csv', undefined, () => {})).resolves.toBeDefined();
  });
});
