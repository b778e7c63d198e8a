import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { buildSelection } from '../core/curation/selection';
import { Split } from '../core/types';
import { listCuratedSelections, readCuratedSelection, saveCuratedSelection } from './curated-selections';
import { useDatabase, type Dataset } from './db';
import { holdStores, settledWithin } from './test-hold';

const database = useDatabase('curated-selections-test');
const dataset = { id: 'ds', name: 'd', kind: 'text', status: 'ready', createdAt: 1, updatedAt: 1, itemCount: 5, chunkSize: 2, chunkCount: 3, classes: [], fields: [], files: [], mapping: { format: 'csv', textColumn: 't', idColumn: null, labelColumn: null, labelValues: {}, keepColumns: [] }, committedRows: 5, notices: [] } as unknown as Dataset;
const splits = Uint8Array.from([Split.train, Split.train, Split.dev, Split.train, Split.canary]);

describe('curated selections in the store', () => {
  it('stores weights and labels as chunked columns, lists and reads them back, audits the counts', async () => {
    await database.datasets.put(dataset);
    await database.columns.bulkPut([0, 1, 2].map((chunk) => ({ datasetId: 'ds', name: 'split', chunk, data: splits.slice(chunk * 2, chunk * 2 + 2) })));
    const probs = Float32Array.from([0.9, 0.1, 0.2, 0.8, 0.6, 0.4, 0.55, 0.45, 0.1, 0.9]);
    const selection = buildSelection({ n: 5, k: 2, probs, labels: Int16Array.from([-1, -1, 0, -1, 1]), splits }, { thresholds: [0.7, 0.7], balance: { target: 'uniform', by: 'weights' } });
    expect(await saveCuratedSelection(dataset, ' balanced ', selection)).toBe('balanced');
    expect(await listCuratedSelections('ds')).toEqual(['balanced']);
    const read = await readCuratedSelection(dataset, 'balanced');
    expect(Array.from(read.weight)).toEqual([1, 1, 0, 0, 0]);
    expect(Array.from(read.label)).toEqual([0, 1, -1, -1, -1]);
    expect((await database.columns.where('[datasetId+name]').equals(['ds', 'selection:balanced:weight']).count())).toBe(3);
    const entry = (await database.audit.toArray()).find((a) => a.action === 'save-selection');
    expect(entry?.detail).toMatchObject({ name: 'balanced', selected: 2, after: [1, 1] });
  });

  it('refuses a dev or canary item, a bad name and an unknown selection, leaving the store as it was', async () => {
    const weight = Float32Array.from([1, 0, 1, 0, 0]);
    const bad = { weight, label: Int16Array.from([0, -1, 0, -1, -1]), before: [1, 0], after: [2, 0], removed: { threshold: 0, duplicate: 0, balance: 0 }, devPrecision: [null, null] };
    await expect(saveCuratedSelection(dataset, 'leaky', bad)).rejects.toThrow('Item 2 is a dev item: a training selection holds pool items only.');
    await expect(saveCuratedSelection(dataset, 'a/b', bad)).rejects.toThrow('"a/b" cannot name a selection');
    expect(await listCuratedSelections('ds')).toEqual(['balanced']);
    await expect(readCuratedSelection(dataset, 'leaky')).rejects.toThrow('There is no selection named "leaky".');
  });

  it('a selection the store does not start saving in time fails with a specific error, and nothing of it is stored later', async () => {
    const holder = await holdStores('curated-selections-test', ['columns']);
    const weight = Float32Array.from([1, 1, 0, 0, 0]);
    const late = { weight, label: Int16Array.from([0, 1, -1, -1, -1]), before: [1, 1], after: [1, 1], removed: { threshold: 0, duplicate: 0, balance: 0 }, devPrecision: [null, null] };
    const outcome = await settledWithin(saveCuratedSelection(dataset, 'late', late, {}, 300), 5_000);
    // Without the deadline the save waits for as long as the other transaction runs.
    expect(outcome).toMatch(/^Saving selection "late" did not start: the browser's storage did not answer within 0.3 s .*Nothing was saved/);
    await holder.release();
    expect(await listCuratedSelections('ds')).toEqual(['balanced']);
    expect(await database.columns.where('[datasetId+name]').equals(['ds', 'selection:late:weight']).count()).toBe(0);
    expect(await saveCuratedSelection(dataset, 'late', late)).toBe('late');
  });
});
