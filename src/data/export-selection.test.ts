import 'fake-indexeddb/auto';
import Papa from 'papaparse';
import { parquetReadObjects } from 'hyparquet';
import { beforeEach, describe, expect, it } from 'vitest';
import { Split } from '../core/types';
import { saveCuratedSelection } from './curated-selections';
import { useDatabase, type Dataset } from './db';
import { exportDataset, type ExportFormat } from './export';

// A class named like a formula: the CSV must not hand it to a spreadsheet as one.
const base: Dataset = {
  id: 's', name: 'texts', kind: 'text', status: 'ready', createdAt: 0, updatedAt: 0, itemCount: 6, chunkSize: 4, chunkCount: 2,
  classes: [{ name: 'ham', key: '1', color: '#000' }, { name: '=spam', key: '2', color: '#fff' }] as Dataset['classes'],
  fields: [], files: [], mapping: { format: 'csv', textColumn: 'text', idColumn: null, labelColumn: null, labelValues: {}, keepColumns: [] }, committedRows: 6, notices: [],
};
let n = 0;

beforeEach(async () => {
  const database = useDatabase(`export-selection-${++n}`);
  await database.datasets.put(base);
  await database.chunks.bulkPut([
    { datasetId: 's', index: 0, start: 0, count: 4, ids: ['a', 'b', 'c', 'd'], text: ['one', '=HYPERLINK("x")', 'three', 'four'], fields: {}, hashes: new Uint32Array(4) },
    { datasetId: 's', index: 1, start: 4, count: 2, ids: ['e', 'f'], text: ['five', 'six'], fields: {}, hashes: new Uint32Array(2) },
  ]);
  await database.columns.bulkPut([
    { datasetId: 's', name: 'split', chunk: 0, data: Uint8Array.from([Split.train, Split.train, Split.dev, Split.train]) },
    { datasetId: 's', name: 'split', chunk: 1, data: Uint8Array.from([Split.train, Split.canary]) },
  ]);
  // Members b (=spam, weight 1.5), d (ham, 0.75) and e (no label, 1): a weight and label per member.
  const selection = {
    weight: Float32Array.from([0, 1.5, 0, 0.75, 1, 0]),
    label: Int16Array.from([-1, 1, -1, 0, -1, -1]),
    before: [2, 1], after: [1, 1], removed: { threshold: 1, duplicate: 0, balance: 0 }, devPrecision: [null, null],
  };
  await saveCuratedSelection(base, 'picked', selection, { method: 'curate', spec: { thresholds: [0.5, 0.5] } });
});

const exported = (format: ExportFormat, selection?: string) => exportDataset('s', format, undefined, () => undefined, undefined, { kind: 'label-model' }, selection);
const expected = [['b', 1.5, '=spam'], ['d', 0.75, 'ham'], ['e', 1, null]];

describe('exporting a selection', () => {
  it('CSV: only the members, each with its weight and label; formulas neutralised; the lineage names the selection and how it was built', async () => {
    const out = await exported('csv', 'picked');
    expect(out.fileName).toBe('texts-selection-picked.csv');
    expect(out.rows).toBe(3);
    const parsed = Papa.parse<Record<string, string>>(await out.blob.text(), { header: true, skipEmptyLines: true });
    expect(parsed.data.map((r) => [r.id, Number(r.selection_weight), r.selection_label || null])).toEqual(expected.map(([id, w, l]) => [id, w, l === '=spam' ? "'=spam" : l]));
    expect(parsed.data[0].text).toBe('\'=HYPERLINK("x")');
    expect(out.lineage.selection).toMatchObject({
      name: 'picked',
      columns: ['selection_weight', 'selection_label'],
      members: 3,
      total_weight: 3.25,
      per_class: { '=spam': { items: 1, weight: 1.5 }, ham: { items: 1, weight: 0.75 }, '(no label)': { items: 1, weight: 1 } },
      built: { method: 'curate', spec: { thresholds: [0.5, 0.5] } },
    });
  });

  it('JSONL and Parquet: typed weights, null for a member without a label', async () => {
    const records = (await (await exported('jsonl', 'picked')).blob.text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(records.map((r) => [r.id, r.selection_weight, r.selection_label])).toEqual(expected);
    const parquet = (await parquetReadObjects({ file: await (await exported('parquet', 'picked')).blob.arrayBuffer() })) as Record<string, unknown>[];
    expect(parquet.map((r) => [r.id, r.selection_weight, r.selection_label])).toEqual(expected);
  });

  it('without a selection nothing changes; an unknown selection or another format is refused', async () => {
    const all = await exported('csv');
    expect(all.rows).toBe(6);
    expect(all.lineage.selection).toBeUndefined();
    expect(Papa.parse<Record<string, string>>(await all.blob.text(), { header: true, skipEmptyLines: true }).meta.fields).not.toContain('selection_weight');
    await expect(exported('csv', 'nope')).rejects.toThrow('There is no selection named "nope".');
    await expect(exported('hf', 'picked')).rejects.toThrow('A selection exports as CSV, JSONL or Parquet, not as hf.');
  });
});
